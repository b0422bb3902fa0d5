import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { secretSlug } from "../catalog/secret-catalog";
import { rotationFunctionName } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import type { Placement } from "../config/placement";
import { needsRdsApi, type ResolvedRotation } from "../config/rotation-settings";
import { InterfaceEndpoint } from "../constructs/interface-endpoint";
import type { ManagedSecret } from "../constructs/managed-secret";
import { movedFrom, removedWithoutDestroying } from "../constructs/moved-from";
import { PostgresRotationFunction } from "../constructs/rotation-function";
import { RotationFunctionNetwork } from "../constructs/rotation-function-network";
import { RotationNotifications } from "../constructs/rotation-notifications";
import { SecretRotationSchedule } from "../constructs/secret-rotation-schedule";

/** What the rotation of an environment's secrets consists of. */
export interface RotationParts {
  readonly function: PostgresRotationFunction;
  readonly network: RotationFunctionNetwork;
  readonly secretsManagerEndpoint?: InterfaceEndpoint;
  readonly rdsApiEndpoint?: InterfaceEndpoint;
  /** The schedules, by secret name. */
  readonly schedules: ReadonlyMap<string, SecretRotationSchedule>;
}

/** What the rotation is built around. */
export interface RotationInputs {
  readonly placement: Placement;
  /** The stack's secrets; those the catalog rotates automatically get a schedule. */
  readonly secrets: readonly ManagedSecret[];
  readonly secretsKeyArn: string;
  readonly operationsKeyArn: string;
}

/**
 * The rotation function, its network and endpoints, a schedule per automatically rotated secret and the
 * notifications, in `scope` under the ids the stack has always used; `undefined` when rotation is off or
 * nothing is rotated.
 */
export function addRotation(
  scope: Construct,
  env: ResolvedEnvironment,
  inputs: RotationInputs,
): RotationParts | undefined {
  const rotated = inputs.secrets.filter((secret) => secret.definition.rotation.kind === "automatic");
  const rotation = env.rotation;
  if (!rotation || rotated.length === 0) return undefined;
  const functionName = rotationFunctionName(env.name);
  const { network, secretsManagerEndpoint, rdsApiEndpoint } = addFunctionNetwork(scope, env, rotation);
  const fn = new PostgresRotationFunction(scope, "rotation-function", {
    ...functionOptions(rotation),
    functionName,
    placement: inputs.placement,
    secrets: rotated,
    secretsKeyArn: inputs.secretsKeyArn,
    operationsKeyArn: inputs.operationsKeyArn,
    subnetIds: network.subnetIds,
    securityGroupIds: network.securityGroupIds,
    masterSecretArn: rotation.strategy === "alternating-users" ? rotation.masterSecretArn : undefined,
    masterSecretKmsKeyArn: rotation.strategy === "alternating-users" ? rotation.masterSecretKmsKeyArn : undefined,
  });
  const firstRunNeeds = [
    network.egressDatabase,
    network.egressSecretsManager,
    ...(network.databaseIngress ? [network.databaseIngress] : []),
    ...[secretsManagerEndpoint, rdsApiEndpoint].flatMap((e) => (e ? [e.endpoint, e.ingress] : [])),
  ];
  const schedules = new Map<string, SecretRotationSchedule>();
  for (const secret of rotated) {
    const policy = secret.definition.rotation;
    schedules.set(
      secret.secretName,
      new SecretRotationSchedule(scope, `${secretSlug(secret.secretName)}-rotation`, {
        secret,
        rotationFunction: fn,
        accountId: env.accountId,
        automaticallyAfterDays:
          rotation.automaticallyAfterDays ?? (policy.kind === "automatic" ? policy.everyDays : 90),
        rotateImmediately: rotation.rotateImmediately,
        firstRunNeeds,
        breakGlassPrincipals: env.access.breakGlassPrincipals.map((p) => p.arnPattern),
        valueWriters: [...env.access.terraformPrincipals, ...env.access.breakGlassPrincipals].map((p) => p.arnPattern),
      }),
    );
  }
  addNotifications(scope, env, inputs, fn);
  return { function: fn, network, secretsManagerEndpoint, rdsApiEndpoint, schedules };
}

