import {
  accessGroupOf,
  categoryOf,
  WORKLOAD_LABELS,
  WORKLOADS,
  type SecretDefinition,
  type Workload,
} from "../catalog/secret-catalog";
import type { AccessRoleConfig } from "./access-settings";
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
  /** Namespaces of the workloads that consume secrets. */
  readonly workloads: { readonly [W in Workload]?: WorkloadSettings };
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
  readonly workload: Workload;
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
  roles: readonly AccessRoleConfig[],
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
  const workloads: ResolvedWorkload[] = [];
  const namespaces = new Set<string>();
  for (const workload of WORKLOADS) {
    const consumed = catalog.filter((d) => d.consumers.includes(workload)).map((d) => d.name);
    const config = settings.workloads?.[workload];
    if (!config) {
      if (consumed.length > 0)
        check.fail(
          `kubernetes.workloads.${workload}`,
          undefined,
          `the namespace of the ${WORKLOAD_LABELS[workload]}, which consume ${consumed.join(", ")}`,
        );
      continue;
    }
    const at = `kubernetes.workloads.${workload}`;
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
    if (namespaces.has(config.namespace))
      check.fail(`${at}.namespace`, config.namespace, "a namespace no other workload uses");
    namespaces.add(config.namespace);
    const extra: unknown = config.additionalSecrets ?? [];
    const extras = Array.isArray(extra) ? (extra as string[]) : [];
    extras.forEach((name, i) => {
      if (!catalog.some((d) => d.name === name))
        check.fail(
          `${at}.additionalSecrets[${i}]`,
          name,
          `a secret of the catalog (one of ${catalog.map((d) => d.name).join(", ")})`,
        );
    });
    const secrets = [...new Set([...consumed, ...extras.filter((n) => catalog.some((d) => d.name === n))])];
    // The namespace reads through a SecretStore that authenticates as the workload's own service account
    // (IRSA): the role that trusts exactly one service account of this namespace.
    const candidates = roles.filter(
      (r) => r.trust?.kind === "eks-service-account" && r.trust.namespace === config.namespace,
    );
    if (candidates.length !== 1) {
      check.fail(
        `${at}.namespace`,
        config.namespace,
        `a namespace whose workload's service account exactly one role of access.roles trusts (found ${candidates.length}): its SecretStore reads with that role`,
      );
      continue;
    }
    const role = candidates[0]!;
    const trust = role.trust as Extract<AccessRoleConfig["trust"], { kind: "eks-service-account" }>;
    for (const name of secrets) {
      const group = accessGroupOf(categoryOf(name));
      if (!role.accessGroups?.includes(group) && !role.secrets?.includes(name)) {
        check.fail(
          `${at}`,
          workload,
          `a workload whose role (${role.name}) may read what the namespace syncs: ${name} is of the access group ${group}, which the role is not granted`,
        );
      }
    }
    workloads.push({
      workload,
      namespace: config.namespace,
      secrets,
      serviceAccount: trust.serviceAccount,
      roleName: role.name,
    });
  }

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
