import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link SecretsKmsKey}. */
export interface SecretsKmsKeyProps {
  /** Account that owns the key: its root administers the key, its principals may use it through Secrets Manager. */
  readonly accountId: string;
  /** Region of the key and of the Secrets Manager endpoint allowed to use it. */
  readonly region: string;
  /** ARN partition of the region (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** DNS suffix of the region's endpoints, for `kms:ViaService` (`amazonaws.com`, `amazonaws.com.cn`). */
  readonly dnsSuffix: string;
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

/**
 * Key administration actions granted to the account root (and so, through IAM, to the
 * account's administrators). Listed one by one: no `kms:*`, and no use of the key.
 * see: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
] as const;

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
      throw new Error(`deletionWindowInDays must be a whole number from 7 to 30, got ${deletionWindowInDays}`);
    }
    this.aliasName = props.aliasName ?? "alias/qualisys/secrets";
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(this.aliasName) || this.aliasName.startsWith("alias/aws/")) {
      throw new Error(`aliasName must match alias/[a-zA-Z0-9/_-]+ and not start with alias/aws/, got "${this.aliasName}"`);
    }
    this.secretsManagerService = `secretsmanager.${props.region}.${props.dnsSuffix}`;
    const accountRoot = `arn:${props.partition}:iam::${props.accountId}:root`;

    // In a key policy, Resource "*" means "this key".
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      provider: props.provider,
      statement: [
        {
          sid: "AccountRootAdministersKey",
          principals: [{ type: "AWS", identifiers: [accountRoot] }],
          actions: [...KEY_ADMIN_ACTIONS],
          resources: ["*"],
        },
        {
          sid: "AccountPrincipalsUseKeyOnlyThroughSecretsManager",
          // The root principal delegates to IAM: a caller also needs an identity policy allowing these actions.
          principals: [{ type: "AWS", identifiers: [accountRoot] }],
          actions: [...SECRETS_MANAGER_KEY_USE_ACTIONS],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "kms:ViaService", values: [this.secretsManagerService] },
            { test: "StringEquals", variable: "kms:CallerAccount", values: [props.accountId] },
          ],
        },
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
