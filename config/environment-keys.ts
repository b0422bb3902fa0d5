/**
 * The shape of an environment's configuration for {@link unknownKeys}: every key of every interface,
 * written with {@link keysOf} so that the compiler keeps it equal to the interfaces.
 */
import type { FieldSource, RotationPolicy, SecretDefinition, VariableSpec } from "../catalog/secret-catalog";
import type { ComponentValues, ExternalSecretsHelmValues } from "../kubernetes/helm-values";
import type { AccessRoleConfig, AccessSettings, ExtraReaderConfig, RoleTrust, TrustCondition } from "./access-settings";
import type { AuditSettings } from "./audit-settings";
import type { AccessGroupConfig } from "./access-groups";
import type { CloudBackendConfig, EnvironmentConfig, LocalBackendConfig, S3BackendConfig } from "./environment-config";
import { keysOf, listOf, mapOf, unionOf, VALUE, type KeyShape } from "./known-keys";
import type { KubernetesSettings, OperatorSettings, WorkloadSettings } from "./kubernetes-settings";
import type { PrincipalConfig } from "./principals";
import type { RotationNetworkSettings, RotationSettings } from "./rotation-settings";

type Variant<U, K extends string, V> = Extract<U, { readonly [P in K]: V }>;

const backend = unionOf("type", {
  local: keysOf<LocalBackendConfig>({ type: VALUE }),
  s3: keysOf<S3BackendConfig>({ type: VALUE, bucket: VALUE, region: VALUE, keyPrefix: VALUE }),
  cloud: keysOf<CloudBackendConfig>({ type: VALUE, organization: VALUE, workspacePrefix: VALUE, hostname: VALUE }),
});

const fieldSource = unionOf("kind", {
  variable: keysOf<Variant<FieldSource, "kind", "variable">>({
    kind: VALUE,
    variable: keysOf<VariableSpec>({ name: VALUE, description: VALUE, type: VALUE, sensitive: VALUE }),
  }),
  constant: keysOf<Variant<FieldSource, "kind", "constant">>({ kind: VALUE, value: VALUE }),
  copy: keysOf<Variant<FieldSource, "kind", "copy">>({ kind: VALUE, field: VALUE }),
  "postgres-url": keysOf<Variant<FieldSource, "kind", "postgres-url">>({ kind: VALUE }),
  generated: keysOf<Variant<FieldSource, "kind", "generated">>({ kind: VALUE, bits: VALUE }),
  operator: keysOf<Variant<FieldSource, "kind", "operator">>({ kind: VALUE }),
});

const secretDefinition = keysOf<SecretDefinition>({
  name: VALUE,
  description: VALUE,
  fields: mapOf(fieldSource),
  consumers: VALUE,
  rotation: unionOf("kind", {
    automatic: keysOf<Variant<RotationPolicy, "kind", "automatic">>({ kind: VALUE, everyDays: VALUE }),
    manual: keysOf<Variant<RotationPolicy, "kind", "manual">>({ kind: VALUE, cadence: VALUE, procedure: VALUE }),
  }),
  responsible: VALUE,
  environmentVariables: VALUE,
});

const network = keysOf<RotationNetworkSettings>({
  vpcId: VALUE,
  vpcCidr: VALUE,
  subnetIds: VALUE,
  databaseSecurityGroupId: VALUE,
  databaseAccess: VALUE, // "ingress-rule", or { clientSecurityGroupId } (checked by the rotation settings)
  databasePort: VALUE,
  secretsManagerEndpoint: VALUE, // a string, or { existingEndpointId } (checked by the rotation settings)
  rdsApiEndpoint: VALUE,
});

const rotation = keysOf<RotationSettings>({
  enabled: VALUE,
  automaticallyAfterDays: VALUE,
  rotateImmediately: VALUE,
  strategy: VALUE,
  masterSecretArn: VALUE,
  masterSecretKmsKeyArn: VALUE,
  network,
  memorySize: VALUE,
  timeoutSeconds: VALUE,
  reservedConcurrency: VALUE,
  architecture: VALUE,
  logRetentionInDays: VALUE,
  passwordLength: VALUE,
  excludeCharacters: VALUE,
  caBundlePath: VALUE,
  hostAliases: VALUE,
});

const trustCondition = keysOf<TrustCondition>({ test: VALUE, variable: VALUE, values: VALUE });
const trust = unionOf("kind", {
  "eks-service-account": keysOf<Variant<RoleTrust, "kind", "eks-service-account">>({
    kind: VALUE,
    namespace: VALUE,
    serviceAccount: VALUE,
  }),
  "github-actions": keysOf<Variant<RoleTrust, "kind", "github-actions">>({
    kind: VALUE,
    repository: VALUE,
    environment: VALUE,
    workflow: VALUE,
    ref: VALUE,
  }),
  "web-identity": keysOf<Variant<RoleTrust, "kind", "web-identity">>({
    kind: VALUE,
    providerArn: VALUE,
    conditions: listOf(trustCondition),
  }),
});

