import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { AccessGroup } from "../catalog/secret-catalog";
import { viaService, type KeyPlacement } from "./kms-key-policy";

/**
 * The ARN pattern of a secret from its name: Secrets Manager appends a hyphen and six random
 * characters, which `??????` matches exactly (a `*` would also match `<name>-other-secret`).
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html#auth-and-access_examples_wildcard
 */
export function secretArnPattern(placement: KeyPlacement, secretName: string): string {
  return `arn:${placement.partition}:secretsmanager:${placement.region}:${placement.accountId}:secret:${secretName}-??????`;
}

/** Props of {@link SecretReadPolicy}. */
export interface SecretReadPolicyProps {
  /** The access group the policy is for. */
  readonly accessGroup: AccessGroup;
  /** Name of the environment: the policy is `<env>-secrets-read-<group>`. */
  readonly environmentName: string;
  /** Account, region, partition. */
  readonly placement: KeyPlacement;
  /** Names of the secrets of the group's categories. */
  readonly secretNames: readonly string[];
  /** ARN of the key that encrypts the secrets. */
  readonly secretsKeyArn: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * `<env>-secrets-read-<group>`: a managed policy that reads the secrets of one access group and
 * nothing else: GetSecretValue and DescribeSecret on those secrets' ARNs, and kms:Decrypt on the
 * secrets key only through Secrets Manager of the region.
 */
export class SecretReadPolicy extends Construct {
  /** The managed policy. */
  public readonly policy: IamPolicy;
  /** Its statements, as given to the policy document. */
  public readonly statements: readonly DataAwsIamPolicyDocumentStatement[];

  constructor(scope: Construct, id: string, props: SecretReadPolicyProps) {
    super(scope, id);
    if (props.secretNames.length === 0) throw new Error(`access group ${props.accessGroup} has no secrets to read`);
    this.statements = [
      {
        // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html
        sid: "ReadTheGroupsSecrets",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: props.secretNames.map((name) => secretArnPattern(props.placement, name)),
      },
      {
        // Secrets Manager decrypts on the caller's behalf: the caller needs kms:Decrypt, through Secrets Manager only.
        // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz
        sid: "DecryptThroughSecretsManager",
        actions: ["kms:Decrypt"],
        resources: [props.secretsKeyArn],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [viaService("secretsmanager", props.placement)] }],
      },
    ];
    const document = new DataAwsIamPolicyDocument(this, "document", { provider: props.provider, statement: [...this.statements] });
    this.policy = new IamPolicy(this, "policy", {
      provider: props.provider,
      name: `${props.environmentName}-secrets-read-${props.accessGroup}`,
      description: `Reads the ${props.accessGroup} secrets of ${props.environmentName} (qualisys/*)`,
      policy: document.json,
    });
  }
}
