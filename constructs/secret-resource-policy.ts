import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link SecretResourcePolicy}. */
export interface SecretResourcePolicyProps {
  /** ARN of the secret. */
  readonly secretArn: string;
  /** Address of the policy resource (`aws_secretsmanager_secret_policy.<logicalId>`), stable for the runbooks. */
  readonly logicalId: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A secret's resource policy (`block_public_policy` on, so no statement can open the secret to other
 * accounts): the statements added, then a guard that denies GetSecretValue to every principal that is
 * not one of the readers.
 */
export class SecretResourcePolicy extends Construct {
  /** The policy resource. */
  public readonly policy: SecretsmanagerSecretPolicy;
  private readonly document: DataAwsIamPolicyDocument;
  private readonly statements: DataAwsIamPolicyDocumentStatement[] = [];
  private readonly readers: string[] = [];
  private readonly policyAdministrators: string[] = [];

  constructor(scope: Construct, id: string, props: SecretResourcePolicyProps) {
    super(scope, id);
    this.document = new DataAwsIamPolicyDocument(this, "document", { provider: props.provider, statement: [] });
    this.policy = new SecretsmanagerSecretPolicy(this, "policy", {
      provider: props.provider,
      secretArn: props.secretArn,
      policy: this.document.json,
      blockPublicPolicy: true,
    });
    this.policy.overrideLogicalId(props.logicalId);
  }

  /** Adds a statement (before the readers' guard). */
  public addStatement(statement: DataAwsIamPolicyDocumentStatement): void {
    this.statements.push(statement);
    this.write();
  }

  /**
   * Lets only these principals (ARNs or patterns) change or delete this policy: without it, a principal
   * with `secretsmanager:*` could delete the policy first and then read the secret.
   */
  public addPolicyAdministrators(principalArns: readonly string[]): void {
    for (const arn of principalArns) if (!this.policyAdministrators.includes(arn)) this.policyAdministrators.push(arn);
    this.write();
  }

  /** Admits principals past the read guard: ARNs or ARN patterns matched against `aws:PrincipalArn`. */
  public addReaders(principalArns: readonly string[]): void {
    for (const arn of principalArns) if (!this.readers.includes(arn)) this.readers.push(arn);
    this.write();
  }

  private write(): void {
    const guard: DataAwsIamPolicyDocumentStatement[] =
      this.readers.length === 0
        ? []
        : [
            {
              // see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
              // (for a role session, aws:PrincipalArn is the role's ARN, path included, whatever the session
              // name). ArnNotLike: the readers may be patterns (IAM Identity Center roles end in a random suffix).
              sid: "DenyReadExceptAllowedRoles",
              effect: "Deny",
              principals: [{ type: "AWS", identifiers: ["*"] }],
              actions: ["secretsmanager:GetSecretValue"],
              resources: ["*"],
              condition: [{ test: "ArnNotLike", variable: "aws:PrincipalArn", values: [...this.readers] }],
            },
          ];
    const policyGuard: DataAwsIamPolicyDocumentStatement[] =
      this.policyAdministrators.length === 0
        ? []
        : [
            {
              sid: "DenyPolicyChangesExceptAdministrators",
              effect: "Deny",
              principals: [{ type: "AWS", identifiers: ["*"] }],
              actions: ["secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"],
              resources: ["*"],
              condition: [{ test: "ArnNotLike", variable: "aws:PrincipalArn", values: [...this.policyAdministrators] }],
            },
          ];
    // Replaces the document's statement list (a list of blocks: putStatement renders in HCL too).
    this.document.putStatement([...this.statements, ...guard, ...policyGuard]);
  }
}
