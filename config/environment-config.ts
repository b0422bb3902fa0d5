import { qualisysSecretCatalog } from "../catalog/qualisys-secrets";
import { EMAIL_PROVIDERS, type EmailProvider, type SecretDefinition } from "../catalog/secret-catalog";
import { validateCatalog } from "../catalog/validate-catalog";
import { AWS_REGIONS, regionInfo } from "./aws-regions";
import { ConfigError, type ConfigProblem } from "./config-error";
import { EMAIL_ADDRESS, FieldChecks, isRecoveryWindow, RECOVERY_WINDOW_EXPECTED } from "./field-checks";
import { resolveRotation, type ResolvedRotation, type RotationSettings } from "./rotation-settings";
import { resolveKubernetes, type KubernetesSettings, type ResolvedKubernetes } from "./kubernetes-settings";
import { computeAccessModel, type AccessModel } from "./access-model";
import { ENVIRONMENT_KEYS } from "./environment-keys";
import { unknownKeys } from "./known-keys";
import { resolveAccess, type AccessSettings, type ResolvedAccess } from "./access-settings";
import { resolveAudit, type AuditSettings, type ResolvedAudit } from "./audit-settings";
import { checkCatalogAccess } from "./catalog-access";
import { splitIntoStacks, type StackPart } from "./stack-split";

/** Terraform state kept in a local file beside the synthesized stack (the default). */
export interface LocalBackendConfig {
  /** Selects the local backend. */
  readonly type: "local";
}

/** Terraform state kept in S3, one key per stack, locked with S3's native lock file. */
export interface S3BackendConfig {
  /** Selects the S3 backend. */
  readonly type: "s3";
  /** Bucket that holds the state (versioned and encrypted, owned by the platform team). */
  readonly bucket: string;
  /**
   * Region of the bucket.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * Key prefix; the key is `<keyPrefix>/<stack>/terraform.tfstate`.
   * @default "qualisys"
   */
  readonly keyPrefix?: string;
}

/** Terraform state in HCP Terraform / Terraform Cloud, one workspace per stack. */
export interface CloudBackendConfig {
  /** Selects the `cloud` block. */
  readonly type: "cloud";
  /** HCP Terraform organization. */
  readonly organization: string;
  /**
   * Prefix of the workspace names; the workspace is `<workspacePrefix><stack>`.
   * @default "qualisys-"
   */
  readonly workspacePrefix?: string;
  /**
   * Host name of HCP Terraform or Terraform Enterprise.
   * @default "app.terraform.io"
   */
  readonly hostname?: string;
}

/** Where Terraform keeps the state of an environment's stacks. */
export type BackendConfig = LocalBackendConfig | S3BackendConfig | CloudBackendConfig;

/** The configuration of one environment, as written in `config/example-environments.ts`. */
export interface EnvironmentConfig {
  /** Short name (`dev`, `staging`, `production`): part of stack names, tags and policy names. */
  readonly name: string;
  /** The AWS account (12 digits). The AWS provider refuses to act in any other account. */
  readonly accountId: string;
  /** The AWS region code, e.g. `eu-central-1`. */
  readonly region: string;
  /** The e-mail provider; decides the name of the e-mail secret, `qualisys/email/<provider>`. */
  readonly emailProvider: EmailProvider;
  /**
   * Days a deleted secret stays recoverable: 0 (delete at once) or 7 to 30.
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * `prevent_destroy` on the KMS keys and the secrets: a `terraform destroy` (or a change that would
   * replace one) stops at plan. Turn it off, apply, then destroy, to take the environment down on purpose.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Let `terraform destroy` take the environment down (a throwaway environment such as dev): the audit
   * bucket and its access-log bucket are emptied on destroy (`force_destroy`) and get no Object Lock
   * default retention, so nothing in the stack can refuse. Contradicts `preventDestroy` and an Object Lock
   * in COMPLIANCE mode (whose files nobody can delete before they expire).
   * @default false
   */
  readonly allowTeardown?: boolean;
  /**
   * Let `npm run verify -- --rotate` and `-- --sync-check` write in this environment: they rotate the
   * database secret and overwrite the sync canary. Leave it off where a rotation must be planned.
   * @default false
   */
  readonly verifyWrites?: boolean;
  /**
   * Write-only mode: secret values go through ephemeral values and `secret_string_wo`,
   * so none reaches Terraform state or plan. Needs Terraform 1.11 or later.
   * @default false
   */
  readonly writeOnlySecrets?: boolean;
  /**
   * Where Terraform keeps state.
   * @default - a local state file
   */
  readonly backend?: BackendConfig;
  /**
   * Secrets of this environment beyond the story's catalog (for example `qualisys/integrations/<name>`).
   * @default - none
   */
  readonly additionalSecrets?: readonly SecretDefinition[];
  /**
   * Rotation of the secrets the catalog marks automatic (the database secret), and the function's network.
   * @default - rotation on, which needs `rotation.network`
   */
  readonly rotation?: RotationSettings;
  /**
   * E-mail addresses told of every rotation outcome and alarm (each confirms its subscription).
   * @default - none
   */
  readonly notificationEmails?: readonly string[];
  /**
   * Who may read the secrets: who runs Terraform, the roles of the workloads and their access groups,
   * the cluster's OIDC issuer, the break-glass principals and readers managed elsewhere.
   */
  readonly access: AccessSettings;
  /**
   * The EKS cluster: the External Secrets Operator's stack and the sync stack that writes the
   * catalog's secrets into the workloads' namespaces. Needs `access.eksOidcIssuer`.
   * @default - no Kubernetes stacks for the environment
   */
  readonly kubernetes?: KubernetesSettings;
  /**
   * The audit trail and the alarms on denied or dangerous calls.
   * @default - a trail of this stack, logs kept 365 days, files 90 days before Glacier and seven years in all
   */
  readonly audit?: AuditSettings;
}

