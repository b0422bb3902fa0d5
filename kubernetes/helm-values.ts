/**
 * The External Secrets Operator chart values the project sets, as a TypeScript type: a misspelt key
 * fails to compile (the chart's own values.schema.json catches wrong types, not unknown keys).
 * Only the keys used here are typed; see the chart's values.yaml for the rest.
 */

/** CPU and memory of one container. */
export interface ResourceRequirements {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string; readonly cpu?: string };
}

/** A container security context that meets the `restricted` Pod Security Standard. */
export interface ContainerSecurityContext {
  readonly allowPrivilegeEscalation: false;
  readonly readOnlyRootFilesystem: boolean;
  readonly runAsNonRoot: true;
  readonly capabilities: { readonly drop: readonly ["ALL"] };
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
}

/** Pod-level security context. */
export interface PodSecurityContext {
  readonly enabled: boolean;
  readonly runAsNonRoot?: boolean;
  readonly seccompProfile?: { readonly type: "RuntimeDefault" };
}

/** A pod disruption budget of one component. */
export interface PodDisruptionBudgetValues {
  readonly enabled: boolean;
  readonly minAvailable?: number | string;
}

/** What the controller, the webhook and the cert controller each have. */
export interface ComponentValues {
  readonly replicaCount: number;
  readonly resources: ResourceRequirements;
  readonly securityContext: ContainerSecurityContext & { readonly enabled: boolean };
  readonly podSecurityContext: PodSecurityContext;
  readonly podDisruptionBudget: PodDisruptionBudgetValues;
}

/** The chart values the project sets. */
export interface ExternalSecretsHelmValues extends ComponentValues {
  /**
   * Leader election of the controller: with more than one replica, only the leader reconciles
   * (the chart's default is false, and then every replica reconciles the same objects).
   */
  readonly leaderElect: boolean;
  /** Let the chart install and upgrade the CRDs (the sync stack needs them). */
  readonly installCRDs: boolean;
  readonly serviceAccount: {
    readonly create: boolean;
    readonly name: string;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly metrics: { readonly service: { readonly enabled: boolean } };
  readonly serviceMonitor: { readonly enabled: boolean };
  readonly webhook: ComponentValues;
  readonly certController: ComponentValues;
}

/** A value, or any part of it, to override. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Overrides of the chart values, merged over the project's (validated against the chart's schema). */
export type HelmValueOverrides = DeepPartial<ExternalSecretsHelmValues>;

/** Merges overrides into values: objects merge key by key, everything else is replaced. */
export function mergeValues<T>(base: T, overrides: DeepPartial<T> | undefined): T {
  if (overrides === undefined) return base;
  if (
    base === null ||
    typeof base !== "object" ||
    Array.isArray(base) ||
    overrides === null ||
    typeof overrides !== "object" ||
    Array.isArray(overrides)
  ) {
    return overrides as T;
  }
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    result[key] = key in result ? mergeValues(result[key], value) : value;
  }
  return result as T;
}

const RESTRICTED: ContainerSecurityContext & { enabled: boolean } = {
  enabled: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** What the environment decides about the operator. */
export interface OperatorValueSettings {
  /** Name of the operator's service account. */
  readonly serviceAccountName: string;
  /** Replicas of each component; 2 or more turns the pod disruption budgets on. */
  readonly replicaCount: number;
  /** Expose the metrics service. */
  readonly metrics: boolean;
  /** Create a Prometheus Operator ServiceMonitor (needs its CRD in the cluster). */
  readonly serviceMonitor: boolean;
}

function component(replicaCount: number, resources: ResourceRequirements): ComponentValues {
  return {
    replicaCount,
    resources,
    securityContext: RESTRICTED,
    podSecurityContext: { enabled: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    // With one replica a budget of one available pod would block every node drain.
    podDisruptionBudget: replicaCount > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
  };
}

/** The project's chart values for an environment. */
export function operatorValues(settings: OperatorValueSettings): ExternalSecretsHelmValues {
  const small: ResourceRequirements = { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } };
  return {
    installCRDs: true,
    leaderElect: settings.replicaCount > 1,
    ...component(settings.replicaCount, { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } }),
    serviceAccount: {
      create: true,
      name: settings.serviceAccountName,
      // No IRSA role: the operator reads no secret itself; each namespace's SecretStore reads as its workload.
      annotations: {},
    },
    metrics: { service: { enabled: settings.metrics } },
    serviceMonitor: { enabled: settings.serviceMonitor },
    webhook: component(settings.replicaCount, small),
    certController: component(settings.replicaCount, small),
  };
}

/**
 * The project's rules on the merged values that the chart's schema leaves open (it only types each
 * value): a controller of more than one replica must elect a leader.
 * @returns each problem as a path under the values and what is expected
 */
export function chartValueProblems(
  values: ExternalSecretsHelmValues,
): { path: string; value: unknown; expected: string }[] {
  const problems: { path: string; value: unknown; expected: string }[] = [];
  if (values.replicaCount > 1 && values.leaderElect !== true) {
    problems.push({
      path: "leaderElect",
      value: values.leaderElect,
      expected: `true while the controller runs ${values.replicaCount} replicas (replicaCount): without leader election every replica reconciles the same objects`,
    });
  }
  return problems;
}
