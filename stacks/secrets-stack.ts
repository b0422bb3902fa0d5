import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { QualisysStack } from "./qualisys-stack";
import { secretSlug } from "../catalog/secret-catalog";
import { groupOfSecret } from "../config/access-groups";
import { rotationFunctionName, type ReaderPrincipal } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import { needsRdsApi, type ResolvedRotation } from "../config/rotation-settings";
import { AuditBucketGuard } from "../constructs/audit-bucket-guard";
import { AuditTrail } from "../constructs/audit-trail";
import type { Placement } from "../config/placement";
import { ManagedSecret } from "../constructs/managed-secret";
import { movedFrom, removedWithoutDestroying } from "../constructs/moved-from";
import { OperationsKmsKey } from "../constructs/operations-kms-key";
import { PostgresRotationFunction } from "../constructs/rotation-function";
import { RotationFunctionNetwork } from "../constructs/rotation-function-network";
import { RotationNotifications } from "../constructs/rotation-notifications";
import { SecretAccessControl } from "../constructs/secret-access-control";
import { SecretGrantee, type ISecretGrantee } from "../constructs/secret-grantee";
import { SecretRotationSchedule } from "../constructs/secret-rotation-schedule";
import { SecretValueInputs } from "../constructs/secret-value-inputs";
import { SecretsKmsKey } from "../constructs/secrets-kms-key";
import { InterfaceEndpoint } from "../constructs/interface-endpoint";
import { SecurityAlerts } from "../constructs/security-alerts";
import { TamperingAlerts } from "../constructs/tampering-alerts";
import { AccessPathAlerts, IAM_EVENTS_REGION } from "../constructs/access-path-alerts";
import { SilencingAlerts } from "../constructs/silencing-alerts";
import { configureStateBackend } from "../constructs/state-backend";

/** Props of {@link SecretsStack}. */
export interface SecretsStackProps {
  /** The validated environment: account, region, catalog, backend, modes. */
  readonly environment: ResolvedEnvironment;
}

/** The name of an environment's secrets stack. */
export function secretsStackName(environmentName: string): string {
  return `secrets-${environmentName}`;
}