/** The function's security group and rules, and the VPC endpoints the settings ask for. */
function addFunctionNetwork(scope: Construct, env: ResolvedEnvironment, rotation: ResolvedRotation) {
  const functionName = rotationFunctionName(env.name);
  const network = rotation.network;
  const rdsApi = needsRdsApi(rotation);
  // HTTPS stays inside the VPC only when every API the function calls has an endpoint there.
  const throughVpcEndpoints =
    network.secretsManagerEndpoint !== "none" && (!rdsApi || network.rdsApiEndpoint !== "none");
  const functionNetwork = new RotationFunctionNetwork(scope, "rotation-network", {
    functionName,
    network,
    throughVpcEndpoints,
  });
  const endpointOf = (service: string, id: string) =>
    new InterfaceEndpoint(scope, id, {
      service,
      name: functionName,
      region: env.region,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds,
      vpcCidr: network.vpcCidr,
    });
  const secretsManagerEndpoint =
    network.secretsManagerEndpoint === "create" ? endpointOf("secretsmanager", "secrets-manager-endpoint") : undefined;
  const rdsApiEndpoint =
    rdsApi && network.rdsApiEndpoint === "create" ? endpointOf("rds", "rds-api-endpoint") : undefined;
  moveFromTheRotationFunctionConstruct(scope, functionNetwork, secretsManagerEndpoint);
  return { network: functionNetwork, secretsManagerEndpoint, rdsApiEndpoint };
}

/** The topic told of every rotation outcome, and the outputs of the function and topic. */
function addNotifications(
  scope: Construct,
  env: ResolvedEnvironment,
  inputs: RotationInputs,
  fn: PostgresRotationFunction,
): void {
  const notifications = new RotationNotifications(scope, "rotation-notifications", {
    name: `qualisys-${env.name}-secret-rotation`,
    placement: inputs.placement,
    operationsKeyArn: inputs.operationsKeyArn,
    secretNamePrefix: "qualisys/",
    rotationFunction: fn,
    emails: env.notificationEmails,
  });
  new TerraformOutput(scope, "rotation_function_arn", {
    description: "ARN of the secret rotation function",
    value: fn.function.arn,
  });
  new TerraformOutput(scope, "rotation_notifications_topic_arn", {
    description: "ARN of the SNS topic told of every rotation outcome and rotation alarm",
    value: notifications.topic.arn,
  });
}

/**
 * The function's network and endpoint were part of its construct until the split into one construct
 * per job; `moved` blocks carry a deployed environment's state over to the new addresses.
 */
function moveFromTheRotationFunctionConstruct(
  scope: Construct,
  network: RotationFunctionNetwork,
  endpoint: InterfaceEndpoint | undefined,
): void {
  movedFrom(network.securityGroup, "rotation-function", "security-group");
  movedFrom(network.egressDatabase, "rotation-function", "egress-database");
  movedFrom(network.egressSecretsManager, "rotation-function", "egress-secrets-manager");
  if (network.databaseIngress) movedFrom(network.databaseIngress, "rotation-function", "database-ingress");
  // The database stack's client group admits the function now: the rule this stack added before is left
  // in AWS (out of this stack's state) for the database stack to import or delete.
  else
    removedWithoutDestroying(TerraformStack.of(scope), "aws_vpc_security_group_ingress_rule", [
      ["rotation-network", "database-ingress"],
      ["rotation-function", "database-ingress"],
    ]);
  if (endpoint) {
    movedFrom(endpoint.securityGroup, "rotation-function", "endpoint-security-group");
    movedFrom(endpoint.ingress, "rotation-function", "endpoint-ingress");
    movedFrom(endpoint.endpoint, "rotation-function", "secretsmanager-endpoint");
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
