import type { SecretDefinition } from "../catalog/secret-catalog";
import type { AccessRoleConfig, ResolvedAccess } from "./access-settings";
import { groupOfSecret } from "./access-groups";
import {
  chartValueProblems,
  mergeValues,
  operatorValues,
  type ExternalSecretsHelmValues,
  type HelmValueOverrides,
} from "../kubernetes/helm-values";
import { ESO_SERVICE_ACCOUNT } from "../kubernetes/eso-chart";
import { DNS1123_LABEL } from "./role-trust";
import type { FieldChecks } from "./field-checks";

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

/** How the External Secrets Operator runs. */
export interface OperatorSettings {
  /**
   * Replicas of each component; two or more turn pod disruption budgets on.
   * @default 1
   */
  readonly replicaCount?: number;
  /**
   * Expose the operator's metrics service.
   * @default false
   */
  readonly metrics?: boolean;
  /**
   * Create a ServiceMonitor (needs the Prometheus Operator's CRD).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Further chart values, merged over the project's (typed: a misspelt key fails to compile, and an
   * unknown key fails synthesis; the tests check the result against the chart's values schema).
   * @default - none
   */
  readonly values?: HelmValueOverrides;
}

/** The environment's EKS cluster and what runs on it (from the cluster story). */
export interface KubernetesSettings {
  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /**
   * How the kubernetes and helm providers get a token for the cluster:
   * - `"token"`: the `aws_eks_cluster_auth` data source, with the AWS credentials Terraform runs with; no
   *   program runs, so it works on HCP Terraform's remote runners (which have no AWS CLI). The token
   *   lives 15 minutes from the plan: an apply confirmed later fails with Unauthorized (plan again).
   * - `"exec"`: `aws eks get-token` at each use (needs the AWS CLI where Terraform runs; a long apply
   *   never outlives its token).
   * @default - "token" when the backend is HCP Terraform (`backend.type: "cloud"`), else "exec"
   */
  readonly clusterCredentials?: ClusterCredentials;
  /**
   * The workloads that consume secrets, by name (the names the catalog's `consumers` use): each in a
   * namespace of its own, read as the one role of `access.roles` that trusts a service account there.
   */
  readonly workloads: Readonly<Record<string, WorkloadSettings>>;
  /**
   * How often the operator re-reads each secret (a Go duration).
   * @default "1h"
   */
  readonly refreshInterval?: string;
  /**
   * The operator's deployment.
   * @default - one replica, no metrics
   */
  readonly operator?: OperatorSettings;
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

/** How the kubernetes and helm providers get a token (see {@link KubernetesSettings.clusterCredentials}). */
export type ClusterCredentials = "token" | "exec";

/** Kubernetes settings with defaults filled in. */
export interface ResolvedKubernetes {
  readonly clusterName: string;
  readonly clusterCredentials: ClusterCredentials;
  readonly workloads: readonly ResolvedWorkload[];
  readonly refreshInterval: string;
  /** The refresh interval in seconds. */
  readonly refreshSeconds: number;
  /** The chart values: the project's, with the environment's overrides merged in. */
  readonly values: ExternalSecretsHelmValues;
}

const GO_DURATION = /^((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))+$/;
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration such as `1h30m`. */
export function durationSeconds(duration: string): number {
  let total = 0;
  for (const [, value, , unit] of duration.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(value) * UNIT_SECONDS[unit!]!;
  return total;
}

// see: https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html#API_CreateCluster_RequestSyntax
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

/** Checks the Kubernetes settings against the environment's catalog and fills in defaults. */
export function resolveKubernetes(
  settings: KubernetesSettings,
  catalog: readonly SecretDefinition[],
  access: ResolvedAccess,
  check: FieldChecks,
  runsRemotely = false,
): ResolvedKubernetes {
  const clusterCredentials = check.oneOf(
    "kubernetes.clusterCredentials",
    settings.clusterCredentials,
    ["token", "exec"] as const,
    runsRemotely ? "token" : "exec",
  );
  check.matches(
    "kubernetes.clusterName",
    settings.clusterName,
    CLUSTER_NAME,
    "an EKS cluster name (letters, digits, '-' and '_', at most 100)",
  );
  const refreshInterval = settings.refreshInterval ?? "1h";
  if (
    !check.matches(
      "kubernetes.refreshInterval",
      refreshInterval,
      GO_DURATION,
      'a Go duration such as "1h", "30m" or "1h30m"',
    ) ||
    durationSeconds(refreshInterval) <= 0
  ) {
    if (GO_DURATION.test(refreshInterval))
      check.fail("kubernetes.refreshInterval", refreshInterval, "a duration longer than zero");
  }
  const workloads = resolveWorkloads(settings.workloads, catalog, access, check);

  const operator = settings.operator ?? {};
  const base = operatorValues({
    serviceAccountName: ESO_SERVICE_ACCOUNT,
    replicaCount: check.integer("kubernetes.operator.replicaCount", operator.replicaCount, 1, 10, 1),
    metrics: check.boolean("kubernetes.operator.metrics", operator.metrics, false),
    serviceMonitor: check.boolean("kubernetes.operator.serviceMonitor", operator.serviceMonitor, false),
  });
  const values = mergeValues<ExternalSecretsHelmValues>(base, operator.values);
  for (const problem of chartValueProblems(values))
    check.fail(`kubernetes.operator.values.${problem.path}`, problem.value, problem.expected);
  return {
    clusterName: settings.clusterName,
    clusterCredentials,
    workloads,
    refreshInterval,
    refreshSeconds: durationSeconds(refreshInterval),
    values,
  };
}

// A workload's name: a Kubernetes label value's shape, as the catalog's `consumers` check it.
const WORKLOAD_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks the workloads against the catalog's consumers and the roles, and resolves what each namespace syncs. */
function resolveWorkloads(
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
    check.matches(
      at,
      workload,
      WORKLOAD_NAME,
      "a workload name: up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
    );
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
  // The namespace reads through a SecretStore that authenticates as the workload's own service account
  // (IRSA): the role that trusts exactly one service account of this namespace.
  const candidates = access.roles.filter(
    (r) => r.trust?.kind === "eks-service-account" && r.trust.namespace === config.namespace,
  );
  if (candidates.length !== 1) {
    check.fail(
      `${at}.namespace`,
      config.namespace,
      `a namespace whose workload's service account exactly one role of access.roles trusts (found ${candidates.length}): its SecretStore reads with that role`,
    );
    return undefined;
  }
  const role = candidates[0]!;
  const trust = role.trust as Extract<AccessRoleConfig["trust"], { kind: "eks-service-account" }>;
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
  return {
    workload,
    description: config.description ?? workload,
    namespace: config.namespace,
    secrets,
    serviceAccount: trust.serviceAccount,
    roleName: role.name,
  };
}