/** An environment after validation, with every default filled in and its catalog built. */
export interface ResolvedEnvironment {
  /** Short name. */
  readonly name: string;
  /** AWS account id. */
  readonly accountId: string;
  /** AWS region code. */
  readonly region: string;
  /** ARN partition of the region (`aws`, `aws-cn`, `aws-us-gov`, ...). */
  readonly partition: string;
  /** DNS suffix of the region's service endpoints (`amazonaws.com`, `amazonaws.com.cn`, ...). */
  readonly dnsSuffix: string;
  /** E-mail provider. */
  readonly emailProvider: EmailProvider;
  /** Recovery window of deleted secrets, in days. */
  readonly recoveryWindowInDays: number;
  /** Whether secret values are written write-only. */
  readonly writeOnlySecrets: boolean;
  /** Whether the keys and secrets carry `prevent_destroy`. */
  readonly preventDestroy: boolean;
  /** Whether `terraform destroy` may take the environment down. */
  readonly allowTeardown: boolean;
  /** Whether `npm run verify`'s opt-in actions may write here. */
  readonly verifyWrites: boolean;
  /** State backend. */
  readonly backend: BackendConfig;
  /** Every secret of the environment: the story's catalog plus the environment's own. */
  readonly catalog: readonly SecretDefinition[];
  /** Rotation settings, or `undefined` when rotation is off. */
  readonly rotation?: ResolvedRotation;
  /** E-mail addresses subscribed to the notification topics. */
  readonly notificationEmails: readonly string[];
  /** Access settings. */
  readonly access: ResolvedAccess;
  /** Audit settings. */
  readonly audit: ResolvedAudit;
  /** Kubernetes settings, when the environment has a cluster. */
  readonly kubernetes?: ResolvedKubernetes;
  /** Who reads which secret, and why: the one source of the policies, the ExternalSecrets and the docs' matrix. */
  readonly accessModel: AccessModel;
  /** The secrets stacks: the environment's own first, then one per group with `ownStack`. */
  readonly stackParts: readonly StackPart[];
}

/** Default recovery window: the longest, so that a mistaken delete can be undone. */
export const DEFAULT_RECOVERY_WINDOW_DAYS = 30;

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const ACCOUNT_ID = /^\d{12}$/;
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const S3_BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_KEY_PREFIX = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const TFC_NAME = /^[A-Za-z0-9_-]+$/;
const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const BACKEND_TYPES = ["local", "s3", "cloud"];

const REGION_EXPECTED = `one of ${AWS_REGIONS.join(", ")}`;