/** Names of what the secrets stack creates that operators and `npm run verify` look up. */
export function secretsStackResourceNames(environmentName: string): {
  readonly trail: string;
  readonly security: string;
  readonly rotationFunction: string;
} {
  return {
    trail: `qualisys-${environmentName}`,
    security: `qualisys-${environmentName}-security`,
    rotationFunction: rotationFunctionName(environmentName),
  };
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

    new AwsProvider(this, "aws", {
      region: env.region,
      // A plan against any other account fails before it changes anything.
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: defaultTagsOf(env) }],
    });
    configureStateBackend(this, id, env.backend, env.region);

    const needsRandom =
      !env.writeOnlySecrets &&
      env.catalog.some((definition) => Object.values(definition.fields).some((source) => source.kind === "generated"));
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

    const placement: Placement = {
      accountId: env.accountId,
      region: env.region,
      partition: env.partition,
      dnsSuffix: env.dnsSuffix,
    };
    const secrets = new Map<string, ManagedSecret>();
    for (const definition of env.catalog) {
      const secret = new ManagedSecret(this, secretSlug(definition.name), {
        definition,
        kmsKeyArn: this.encryptionKey.keyArn,
        accessGroup: groupOfSecret(env.access.groups, definition.name)!.name,
        placement,
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

    this.operationsKey = new OperationsKmsKey(this, "operations-key", placement);
    const rotations = new Map<string, SecretRotationSchedule>();
    const rotated = [...secrets.values()].filter((secret) => secret.definition.rotation.kind === "automatic");
    if (env.rotation && rotated.length > 0) {
      const rotation = env.rotation;
      const functionName = rotationFunctionName(env.name);
      const network = rotation.network;
      const rdsApi = needsRdsApi(rotation);
      // HTTPS stays inside the VPC only when every API the function calls has an endpoint there.
      const throughVpcEndpoints =
        network.secretsManagerEndpoint !== "none" && (!rdsApi || network.rdsApiEndpoint !== "none");
      this.rotationNetwork = new RotationFunctionNetwork(this, "rotation-network", {
        functionName,
        network,
        throughVpcEndpoints,
      });
      const endpointOf = (service: string, id: string) =>
        new InterfaceEndpoint(this, id, {
          service,
          name: functionName,
          region: env.region,
          vpcId: network.vpcId,
          subnetIds: network.subnetIds,
          vpcCidr: network.vpcCidr,
        });
      if (network.secretsManagerEndpoint === "create")
        this.secretsManagerEndpoint = endpointOf("secretsmanager", "secrets-manager-endpoint");
      if (rdsApi && network.rdsApiEndpoint === "create") this.rdsApiEndpoint = endpointOf("rds", "rds-api-endpoint");
      this.moveFromTheRotationFunctionConstruct();
      const fn = new PostgresRotationFunction(this, "rotation-function", {
        ...functionOptions(rotation),
        functionName,
        placement,
        secrets: rotated,
        secretsKeyArn: this.encryptionKey.keyArn,
        operationsKeyArn: this.operationsKey.keyArn,
        subnetIds: this.rotationNetwork.subnetIds,
        securityGroupIds: this.rotationNetwork.securityGroupIds,
        masterSecretArn: rotation.strategy === "alternating-users" ? rotation.masterSecretArn : undefined,
        masterSecretKmsKeyArn: rotation.strategy === "alternating-users" ? rotation.masterSecretKmsKeyArn : undefined,
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
            automaticallyAfterDays:
              rotation.automaticallyAfterDays ?? (policy.kind === "automatic" ? policy.everyDays : 90),
            rotateImmediately: rotation.rotateImmediately,
            firstRunNeeds: [
              this.rotationNetwork.egressDatabase,
              this.rotationNetwork.egressSecretsManager,
              ...(this.rotationNetwork.databaseIngress ? [this.rotationNetwork.databaseIngress] : []),
              ...[this.secretsManagerEndpoint, this.rdsApiEndpoint].flatMap((e) => (e ? [e.endpoint, e.ingress] : [])),
            ],
            breakGlassPrincipals: env.access.breakGlassPrincipals.map((p) => p.arnPattern),
            valueWriters: [...env.access.terraformPrincipals, ...env.access.breakGlassPrincipals].map(
              (p) => p.arnPattern,
            ),
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
      new TerraformOutput(this, "rotation_function_arn", {
        description: "ARN of the secret rotation function",
        value: fn.function.arn,
      });
      new TerraformOutput(this, "rotation_notifications_topic_arn", {
        description: "ARN of the SNS topic told of every rotation outcome and rotation alarm",
        value: notifications.topic.arn,
      });
    }
    this.rotations = rotations;

    this.accessControl = new SecretAccessControl(this, "access-control", {
      environmentName: env.name,
      placement,
      // A read policy for each group that has secrets and roles to read them: the grants below fill it.
      accessGroups: env.access.groups
        .map((group) => group.name)
        .filter(
          (group) =>
            env.catalog.some((d) => groupOfSecret(env.access.groups, d.name)?.name === group) &&
            env.access.roles.some((role) => role.accessGroups.includes(group)),
        ),
      roles: env.access.roles,
      rolePath: env.access.readerRolePath,
      eksOidcIssuer: env.access.eksOidcIssuer,
    });
    // Every reader of every secret, from the environment's access model: both policy sides at once.
    for (const grant of env.accessModel.grants) {
      secrets.get(grant.secretName)!.grantRead(this.granteeOf(grant.reader), grant.reason);
    }
    // Only whoever runs Terraform (it writes the policies) and break glass may change them.
    const policyAdministrators = [...env.access.terraformPrincipals, ...env.access.breakGlassPrincipals].map(
      (p) => p.arnPattern,
    );
    for (const secret of secrets.values()) secret.restrictPolicyChanges(policyAdministrators);
    new TerraformOutput(this, "read_policy_arns", {
      description: "ARN of each access group's read policy, by access group",
      value: Object.fromEntries(
        [...this.accessControl.readPolicies].map(([group, policy]) => [group, policy.policy.arn]),
      ),
    });
    new TerraformOutput(this, "access_role_arns", {
      description: "ARN of each role that reads secrets, by role name",
      value: Object.fromEntries([...this.accessControl.roles].map(([name, role]) => [name, role.role.arn])),
    });

    const names = secretsStackResourceNames(env.name);
    if (env.audit.trail === "create") {
      this.auditTrail = new AuditTrail(this, "audit-trail", {
        name: names.trail,
        placement,
        logRetentionInDays: env.audit.logRetentionInDays,
        transitionToGlacierAfterDays: env.audit.transitionToGlacierAfterDays,
        expireAfterDays: env.audit.expireAfterDays,
        forceDestroy: env.allowTeardown,
      });
      new AuditBucketGuard(this, "audit-bucket-guard", {
        name: `qualisys-${env.name}`,
        bucket: this.auditTrail.bucket,
        versioning: this.auditTrail.versioning,
        placement,
        kmsKeyArn: this.auditTrail.key.arn,
        mode: env.audit.objectLock.mode,
        retentionDays: env.audit.objectLock.retentionDays,
        accessLogRetentionDays: env.audit.logRetentionInDays,
        teardown: env.allowTeardown,
      });
      new TerraformOutput(this, "audit_trail_arn", {
        description: "ARN of the audit trail",
        value: this.auditTrail.trail.arn,
      });
      new TerraformOutput(this, "audit_bucket_name", {
        description: "Bucket of the audit trail's log files",
        value: this.auditTrail.bucket.bucket,
      });
    }
    this.securityAlerts = this.addSecurityAlerts(env, placement);
    new TerraformOutput(this, "security_topic_arn", {
      description: "ARN of the SNS topic told of denied secret reads and of changes to secrets and their policies",
      value: this.securityAlerts.topic.arn,
    });

    if (env.preventDestroy) this.preventDestroy();

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

  /**
   * The security topic and every alert on it: denied calls, secret changes (not the rotation function's
   * own writes), tampering with keys, trail and function, the ways to become a reader, and switching the
   * alerting off.
   */
  private addSecurityAlerts(env: ResolvedEnvironment, placement: Placement): SecurityAlerts {
    const names = secretsStackResourceNames(env.name);
    const securityAlerts = new SecurityAlerts(this, "security-alerts", {
      name: names.security,
      placement,
      kmsKeyArn: this.operationsKey.keyArn,
      secretNamePrefix: "qualisys/",
      // This stack's trail delivers to a log group of the account; an organization trail's log group is elsewhere.
      deniedCalls: this.auditTrail
        ? { kind: "trail-log-group", logGroupName: this.auditTrail.logGroup.name }
        : { kind: "eventbridge" },
      emails: env.audit.securityNotificationEmails,
      rotationRoleName: this.rotationFunction ? rotationFunctionName(env.name) : undefined,
    });
    new TamperingAlerts(this, "tampering-alerts", {
      name: names.security,
      topicArn: securityAlerts.topic.arn,
      keyArns: [
        this.encryptionKey.keyArn,
        this.operationsKey.keyArn,
        ...(this.auditTrail ? [this.auditTrail.key.arn] : []),
      ],
      rotationFunctionName: this.rotationFunction ? rotationFunctionName(env.name) : undefined,
      rotationRoleArn: this.rotationFunction?.role.arn,
    });
    const rolesWithPaths = env.access.terraformPrincipals.flatMap((p) =>
      p.arnPattern.includes("*") || p.arnPattern.includes("?") ? [] : [p.arnPattern.split("/").pop()!],
    );
    new AccessPathAlerts(this, "access-path-alerts", {
      name: names.security,
      topicArn: securityAlerts.topic.arn,
      placement,
      roleNames: [
        ...env.access.roles.map((r) => r.name),
        ...(this.rotationFunction ? [rotationFunctionName(env.name)] : []),
        ...rolesWithPaths,
      ],
      clusterName: env.kubernetes?.clusterName,
      iamEventsProvider:
        env.region === IAM_EVENTS_REGION
          ? undefined
          : new AwsProvider(this, "aws-iam-events", {
              alias: "iam_events",
              region: IAM_EVENTS_REGION,
              allowedAccountIds: [env.accountId],
              defaultTags: [{ tags: defaultTagsOf(env) }],
            }),
    });
    new SilencingAlerts(this, "silencing-alerts", {
      name: names.security,
      topicArn: securityAlerts.topic.arn,
      resourcePrefix: `qualisys-${env.name}-`,
      placement,
      logGroupNames: [
        ...(this.auditTrail ? [this.auditTrail.logGroup.name] : []),
        ...(this.rotationFunction ? [this.rotationFunction.logGroup.name] : []),
      ],
    });
    return securityAlerts;
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

  /** The construct that stands for a reader of the access model. */
  private granteeOf(reader: ReaderPrincipal): ISecretGrantee {
    switch (reader.kind) {
      case "access-group": {
        const policy = this.accessControl.readPolicies.get(reader.group);
        if (!policy) throw new Error(`access group ${reader.group} has no read policy in ${this.node.id}`);
        return policy;
      }
      case "role": {
        const role = this.accessControl.roles.get(reader.roleName);
        if (!role)
          throw new Error(`the access model names the role ${reader.roleName}, which ${this.node.id} does not have`);
        return role;
      }
      case "rotation-function":
        if (!this.rotationFunction)
          throw new Error(`the access model names the rotation function, which ${this.node.id} does not have`);
        return this.rotationFunction;
      case "principal":
        return SecretGrantee.fromPrincipalArn(reader.name, reader.arnPattern);
    }
  }

  /**
   * The function's network and endpoint were part of its construct until the split into one construct
   * per job; `moved` blocks carry a deployed environment's state over to the new addresses.
   */
  private moveFromTheRotationFunctionConstruct(): void {
    const network = this.rotationNetwork!;
    movedFrom(network.securityGroup, "rotation-function", "security-group");
    movedFrom(network.egressDatabase, "rotation-function", "egress-database");
    movedFrom(network.egressSecretsManager, "rotation-function", "egress-secrets-manager");
    if (network.databaseIngress) movedFrom(network.databaseIngress, "rotation-function", "database-ingress");
    // The database stack's client group admits the function now: the rule this stack added before is left
    // in AWS (out of this stack's state) for the database stack to import or delete.
    else
      removedWithoutDestroying(this, "aws_vpc_security_group_ingress_rule", [
        ["rotation-network", "database-ingress"],
        ["rotation-function", "database-ingress"],
      ]);
    const endpoint = this.secretsManagerEndpoint;
    if (endpoint) {
      movedFrom(endpoint.securityGroup, "rotation-function", "endpoint-security-group");
      movedFrom(endpoint.ingress, "rotation-function", "endpoint-ingress");
      movedFrom(endpoint.endpoint, "rotation-function", "secretsmanager-endpoint");
    }
  }
}

/** The function's own options from the environment's rotation settings. */
function functionOptions(rotation: ResolvedRotation) {
  const {
    memorySize,
    timeoutSeconds,
    reservedConcurrency,
    architecture,
    logRetentionInDays,
    passwordLength,
    excludeCharacters,
    caBundlePath,
    hostAliases,
  } = rotation;
  return {
    memorySize,
    timeoutSeconds,
    reservedConcurrency,
    architecture,
    logRetentionInDays,
    passwordLength,
    excludeCharacters,
    caBundlePath,
    hostAliases,
  };
}
