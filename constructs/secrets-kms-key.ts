import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { keyAdministrationStatement, useThroughServicesStatement, viaService } from "./kms-key-policy";
import type { Placement } from "../config/placement";

export { KEY_ADMIN_ACTIONS } from "./kms-key-policy";

/** Props of {@link SecretsKmsKey}: the account and region (its root administers the key, its principals use it through Secrets Manager of the region). */
export interface SecretsKmsKeyProps extends Placement {
  /**
   * Alias of the key.
   * @default "alias/qualisys/secrets"
   */
  readonly aliasName?: string;
  /**
   * Days between scheduling deletion and deletion (7 to 30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Description of the key.
   * @default "Encrypts the Qualisys secrets in Secrets Manager"
   */
  readonly description?: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** The alias of the key that encrypts the secrets, unless a stack names another. */
export const DEFAULT_SECRETS_KEY_ALIAS = "alias/qualisys/secrets";

/**
 * What Secrets Manager needs of the key on behalf of a caller: a data key for every new
 * secret value, and decryption of it when the value is read.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz
 */
export const SECRETS_MANAGER_KEY_USE_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

/**
 * A customer-managed KMS key for the environment's secrets, with yearly automatic rotation,
 * an alias and an explicit key policy: the account root administers the key, and principals of
 * the account may use it only through Secrets Manager in this region.
 */
export class SecretsKmsKey extends Construct {
  /** The key resource. */
  public readonly key: KmsKey;
  /** The alias resource. */
  public readonly alias: KmsAlias;
  /** ARN of the key. */
  public readonly keyArn: string;
  /** Name of the alias (`alias/...`). */
  public readonly aliasName: string;
  /** The `kms:ViaService` value for Secrets Manager in the key's region. */
  public readonly secretsManagerService: string;

  constructor(scope: Construct, id: string, props: SecretsKmsKeyProps) {
    super(scope, id);
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(deletionWindowInDays) || deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new Error(
        `${this.node.path}: deletionWindowInDays must be a whole number from 7 to 30, got ${deletionWindowInDays}`,
      );
    }
    this.aliasName = props.aliasName ?? DEFAULT_SECRETS_KEY_ALIAS;
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(this.aliasName) || this.aliasName.startsWith("alias/aws/")) {
      throw new Error(
        `${this.node.path}: aliasName must match alias/[a-zA-Z0-9/_-]+ and not start with alias/aws/, got "${this.aliasName}"`,
      );
    }
    this.secretsManagerService = viaService("secretsmanager", props);

    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      provider: props.provider,
      statement: [
        keyAdministrationStatement(props),
        useThroughServicesStatement(
          "AccountPrincipalsUseKeyOnlyThroughSecretsManager",
          props,
          ["secretsmanager"],
          SECRETS_MANAGER_KEY_USE_ACTIONS,
        ),
      ],
    });

    this.key = new KmsKey(this, "key", {
      provider: props.provider,
      description: props.description ?? "Encrypts the Qualisys secrets in Secrets Manager",
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: policy.json,
    });
    this.keyArn = this.key.arn;

    this.alias = new KmsAlias(this, "alias", {
      provider: props.provider,
      name: this.aliasName,
      targetKeyId: this.key.keyId,
    });
  }
}
