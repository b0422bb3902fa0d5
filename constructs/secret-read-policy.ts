import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { PolicyStatements, type ISecretGrantee } from "./secret-grantee";

/** Props of {@link SecretReadPolicy}. */
export interface SecretReadPolicyProps {
  /** The access group the policy is for. */
  readonly accessGroup: string;
  /** Name of the environment: the policy is `<env>-secrets-read-<group>`. */
  readonly environmentName: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * `<env>-secrets-read-<group>`: the managed policy of one access group, attached to the roles granted
 * the group. A secret grants the group with `ManagedSecret.grantRead(policy, ...)`, as aws-cdk grants
 * an IAM group: the statements land in this policy, and every role it is attached to becomes one of
 * the secret's readers. It reads what was granted and nothing else.
 */
export class SecretReadPolicy extends Construct implements ISecretGrantee {
  /** The managed policy. */
  public readonly policy: IamPolicy;
  /** The access group. */
  public readonly accessGroup: string;
  /** What the grants name it by. */
  public readonly granteeName: string;
  private readonly document: DataAwsIamPolicyDocument;
  private readonly statementList = new PolicyStatements();
  private readonly roleArns: string[] = [];

  constructor(scope: Construct, id: string, props: SecretReadPolicyProps) {
    super(scope, id);
    this.accessGroup = props.accessGroup;
    this.granteeName = `${props.environmentName}-secrets-read-${props.accessGroup}`;
    this.document = new DataAwsIamPolicyDocument(this, "document", { provider: props.provider, statement: [] });
    this.policy = new IamPolicy(this, "policy", {
      provider: props.provider,
      name: this.granteeName,
      description: `Reads the ${props.accessGroup} secrets of ${props.environmentName} (qualisys/*)`,
      policy: this.document.json,
    });
    // A managed policy must hold a statement: one without grants is a mistake in the stack.
    this.node.addValidation({
      validate: () => (this.statementList.toArray().length === 0 ? [`${this.granteeName} was granted no secret`] : []),
    });
  }

  /** The ARNs of the roles the policy is attached to: the principals a secret's resource policy admits. */
  public get principalArns(): readonly string[] {
    return [...this.roleArns];
  }

  /** The statements granted so far. */
  public get statements(): readonly DataAwsIamPolicyDocumentStatement[] {
    return this.statementList.toArray();
  }

  /** Records a role the policy is attached to (the attachment is the role's). */
  public addPrincipal(roleArn: string): void {
    this.roleArns.push(roleArn);
  }

  public addToPrincipalPolicy(statement: DataAwsIamPolicyDocumentStatement): boolean {
    // A secret's ARN pattern becomes its category's prefix, `...:secret:qualisys/<category>/*`: the group
    // reads its categories by name (the catalog enforces `qualisys/{category}/{name}`), so the policy's
    // size does not grow with the catalog (a managed policy holds 6,144 characters, about 60 secret ARNs).
    // A secret made in the category outside this stack is then readable by the group too unless its
    // resource policy says otherwise; every secret of the catalog has one that names its readers.
    this.statementList.add({ ...statement, resources: statement.resources?.map(categoryPrefixOf) });
    this.document.putStatement(this.statementList.toArray());
    return true;
  }
}

/** `arn:...:secret:qualisys/<category>/<name>-??????` → `arn:...:secret:qualisys/<category>/*`; anything else as it is. */
export function categoryPrefixOf(resource: string): string {
  const match = /^(arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:qualisys\/[a-z0-9-]+\/)[^*]+-\?{6}$/.exec(resource);
  return match ? `${match[1]}*` : resource;
}
