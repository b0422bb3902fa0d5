import { qualisysSecretCatalog } from "../catalog/qualisys-secrets";
import { EMAIL_PROVIDERS } from "../catalog/secret-catalog";
import { validateCatalog } from "../catalog/validate-catalog";
import { regionInfo } from "./aws-regions";
import { ConfigError, type ConfigProblem } from "./config-error";
import { EMAIL_ADDRESS, FieldChecks, isRecoveryWindow, RECOVERY_WINDOW_EXPECTED } from "./field-checks";
import { resolveRotation } from "./rotation-settings";
import { resolveKubernetes, type ResolvedKubernetes } from "./kubernetes-settings";
import { computeAccessModel } from "./access-model";
import { ENVIRONMENT_KEYS } from "./environment-keys";
import { unknownKeys } from "./known-keys";
import { resolveAccess } from "./access-settings";
import { resolveAudit } from "./audit-settings";
import { checkCatalogAccess } from "./catalog-access";
import { splitIntoStacks } from "./stack-split";
import { REGION_EXPECTED, validateBackend } from "./backend-settings";
import type { EnvironmentConfig, ResolvedEnvironment } from "./environment-types";

export type { BackendConfig, CloudBackendConfig, LocalBackendConfig, S3BackendConfig } from "./backend-settings";
export type { EnvironmentConfig, ResolvedEnvironment } from "./environment-types";

/** Default recovery window: the longest, so that a mistaken delete can be undone. */
export const DEFAULT_RECOVERY_WINDOW_DAYS = 30;

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const ACCOUNT_ID = /^\d{12}$/;

type Report = (problem: Omit<ConfigProblem, "environment">) => void;

/** The environment's own settings: name, account, region, e-mail provider, recovery window, flags, backend. */
function checkScalars(config: EnvironmentConfig, report: Report) {
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
  checkFlags(config, report);
  validateBackend(config.backend, report);
  return { region, emailProviderKnown, recoveryWindowInDays };
}

/** The switches: each true or false, and allowTeardown against what would stop a teardown. */
function checkFlags(config: EnvironmentConfig, report: Report): void {
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
}

/** The sections, each resolved with what it depends on: rotation, catalog, access, cluster, stacks. */
function resolveSections(
  config: EnvironmentConfig,
  { region, emailProviderKnown }: ReturnType<typeof checkScalars>,
  check: FieldChecks,
  report: Report,
) {
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

  return { rotation, emails, audit, catalog, access, kubernetes, stackParts };
}

/** Validates one environment; returns its problems and, when it has none, the resolved environment. */
function resolveEnvironment(
  config: EnvironmentConfig,
  position: number,
): { problems: ConfigProblem[]; resolved?: ResolvedEnvironment } {
  const environment = typeof config.name === "string" && config.name !== "" ? config.name : `#${position}`;
  const problems: ConfigProblem[] = [];
  const report: Report = (p) => problems.push({ environment, ...p });
  // A misspelt key would otherwise leave its setting at the default without a word.
  for (const problem of unknownKeys(config, ENVIRONMENT_KEYS, "")) report(problem);
  const scalars = checkScalars(config, report);
  const { region, recoveryWindowInDays } = scalars;
  const sections = resolveSections(config, scalars, new FieldChecks(report), report);
  const { rotation, emails, audit, catalog, access, kubernetes, stackParts } = sections;
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
