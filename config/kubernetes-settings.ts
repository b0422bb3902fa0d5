import type { SecretDefinition } from "../catalog/secret-catalog";
import type { ResolvedAccess } from "./access-settings";
import { resolveWorkloads, type ResolvedWorkload, type WorkloadSettings } from "./workload-settings";

export type { ResolvedWorkload, WorkloadSettings } from "./workload-settings";
import {
  chartValueProblems,
  mergeValues,
  operatorValues,
  type ExternalSecretsHelmValues,
  type HelmValueOverrides,
} from "../kubernetes/helm-values";
import { ESO_SERVICE_ACCOUNT } from "../kubernetes/eso-chart";
import type { FieldChecks } from "./field-checks";

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
