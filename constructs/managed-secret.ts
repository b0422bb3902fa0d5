import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { categoryOf, rotationLabel, secretSlug, type SecretDefinition } from "../catalog/secret-catalog";
import { isRecoveryWindow, RECOVERY_WINDOW_EXPECTED } from "../config/field-checks";
import { viaService } from "./kms-key-policy";
import type { Placement } from "../config/placement";
import type { ISecretGrantee } from "./secret-grantee";
import { SecretResourcePolicy } from "./secret-resource-policy";

/** Props of {@link ManagedSecret}. */
export interface ManagedSecretProps {
  /** The catalog entry: name, description, fields, rotation. */
  readonly definition: SecretDefinition;
  /** ARN of the customer-managed KMS key that encrypts the secret. */
  readonly kmsKeyArn: string;
  /** The access group whose read policy covers the secret's category (the `AccessGroup` tag). */
  readonly accessGroup: string;
  /** Account, region and partition of the secret: its ARN pattern and the key's `kms:ViaService`. */
  readonly placement: Placement;
  /**
   * The initial value: field name to a Terraform expression, with exactly the catalog's fields.
   * Written once; afterwards operators and the rotation function own the value.
   */
  readonly value: Readonly<Record<string, unknown>>;
  /**
   * Days a deleted secret stays recoverable: 0 or 7 to 30.
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * Write the value through `secret_string_wo` (never stored in state). Needs Terraform 1.11.
   * @default false
   */
  readonly writeOnly?: boolean;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Version of the write-only value. Terraform writes `secret_string_wo` only when this changes;
 * the value is written once at creation, and re-seeded on purpose with `terraform apply -replace`.
 */
export const WRITE_ONLY_VERSION = 1;

/**
 * One Secrets Manager secret of the catalog, encrypted with the given key and tagged with its
 * category, access group and rotation policy, plus its initial version. The version ignores
 * later changes to the value and its stages, so `terraform apply` never reverts what an operator
 * or the rotation function wrote (terraform-aws-modules/secrets-manager does the same).
 */
export class ManagedSecret extends Construct {
  /** The secret resource. */
  public readonly secret: SecretsmanagerSecret;
  /** The initial version resource. */
  public readonly version: SecretsmanagerSecretVersion;
  /** Full name, `qualisys/{category}/{name}`. */
  public readonly secretName: string;
  /** ARN of the secret (with the six-character suffix Secrets Manager appends). */
  public readonly secretArn: string;
  /** The catalog entry. */
  public readonly definition: SecretDefinition;
  /** Who was granted read access, and why, in the order granted. */
  public get readers(): readonly SecretReader[] {
    return [...this.grantedReaders];
  }
  private readonly provider?: TerraformProvider;
  private readonly placement: Placement;
  private readonly kmsKeyArn: string;
  private readonly grantedReaders: SecretReader[] = [];
  private policy?: SecretResourcePolicy;

  constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(scope, id);
    const { definition } = props;
    const expected = Object.keys(definition.fields).sort();
    const given = Object.keys(props.value).sort();
    if (expected.join() !== given.join()) {
      throw new Error(
        `${this.node.path}: ${definition.name}: value must have exactly the fields ${expected.join(", ")}, got ${given.join(", ")}`,
      );
    }
    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    if (!isRecoveryWindow(recoveryWindowInDays)) {
      throw new Error(
        `${this.node.path}: recoveryWindowInDays must be ${RECOVERY_WINDOW_EXPECTED}, got ${recoveryWindowInDays}`,
      );
    }
    const category = categoryOf(definition.name);
    const slug = secretSlug(definition.name);
    this.secretName = definition.name;
    this.definition = definition;
    this.provider = props.provider;
    this.placement = props.placement;
    this.kmsKeyArn = props.kmsKeyArn;

    this.secret = new SecretsmanagerSecret(this, "secret", {
      provider: props.provider,
      name: definition.name,
      description: definition.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays,
      tags: {
        Category: category,
        AccessGroup: props.accessGroup,
        Rotation: rotationLabel(definition.rotation),
      },
    });
    // Readable, stable addresses: `aws_secretsmanager_secret.llm_openai`, used by the runbooks.
    this.secret.overrideLogicalId(slug);
    this.secretArn = this.secret.arn;