/** Either form of a principal: one key or the other (which one is the principals' own check). */
type AnyPrincipal = Partial<Extract<PrincipalConfig, { roleArn: string }>> &
  Partial<Extract<PrincipalConfig, { ssoPermissionSet: string }>>;
const principal = keysOf<AnyPrincipal>({ roleArn: VALUE, ssoPermissionSet: VALUE });

const access = keysOf<AccessSettings>({
  groups: mapOf(keysOf<AccessGroupConfig>({ categories: VALUE, description: VALUE, ownStack: VALUE })),
  eksOidcIssuer: VALUE,
  readerRolePath: VALUE,
  roles: listOf(
    keysOf<AccessRoleConfig>({ name: VALUE, accessGroups: VALUE, secrets: VALUE, trust, description: VALUE }),
  ),
  terraformPrincipals: listOf(principal),
  terraformPlanPrincipals: listOf(principal),
  breakGlassPrincipals: listOf(principal),
  extraReaders: listOf(keysOf<ExtraReaderConfig>({ principal, accessGroups: VALUE, reason: VALUE })),
});

const audit = keysOf<AuditSettings>({
  trail: VALUE,
  logRetentionInDays: VALUE,
  transitionToGlacierAfterDays: VALUE,
  expireAfterDays: VALUE,
  objectLock: keysOf<NonNullable<AuditSettings["objectLock"]>>({ mode: VALUE, retentionDays: VALUE }),
  securityNotificationEmails: VALUE,
  nobodyToNotifyBecause: VALUE,
});

type Component = Required<ComponentValues>;
const componentKeys: { readonly [K in keyof Required<ComponentValues>]: KeyShape } = {
  replicaCount: VALUE,
  resources: keysOf<Component["resources"]>({
    requests: keysOf<Component["resources"]["requests"]>({ cpu: VALUE, memory: VALUE }),
    limits: keysOf<Component["resources"]["limits"]>({ memory: VALUE, cpu: VALUE }),
  }),
  securityContext: keysOf<Component["securityContext"]>({
    enabled: VALUE,
    allowPrivilegeEscalation: VALUE,
    readOnlyRootFilesystem: VALUE,
    runAsNonRoot: VALUE,
    capabilities: keysOf<Component["securityContext"]["capabilities"]>({ drop: VALUE }),
    seccompProfile: keysOf<Component["securityContext"]["seccompProfile"]>({ type: VALUE }),
  }),
  podSecurityContext: keysOf<Component["podSecurityContext"]>({
    enabled: VALUE,
    runAsNonRoot: VALUE,
    seccompProfile: keysOf<NonNullable<Component["podSecurityContext"]["seccompProfile"]>>({ type: VALUE }),
  }),
  podDisruptionBudget: keysOf<Component["podDisruptionBudget"]>({ enabled: VALUE, minAvailable: VALUE }),
};
const component = keysOf<ComponentValues>(componentKeys);

type Values = ExternalSecretsHelmValues;
/** The chart values the project types (overrides may set only these; see kubernetes/helm-values.ts). */
const chartValues = keysOf<ExternalSecretsHelmValues>({
  ...componentKeys,
  installCRDs: VALUE,
  leaderElect: VALUE,
  serviceAccount: keysOf<Values["serviceAccount"]>({ create: VALUE, name: VALUE, annotations: VALUE }),
  metrics: keysOf<Values["metrics"]>({ service: keysOf<Values["metrics"]["service"]>({ enabled: VALUE }) }),
  serviceMonitor: keysOf<Values["serviceMonitor"]>({ enabled: VALUE }),
  webhook: component,
  certController: component,
});

const workload = keysOf<WorkloadSettings>({ namespace: VALUE, description: VALUE, additionalSecrets: VALUE });
const kubernetes = keysOf<KubernetesSettings>({
  clusterName: VALUE,
  clusterCredentials: VALUE,
  workloads: mapOf(workload),
  refreshInterval: VALUE,
  operator: keysOf<OperatorSettings>({
    replicaCount: VALUE,
    metrics: VALUE,
    serviceMonitor: VALUE,
    values: chartValues,
  }),
});

/** Every key an environment's configuration may have, at every depth. */
export const ENVIRONMENT_KEYS: KeyShape = keysOf<EnvironmentConfig>({
  name: VALUE,
  accountId: VALUE,
  region: VALUE,
  emailProvider: VALUE,
  recoveryWindowInDays: VALUE,
  writeOnlySecrets: VALUE,
  preventDestroy: VALUE,
  allowTeardown: VALUE,
  verifyWrites: VALUE,
  backend,
  additionalSecrets: listOf(secretDefinition),
  rotation,
  notificationEmails: VALUE,
  access,
  kubernetes,
  audit,
});