function validateBackend(
  backend: BackendConfig | undefined,
  report: (p: Omit<ConfigProblem, "environment">) => void,
): void {
  if (backend === undefined) return;
  const type: unknown = (backend as { type?: unknown }).type;
  if (!BACKEND_TYPES.includes(type as string)) {
    report({ field: "backend.type", value: type, expected: `one of ${BACKEND_TYPES.join(", ")}` });
    return;
  }
  if (backend.type === "s3") {
    if (typeof backend.bucket !== "string" || !S3_BUCKET.test(backend.bucket)) {
      report({
        field: "backend.bucket",
        value: backend.bucket,
        expected: "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
      });
    }
    if (backend.region !== undefined && !regionInfo(backend.region)) {
      report({ field: "backend.region", value: backend.region, expected: REGION_EXPECTED });
    }
    if (backend.keyPrefix !== undefined && !S3_KEY_PREFIX.test(backend.keyPrefix)) {
      report({
        field: "backend.keyPrefix",
        value: backend.keyPrefix,
        expected: "path segments of letters, digits, '_', '.', '-' joined by '/', without leading or trailing '/'",
      });
    }
  } else if (backend.type === "cloud") {
    if (typeof backend.organization !== "string" || !TFC_NAME.test(backend.organization)) {
      report({
        field: "backend.organization",
        value: backend.organization,
        expected: "an HCP Terraform organization name (letters, digits, '_' and '-')",
      });
    }
    if (backend.workspacePrefix !== undefined && !/^[A-Za-z0-9_-]*$/.test(backend.workspacePrefix)) {
      report({
        field: "backend.workspacePrefix",
        value: backend.workspacePrefix,
        expected: "letters, digits, '_' and '-'",
      });
    }
    if (backend.hostname !== undefined && !HOSTNAME.test(backend.hostname)) {
      report({ field: "backend.hostname", value: backend.hostname, expected: "a host name such as app.terraform.io" });
    }
  }
}

/** Validates one environment; returns its problems and, when it has none, the resolved environment. */
function resolveEnvironment(
  config: EnvironmentConfig,
  position: number,
): { problems: ConfigProblem[]; resolved?: ResolvedEnvironment } {
  const environment = typeof config.name === "string" && config.name !== "" ? config.name : `#${position}`;
  const problems: ConfigProblem[] = [];
  const report = (p: Omit<ConfigProblem, "environment">) => problems.push({ environment, ...p });
  // A misspelt key would otherwise leave its setting at the default without a word.
  for (const problem of unknownKeys(config, ENVIRONMENT_KEYS, "")) report(problem);

  if (typeof config.name !== "string" || !ENVIRONMENT_NAME.test(config.name)) {
    report({
      field: "name",
      value: config.name,
      expected: "1-16 lowercase letters, digits and hyphens, starting with a letter (e.g. dev)",
    });
  }
  if (typeof config.accountId !== "string" || !ACCOUNT_ID.test(config.accountId)) {
    report({
      field: "accountId",
      value: config.accountId,
      expected: 'a 12-digit AWS account id as a string, e.g. "123456789012"',
    });
  }
  const region = regionInfo(config.region);
  if (!region) report({ field: "region", value: config.region, expected: REGION_EXPECTED });

  const emailProviderKnown = (EMAIL_PROVIDERS as readonly unknown[]).includes(config.emailProvider);
  if (!emailProviderKnown) {
    report({ field: "emailProvider", value: config.emailProvider, expected: `one of ${EMAIL_PROVIDERS.join(", ")}` });
  }

  const recoveryWindowInDays = config.recoveryWindowInDays ?? DEFAULT_RECOVERY_WINDOW_DAYS;
  if (!isRecoveryWindow(recoveryWindowInDays)) {
    report({ field: "recoveryWindowInDays", value: config.recoveryWindowInDays, expected: RECOVERY_WINDOW_EXPECTED });
  }
  if (config.preventDestroy !== undefined && typeof config.preventDestroy !== "boolean") {
    report({ field: "preventDestroy", value: config.preventDestroy, expected: "true or false" });
  }
  if (config.allowTeardown !== undefined && typeof config.allowTeardown !== "boolean") {
    report({ field: "allowTeardown", value: config.allowTeardown, expected: "true or false" });
  } else if (config.allowTeardown && config.preventDestroy) {
    report({
      field: "allowTeardown",
      value: true,
      expected: "false while preventDestroy is true (one lets terraform destroy run, the other stops it)",
    });
  } else if (config.allowTeardown && config.audit?.objectLock?.mode === "COMPLIANCE") {
    report({
      field: "allowTeardown",
      value: true,
      expected:
        'false while audit.objectLock.mode is "COMPLIANCE" (nobody can delete a log file before its retention ends, so destroy would fail)',
    });
  }
  if (config.verifyWrites !== undefined && typeof config.verifyWrites !== "boolean") {
    report({ field: "verifyWrites", value: config.verifyWrites, expected: "true or false" });
  }
  if (config.writeOnlySecrets !== undefined && typeof config.writeOnlySecrets !== "boolean") {
    report({ field: "writeOnlySecrets", value: config.writeOnlySecrets, expected: "true or false" });
  }
  validateBackend(config.backend, report);

  const check = new FieldChecks(report);
  const rotation = region
    ? resolveRotation(config.rotation, { partition: region.partition, region: config.region }, check)
    : undefined;
  const emails: unknown = config.notificationEmails ?? [];
  if (!Array.isArray(emails)) check.fail("notificationEmails", emails, "a list of e-mail addresses");
  else
    emails.forEach((email, i) =>
      check.matches(`notificationEmails[${i}]`, email, EMAIL_ADDRESS, "an e-mail address such as oncall@example.com"),
    );
  const audit = resolveAudit(config.audit, check);

  const additional = config.additionalSecrets ?? [];
  const builtIn = emailProviderKnown
    ? qualisysSecretCatalog({
        emailProvider: config.emailProvider,
        databaseRotation: rotation
          ? { strategy: rotation.strategy, masterSecretArn: rotation.masterSecretArn }
          : undefined,
      })
    : [];
  const catalog = [...builtIn, ...additional];
  const catalogPlace = (i: number) =>
    i < builtIn.length ? `catalog[${i}]` : `additionalSecrets[${i - builtIn.length}]`;
  for (const p of validateCatalog(catalog, catalogPlace)) report(p);
  const access = resolveAccess(
    config.access,
    { partition: region?.partition ?? "aws", accountId: String(config.accountId) },
    catalog.map((d) => d.name),
    check,
  );
  checkCatalogAccess(catalog, catalogPlace, access, check);

  let kubernetes: ResolvedKubernetes | undefined;
  if (config.kubernetes !== undefined && region) {
    if (access.eksOidcIssuer === undefined) {
      check.fail(
        "access.eksOidcIssuer",
        undefined,
        "the EKS cluster's OIDC issuer: the External Secrets Operator's role trusts it (kubernetes is set)",
      );
    }
    kubernetes = resolveKubernetes(config.kubernetes, catalog, access, check, config.backend?.type === "cloud");
  }

  const stackParts = splitIntoStacks(catalog, access, kubernetes?.workloads ?? [], check);

  if (problems.length > 0 || !region) return { problems };
  const accessModel = computeAccessModel({
    name: config.name,
    accountId: config.accountId,
    partition: region.partition,
    catalog,
    access,
    rotation: rotation !== undefined,
    workloads: kubernetes?.workloads,
    refresh: kubernetes ? { interval: kubernetes.refreshInterval, seconds: kubernetes.refreshSeconds } : undefined,
    rotationStrategy: rotation?.strategy,
  });
  return {
    problems,
    resolved: {
      name: config.name,
      accountId: config.accountId,
      region: config.region,
      partition: region.partition,
      dnsSuffix: region.dnsSuffix,
      emailProvider: config.emailProvider,
      recoveryWindowInDays,
      writeOnlySecrets: config.writeOnlySecrets ?? false,
      preventDestroy: config.preventDestroy ?? false,
      allowTeardown: config.allowTeardown ?? false,
      verifyWrites: config.verifyWrites ?? false,
      backend: config.backend ?? { type: "local" },
      catalog,
      rotation,
      notificationEmails: Array.isArray(emails) ? (emails as string[]) : [],
      access,
      audit,
      kubernetes,
      accessModel,
      stackParts,
    },
  };
}

