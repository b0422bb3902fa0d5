import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { QualisysStack } from "./qualisys-stack";
import type { ResolvedEnvironment } from "../config/environment-config";
import type { AuditTrail } from "../constructs/audit-trail";
import type { InterfaceEndpoint } from "../constructs/interface-endpoint";
import type { ManagedSecret } from "../constructs/managed-secret";
import { OperationsKmsKey } from "../constructs/operations-kms-key";
import type { PostgresRotationFunction } from "../constructs/rotation-function";
import type { RotationFunctionNetwork } from "../constructs/rotation-function-network";
import type { SecretAccessControl } from "../constructs/secret-access-control";
import type { SecretRotationSchedule } from "../constructs/secret-rotation-schedule";
import { SecretsKmsKey } from "../constructs/secrets-kms-key";
import type { SecurityAlerts } from "../constructs/security-alerts";
import { configureStateBackend } from "../constructs/state-backend";
import { addCatalogSecrets, addReadAccess, addReadOutputs, granteeIn, grantReads } from "./catalog-secrets";
import { addAuditTrail, addSecurityAlerts } from "./secrets-stack-audit";
import { defaultTagsOf, placementOf } from "./secrets-stack-names";
import { addRotation } from "./secrets-stack-rotation";

export { defaultTagsOf, placementOf, secretsStackName, secretsStackResourceNames } from "./secrets-stack-names";

/** Props of {@link SecretsStack}. */
export interface SecretsStackProps {
  /** The validated environment: account, region, catalog, backend, modes. */
  readonly environment: ResolvedEnvironment;
}

/**
 * `secrets-<env>`: the environment's secret store in AWS. A customer-managed KMS key and one
 * Secrets Manager secret per catalog entry, with its initial value built from Terraform
 * variables, generated values or operator placeholders; outputs of every ARN.
 */
export class SecretsStack extends QualisysStack {
  /** The key that encrypts every secret of the stack. */
  public readonly encryptionKey: SecretsKmsKey;
  /** The secrets, by name. */
  public readonly secrets: ReadonlyMap<string, ManagedSecret>;
  /** The key of the logs, queues, topics and function environment around the secrets. */
  public readonly operationsKey: OperationsKmsKey;
  /** The rotation function, when rotation is on and the catalog has a secret to rotate. */
  public readonly rotationFunction?: PostgresRotationFunction;
  /** The rotation function's security group and rules, with the function. */
  public readonly rotationNetwork?: RotationFunctionNetwork;
  /** The Secrets Manager VPC endpoint, when the rotation settings ask for one. */
  public readonly secretsManagerEndpoint?: InterfaceEndpoint;
  /** The RDS API's VPC endpoint, when the function calls RDS and the rotation settings ask for one. */
  public readonly rdsApiEndpoint?: InterfaceEndpoint;
  /** The rotation schedules, by secret name. */
  public readonly rotations: ReadonlyMap<string, SecretRotationSchedule>;
  /** Read policies, roles and the secrets' resource-policy guards. */
  public readonly accessControl: SecretAccessControl;
  /** The audit trail, unless an organization trail records the account. */
  public readonly auditTrail?: AuditTrail;
  /** The security topic, alarm and change rule. */
  public readonly securityAlerts: SecurityAlerts;

  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id);
    const env = props.environment;
    const part = env.stackParts.find((p) => p.team === undefined)!;
    new AwsProvider(this, "aws", {
      region: env.region,
      // A plan against any other account fails before it changes anything.
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: defaultTagsOf(env) }],
    });
    configureStateBackend(this, id, env.backend, env.region);
    const placement = placementOf(env);
    this.encryptionKey = new SecretsKmsKey(this, "secrets-key", placement);
    this.secrets = addCatalogSecrets(this, env, part, this.encryptionKey.keyArn, placement);
    this.operationsKey = new OperationsKmsKey(this, "operations-key", placement);
    const rotation = addRotation(this, env, {
      placement,
      secrets: [...this.secrets.values()],
      secretsKeyArn: this.encryptionKey.keyArn,
      operationsKeyArn: this.operationsKey.keyArn,
    });
    this.rotationFunction = rotation?.function;
    this.rotationNetwork = rotation?.network;
    this.secretsManagerEndpoint = rotation?.secretsManagerEndpoint;
    this.rdsApiEndpoint = rotation?.rdsApiEndpoint;
    this.rotations = rotation?.schedules ?? new Map();

    this.accessControl = addReadAccess(this, env, part, placement);
    grantReads(env, this.secrets, (reader) => {
      if (reader.kind !== "rotation-function") return granteeIn(this.accessControl, reader, this.node.id);
      if (!this.rotationFunction)
        throw new Error(
          `${this.node.id}: the access model names the rotation function, which this stack does not have`,
        );
      return this.rotationFunction;
    });
    addReadOutputs(this, this.accessControl);

    this.auditTrail = addAuditTrail(this, env, placement);
    this.securityAlerts = addSecurityAlerts(this, env, {
      placement,
      operationsKeyArn: this.operationsKey.keyArn,
      keyArns: [
        this.encryptionKey.keyArn,
        this.operationsKey.keyArn,
        ...(this.auditTrail ? [this.auditTrail.key.arn] : []),
      ],
      auditTrail: this.auditTrail,
      rotationFunction: this.rotationFunction,
    });
    if (env.preventDestroy) this.preventDestroy();
    this.addOutputs();
  }

  /** The stack's own outputs: the security topic, every secret's ARN, the key. */
  private addOutputs(): void {
    new TerraformOutput(this, "security_topic_arn", {
      description: "ARN of the SNS topic told of denied secret reads and of changes to secrets and their policies",
      value: this.securityAlerts.topic.arn,
    });
    new TerraformOutput(this, "secret_arns", {
      description: "ARN of every secret of the environment, by secret name",
      value: Object.fromEntries([...this.secrets].map(([name, secret]) => [name, secret.secretArn])),
    });
    new TerraformOutput(this, "kms_key_arn", {
      description: "ARN of the customer-managed KMS key that encrypts the secrets",
      value: this.encryptionKey.keyArn,
    });
    new TerraformOutput(this, "kms_key_alias", {
      description: "Alias of the customer-managed KMS key that encrypts the secrets",
      value: this.encryptionKey.alias.name,
    });
  }

  /**
   * `prevent_destroy` on what cannot come back: the KMS keys (a scheduled deletion makes every value
   * they encrypt unreadable) and the secrets. Terraform then refuses any plan that would destroy them.
   * see: https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
   */
  private preventDestroy(): void {
    const keep = (resource: TerraformResource) => {
      resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
    };
    keep(this.encryptionKey.key);
    keep(this.operationsKey.key);
    if (this.auditTrail) keep(this.auditTrail.key);
    for (const secret of this.secrets.values()) keep(secret.secret);
  }
}