    const secretString = Fn.jsonencode(props.value);
    this.version = new SecretsmanagerSecretVersion(this, "version", {
      provider: props.provider,
      secretId: this.secret.id,
      ...(props.writeOnly
        ? { secretStringWo: secretString, secretStringWoVersion: WRITE_ONLY_VERSION }
        : { secretString }),
      lifecycle: { ignoreChanges: ["secret_string", "version_stages"] },
    });
    this.version.overrideLogicalId(slug);
  }

  /**
   * The ARN pattern of the secret: Secrets Manager appends a hyphen and six random characters, which
   * `??????` matches exactly (a `*` would also match `<name>-other-secret`). An identity policy that
   * names the pattern needs no reference to the secret resource.
   * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html#auth-and-access_examples_wildcard
   */
  public get arnPattern(): string {
    const { partition, region, accountId } = this.placement;
    return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${this.secretName}-??????`;
  }

  /**
   * Lets the grantee read the secret, as aws-cdk's `Secret.grantRead`, on both sides: the grantee's
   * identity policy (when it is this stack's) gets GetSecretValue and DescribeSecret on the secret and
   * kms:Decrypt on its key through Secrets Manager; the secret's resource policy, which denies
   * GetSecretValue to every principal not granted here, admits the grantee's principals.
   * (aws-cdk writes the resource side only across accounts; here every secret's policy denies all
   * but its readers, so both sides are always written.) The only way a reader is added.
   */
  public grantRead(grantee: ISecretGrantee, reason: string): void {
    if (reason.trim() === "")
      throw new Error(`${this.node.path}: ${this.secretName}: grantRead(${grantee.granteeName}) needs a reason`);
    if (grantee.principalArns.length === 0)
      throw new Error(`${this.node.path}: ${this.secretName}: grantee ${grantee.granteeName} has no principals`);
    // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html
    grantee.addToPrincipalPolicy({
      sid: "ReadSecrets",
      actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      resources: [this.arnPattern],
    });
    // Secrets Manager decrypts on the caller's behalf: the caller needs kms:Decrypt, through Secrets Manager
    // only. (Secrets Manager decrypts for the secret the caller may GetSecretValue, so a condition on the
    // encryption context would add nothing here; aws-cdk's grantRead does the same.)
    // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz
    grantee.addToPrincipalPolicy({
      sid: "DecryptSecretsThroughSecretsManager",
      actions: ["kms:Decrypt"],
      resources: [this.kmsKeyArn],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: [viaService("secretsmanager", this.placement)] },
      ],
    });
    this.grantedReaders.push({ grantee, reason });
    this.resourcePolicy().addReaders(grantee.principalArns);
  }

  /**
   * Adds a statement to the secret's resource policy, created with the first statement or grant
   * (`block_public_policy` on, so no statement can open the secret to other accounts).
   */
  public addToResourcePolicy(statement: DataAwsIamPolicyDocumentStatement): void {
    this.resourcePolicy().addStatement(statement);
  }

  /**
   * Lets only these principals (ARNs or patterns: whoever runs Terraform, break glass) change or delete
   * the secret's resource policy, so that nobody else can remove the read guard before reading.
   */
  public restrictPolicyChanges(principalArns: readonly string[]): void {
    this.resourcePolicy().addPolicyAdministrators(principalArns);
  }

  private resourcePolicy(): SecretResourcePolicy {
    // Readable, stable address: `aws_secretsmanager_secret_policy.llm_openai`, like the secret's.
    this.policy ??= new SecretResourcePolicy(this, "resource-policy", {
      secretArn: this.secretArn,
      logicalId: secretSlug(this.secretName),
      provider: this.provider,
    });
    return this.policy;
  }
}

/** A grant recorded on a secret. */
export interface SecretReader {
  /** Who reads. */
  readonly grantee: ISecretGrantee;
  /** Why. */
  readonly reason: string;
}
