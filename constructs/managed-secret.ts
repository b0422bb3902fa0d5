import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  accessGroupOf,
  categoryOf,
  rotationLabel,
  secretSlug,
  type SecretDefinition,
} from "../catalog/secret-catalog";

/** Props of {@link ManagedSecret}. */
export interface ManagedSecretProps {
  /** The catalog entry: name, description, fields, rotation. */
  readonly definition: SecretDefinition;
  /** ARN of the customer-managed KMS key that encrypts the secret. */
  readonly kmsKeyArn: string;
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

/** What Secrets Manager accepts as a recovery window. */
export const RECOVERY_WINDOW_EXPECTED = "0 (delete without recovery) or a whole number of days from 7 to 30";

/**
 * Whether Secrets Manager accepts `days` as a recovery window.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
 */
export function isRecoveryWindow(days: unknown): boolean {
  return days === 0 || (Number.isInteger(days) && (days as number) >= 7 && (days as number) <= 30);
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
  private readonly provider?: TerraformProvider;
  private readonly policyStatements: DataAwsIamPolicyDocumentStatement[] = [];
  private policyDocument?: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(scope, id);
    const { definition } = props;
    const expected = Object.keys(definition.fields).sort();
    const given = Object.keys(props.value).sort();
    if (expected.join() !== given.join()) {
      throw new Error(`${definition.name}: value must have exactly the fields ${expected.join(", ")}, got ${given.join(", ")}`);
    }
    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    if (!isRecoveryWindow(recoveryWindowInDays)) {
      throw new Error(`recoveryWindowInDays must be ${RECOVERY_WINDOW_EXPECTED}, got ${recoveryWindowInDays}`);
    }
    const category = categoryOf(definition.name);
    const slug = secretSlug(definition.name);
    this.secretName = definition.name;
    this.definition = definition;
    this.provider = props.provider;

    this.secret = new SecretsmanagerSecret(this, "secret", {
      provider: props.provider,
      name: definition.name,
      description: definition.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays,
      tags: {
        Category: category,
        AccessGroup: accessGroupOf(category),
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
   * Adds a statement to the secret's resource policy, created with the first statement
   * (`block_public_policy` on, so no statement can open the secret to other accounts).
   */
  public addToResourcePolicy(statement: DataAwsIamPolicyDocumentStatement): void {
    this.policyStatements.push(statement);
    if (this.policyDocument) {
      // Replaces the document's statement list: statements added later (rotation, access control) land in it.
      this.policyDocument.putStatement([...this.policyStatements]);
      return;
    }
    this.policyDocument = new DataAwsIamPolicyDocument(this, "resource-policy-document", {
      provider: this.provider,
      statement: [...this.policyStatements],
    });
    const resourcePolicy = new SecretsmanagerSecretPolicy(this, "resource-policy", {
      provider: this.provider,
      secretArn: this.secretArn,
      policy: this.policyDocument.json,
      blockPublicPolicy: true,
    });
    resourcePolicy.overrideLogicalId(secretSlug(this.secretName));
  }
}
