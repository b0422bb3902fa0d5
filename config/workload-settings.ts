import { WORKLOAD_NAME, WORKLOAD_NAME_RULE, type SecretDefinition } from "../catalog/secret-catalog";
import { groupOfSecret } from "./access-groups";
import type { AccessRoleConfig, ResolvedAccess, ResolvedAccessRole } from "./access-settings";
import type { FieldChecks } from "./field-checks";
import { DNS1123_LABEL } from "./role-trust";

/** Where one workload runs. */
export interface WorkloadSettings {
  /** Its namespace: the secrets it consumes are synced there. */
  readonly namespace: string;
  /**
   * What runs there, for the docs and the ExternalSecrets' annotations (e.g. "API pods").
   * @default - the workload's name
   */
  readonly description?: string;
  /**
   * Secrets it consumes beyond the catalog's consumers, by name.
   * @default - none
   */
  readonly additionalSecrets?: readonly string[];
}

/** A workload with its namespace, the secrets synced there, and the identity they are read with. */
export interface ResolvedWorkload {
  readonly workload: string;
  /** What runs there. */
  readonly description: string;
  readonly namespace: string;
  readonly secrets: readonly string[];
  /** The workload's service account: the namespace's SecretStore reads as it (IRSA). */
  readonly serviceAccount: string;
  /** The role of `access.roles` that service account assumes. */
  readonly roleName: string;
}

/** Checks the workloads against the catalog's consumers and the roles, and resolves what each namespace syncs. */
export function resolveWorkloads(
  settings: unknown,
  catalog: readonly SecretDefinition[],
  access: ResolvedAccess,
  check: FieldChecks,
): ResolvedWorkload[] {
  if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
    check.fail("kubernetes.workloads", settings, "the workloads by name, each with its namespace");
    return [];
  }
  const configured = settings as Record<string, WorkloadSettings>;
  // A consumer the catalog names but no workload entry places: its secrets would reach no namespace.
  const consumers = [
    ...new Set(catalog.flatMap((d) => (Array.isArray(d.consumers) ? (d.consumers as readonly string[]) : []))),
  ];
  for (const consumer of consumers.filter((c) => !(c in configured))) {
    const consumed = catalog.filter((d) => d.consumers.includes(consumer)).map((d) => d.name);
    check.fail(
      `kubernetes.workloads.${consumer}`,
      undefined,
      `the namespace of the workload ${consumer}, which consumes ${consumed.join(", ")}`,
    );
  }
  const workloads: ResolvedWorkload[] = [];
  const namespaces = new Map<string, string>();
  for (const [workload, config] of Object.entries(configured)) {
    const at = `kubernetes.workloads.${workload}`;
    check.matches(at, workload, WORKLOAD_NAME, `a workload name: ${WORKLOAD_NAME_RULE}`);
    if (typeof config !== "object" || config === null) {
      check.fail(at, config, "a workload's settings: { namespace, description?, additionalSecrets? }");
      continue;
    }
    const resolved = resolveWorkload(workload, config, at, catalog, access, check);
    if (typeof config.namespace === "string") {
      const other = namespaces.get(config.namespace);
      if (other !== undefined)
        check.fail(
          `${at}.namespace`,
          config.namespace,
          `a namespace no other workload uses (kubernetes.workloads.${other} runs there)`,
        );
      else namespaces.set(config.namespace, workload);
    }
    if (resolved) workloads.push(resolved);
  }
  return workloads;
}

/** One workload: its namespace, the secrets synced there, and the role its SecretStore reads as. */
function resolveWorkload(
  workload: string,
  config: WorkloadSettings,
  at: string,
  catalog: readonly SecretDefinition[],
  access: ResolvedAccess,
  check: FieldChecks,
): ResolvedWorkload | undefined {
  if (
    check.matches(
      `${at}.namespace`,
      config.namespace,
      DNS1123_LABEL,
      "a Kubernetes namespace name: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
    ) &&
    config.namespace.length > 63
  ) {
    check.fail(`${at}.namespace`, config.namespace, "at most 63 characters");
  }
  if (config.description !== undefined) check.matches(`${at}.description`, config.description, /\S/, "a few words");
  const consumed = catalog
    .filter((d) => Array.isArray(d.consumers) && d.consumers.includes(workload))
    .map((d) => d.name);
  const extra: unknown = config.additionalSecrets ?? [];
  const extras = Array.isArray(extra) ? (extra as string[]) : [];
  if (!Array.isArray(extra)) check.fail(`${at}.additionalSecrets`, extra, "a list of secret names of the catalog");
  extras.forEach((name, i) => {
    if (!catalog.some((d) => d.name === name))
      check.fail(
        `${at}.additionalSecrets[${i}]`,
        name,
        `a secret of the catalog (one of ${catalog.map((d) => d.name).join(", ")})`,
      );
  });
  const secrets = [...new Set([...consumed, ...extras.filter((n) => catalog.some((d) => d.name === n))])];
  if (secrets.length === 0)
    check.fail(
      at,
      workload,
      "a workload that consumes a secret (a catalog entry names it in consumers, or additionalSecrets lists one)",
    );
  const role = roleOfNamespace(config.namespace, at, access, check);
  if (!role) return undefined;
  checkRoleReads(workload, at, secrets, role, access, check);
  return {
    workload,
    description: config.description ?? workload,
    namespace: config.namespace,
    secrets,
    serviceAccount: (role.trust as Extract<AccessRoleConfig["trust"], { kind: "eks-service-account" }>).serviceAccount,
    roleName: role.name,
  };
}

/**
 * The role the namespace's SecretStore reads as: the one role of access.roles that trusts a service
 * account of this namespace (IRSA).
 */
function roleOfNamespace(
  namespace: string,
  at: string,
  access: ResolvedAccess,
  check: FieldChecks,
): ResolvedAccessRole | undefined {
  const candidates = access.roles.filter(
    (r) => r.trust?.kind === "eks-service-account" && r.trust.namespace === namespace,
  );
  if (candidates.length === 1) return candidates[0];
  check.fail(
    `${at}.namespace`,
    namespace,
    `a namespace whose workload's service account exactly one role of access.roles trusts (found ${candidates.length}): its SecretStore reads with that role`,
  );
  return undefined;
}

/** Every secret synced into the namespace must be one its role may read. */
function checkRoleReads(
  workload: string,
  at: string,
  secrets: readonly string[],
  role: ResolvedAccessRole,
  access: ResolvedAccess,
  check: FieldChecks,
): void {
  for (const name of secrets) {
    const group = groupOfSecret(access.groups, name);
    if (group && !role.accessGroups.includes(group.name) && !role.secrets.includes(name)) {
      check.fail(
        at,
        workload,
        `a workload whose role (${role.name}) may read what the namespace syncs: ${name} is of the access group ${group.name}, which the role is not granted`,
      );
    }
  }
}
