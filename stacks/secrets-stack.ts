import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { secretSlug } from "../catalog/secret-catalog";
import { ManagedSecret } from "../constructs/managed-secret";
import { OperationsKmsKey } from "../constructs/operations-kms-key";
import { PostgresRotationFunction } from "../constructs/rotation-function";
import { RotationNotifications } from "../constructs/rotation-notifications";
import { SecretRotationSchedule } from "../constructs/secret-rotation-schedule";
import { SecretValueInputs } from "../constructs/secret-value-inputs";
import { SecretsKmsKey } from "../constructs/secrets-kms-key";
import { configureStateBackend } from "../constructs/state-backend";
import type { ResolvedEnvironment } from "./environment-config";

/** Props of {@link SecretsStack}. */
export interface SecretsStackProps {
  /** The validated environment: account, region, catalog, backend, modes. */
  readonly environment: ResolvedEnvironment;
}

/** The name of an environment's secrets stack. */
export function secretsStackName(environmentName: string): string {
  return `secrets-${environmentName}`;
}

/** Tags every AWS resource of the stack carries, through the provider's default tags. */
export function defaultTagsOf(environment: ResolvedEnvironment): Record<string, string> {
  return {
    Project: "qualisys",
    Environment: environment.name,
    ManagedBy: "cdktf",
    Component: "secret-management",
  };
}

/**
 * `secrets-<env>`: the environment's secret store in AWS. A customer-managed KMS key and one
 * Secrets Manager secret per catalog entry, with its initial value built from Terraform
 * variables, generated values or operator placeholders; outputs of every ARN.
 */
export class SecretsStack extends TerraformStack {
  /** The key that encrypts every secret of the stack. */
  public readonly encryptionKey: SecretsKmsKey;
  /** The secrets, by name. */
  public readonly secrets: ReadonlyMap<string, ManagedSecret>;
  /** The key of the logs, queues, topics and function environment around the secrets. */
  public readonly operationsKey: OperationsKmsKey;
  /** The rotation function, when rotation is on and the catalog has a secret to rotate. */
  public readonly rotationFunction?: PostgresRotationFunction;
  /** The rotation schedules, by secret name. */
  public readonly rotations: ReadonlyMap<string, SecretRotationSchedule>;

  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id);
    const env = props.environment;

    new AwsProvider(this, "aws", {
      region: env.region,
      // A plan against any other account fails before it changes anything.
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: defaultTagsOf(env) }],
    });
    configureStateBackend(this, id, env.backend, env.region);

    const needsRandom = !env.writeOnlySecrets && env.catalog.some((definition) =>
      Object.values(definition.fields).some((source) => source.kind === "generated"),
    );
    // Write-only mode generates through the AWS provider instead, so the stack needs no other provider.
    const randomProvider = needsRandom ? new RandomProvider(this, "random") : undefined;

    this.encryptionKey = new SecretsKmsKey(this, "secrets-key", {
      accountId: env.accountId,
      region: env.region,
      partition: env.partition,
      dnsSuffix: env.dnsSuffix,
    });

    const inputs = new SecretValueInputs(this, "secret-inputs", {
      catalog: env.catalog,
      writeOnly: env.writeOnlySecrets,
      randomProvider,
    });

    const secrets = new Map<string, ManagedSecret>();
    for (const definition of env.catalog) {
      const secret = new ManagedSecret(this, secretSlug(definition.name), {
        definition,
        kmsKeyArn: this.encryptionKey.keyArn,
        value: inputs.valueOf(definition),
        recoveryWindowInDays: env.recoveryWindowInDays,
        writeOnly: env.writeOnlySecrets,
      });
      secrets.set(definition.name, secret);
      new TerraformOutput(this, `${secretSlug(definition.name)}_secret_arn`, {
        description: `ARN of the secret ${definition.name}`,
        value: secret.secretArn,
      });
    }
    this.secrets = secrets;

    const placement = { accountId: env.accountId, region: env.region, partition: env.partition, dnsSuffix: env.dnsSuffix };
    this.operationsKey = new OperationsKmsKey(this, "operations-key", placement);
    const rotations = new Map<string, SecretRotationSchedule>();
    const rotated = [...secrets.values()].filter((secret) => secret.definition.rotation.kind === "automatic");
    if (env.rotation && rotated.length > 0) {
      const rotation = env.rotation;
      const fn = new PostgresRotationFunction(this, "rotation-function", {
        functionName: `qualisys-${env.name}-secret-rotation`,
        placement,
        secrets: rotated,
        secretsKeyArn: this.encryptionKey.keyArn,
        operationsKeyArn: this.operationsKey.keyArn,
        network: rotation.network,
        masterSecretArn: rotation.strategy === "alternating-users" ? rotation.masterSecretArn : undefined,
        memorySize: rotation.memorySize,
        timeoutSeconds: rotation.timeoutSeconds,
        reservedConcurrency: rotation.reservedConcurrency,
        architecture: rotation.architecture,
        logRetentionInDays: rotation.logRetentionInDays,
        passwordLength: rotation.passwordLength,
        excludeCharacters: rotation.excludeCharacters,
        caBundlePath: rotation.caBundlePath,
      });
      this.rotationFunction = fn;
      for (const secret of rotated) {
        const policy = secret.definition.rotation;
        rotations.set(
          secret.secretName,
          new SecretRotationSchedule(this, `${secretSlug(secret.secretName)}-rotation`, {
            secret,
            rotationFunction: fn,
            accountId: env.accountId,
            automaticallyAfterDays: rotation.automaticallyAfterDays ?? (policy.kind === "automatic" ? policy.everyDays : 90),
            rotateImmediately: rotation.rotateImmediately,
            breakGlassRoleArn: env.breakGlassRoleArn,
          }),
        );
      }
      const notifications = new RotationNotifications(this, "rotation-notifications", {
        name: `qualisys-${env.name}-secret-rotation`,
        placement,
        operationsKeyArn: this.operationsKey.keyArn,
        secretNamePrefix: "qualisys/",
        rotationFunction: fn,
        emails: env.notificationEmails,
      });
      new TerraformOutput(this, "rotation_function_arn", { description: "ARN of the secret rotation function", value: fn.function.arn });
      new TerraformOutput(this, "rotation_notifications_topic_arn", {
        description: "ARN of the SNS topic told of every rotation outcome and rotation alarm",
        value: notifications.topic.arn,
      });
    }
    this.rotations = rotations;

    new TerraformOutput(this, "secret_arns", {
      description: "ARN of every secret of the environment, by secret name",
      value: Object.fromEntries([...secrets].map(([name, secret]) => [name, secret.secretArn])),
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
}