/**
 * Validates every environment before any stack exists and fills in defaults.
 * @throws ConfigError listing every problem (environment, field, value, what is allowed)
 */
export function resolveEnvironments(configs: readonly EnvironmentConfig[]): ResolvedEnvironment[] {
  const problems: ConfigProblem[] = [];
  const resolved: ResolvedEnvironment[] = [];
  configs.forEach((config, i) => {
    const result = resolveEnvironment(config, i);
    problems.push(...result.problems);
    if (result.resolved) resolved.push(result.resolved);
  });

  // Names that must be unique derive from account, region and environment; two environments
  // in one account and region would fight over the same secret names and KMS alias.
  const byName = new Map<string, ResolvedEnvironment>();
  const byPlace = new Map<string, ResolvedEnvironment>();
  for (const env of resolved) {
    const sameName = byName.get(env.name);
    if (sameName) {
      problems.push({
        environment: env.name,
        field: "name",
        value: env.name,
        expected: "a name no other environment uses",
      });
    }
    byName.set(env.name, env);
    const place = `${env.accountId}/${env.region}`;
    const samePlace = byPlace.get(place);
    if (samePlace && !sameName) {
      problems.push({
        environment: env.name,
        field: "accountId",
        value: env.accountId,
        expected: `an account or region other than environment "${samePlace.name}"'s (${env.accountId} in ${env.region}): secret names and the KMS alias are unique per account and region`,
      });
    }
    byPlace.set(place, env);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}
