import type { SecretDefinition } from "../catalog/secret-catalog";
import type { AccessRoleConfig } from "./access-settings";
import type { EnvironmentConfig } from "./environment-config";

/** How far {@link scaledEnvironment} grows an environment. */
export interface Scale {
  /** Secrets in all, the environment's own included (e.g. 1,000). */
  readonly secrets: number;
  /** Workloads in all, the environment's own included (e.g. 50). */
  readonly workloads: number;
  /** Access groups in all, the environment's own included (e.g. 10). */
  readonly groups: number;
  /**
   * The IAM path of the readers' roles.
   * @default - the environment's
   */
  readonly readerRolePath?: string;
}

/** The platform of issue 21: what the docs' policy-size table, the size test and the bench grow production to. */
export const GROWN = { secrets: 1000, workloads: 50, groups: 10 } as const satisfies Scale;

/** `count` integrations secrets of one group, each consumed by the API, as a platform that grew would add them. */
export function partnerSecrets(count: number): SecretDefinition[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `qualisys/integrations/partner-${String(i).padStart(4, "0")}`,
    description: `Partner ${i} API key`,
    fields: { api_key: { kind: "operator" } },
    consumers: ["api"],
    rotation: { kind: "manual", cadence: "annual", procedure: "new key from the partner" },
    responsible: "Integrations team",
    environmentVariables: { api_key: `PARTNER_${i}_API_KEY` },
  }));
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * An environment grown as a platform team would grow it, by configuration alone: new access groups
 * `team-NN` (each its own category), new workloads `service-NN` (each in its own namespace, with an IRSA
 * role granted one new group, round robin), and new secrets spread over the new groups, each consumed by
 * one workload of its group. What `npm run bench` synthesizes and the policy-size test checks.
 */
export function scaledEnvironment(base: EnvironmentConfig, scale: Scale): EnvironmentConfig {
  const groupsOf = base.access.groups;
  const workloadsOf = base.kubernetes?.workloads ?? {};
  const newGroups = Array.from({ length: scale.groups - Object.keys(groupsOf).length }, (_, i) => `team-${pad(i + 1)}`);
  const newWorkloads = Array.from(
    { length: scale.workloads - Object.keys(workloadsOf).length },
    (_, i) => `service-${pad(i + 1)}`,
  );
  if (newGroups.length < 1 || newWorkloads.length < newGroups.length)
    throw new Error(
      `scale: at least one group more than the environment's ${Object.keys(groupsOf).length}, and a workload per new group`,
    );
  const groupOfWorkload = (i: number) => newGroups[i % newGroups.length]!;
  const roles: AccessRoleConfig[] = newWorkloads.map((workload, i) => ({
    name: `qualisys-${base.name}-${workload}`,
    accessGroups: [groupOfWorkload(i)],
    trust: { kind: "eks-service-account", namespace: workload, serviceAccount: workload },
  }));
  const baseSecrets = (base.additionalSecrets ?? []).length + 7; // the story's catalog has seven
  const secrets: SecretDefinition[] = Array.from({ length: scale.secrets - baseSecrets }, (_, i) => {
    const group = newGroups[i % newGroups.length]!;
    const readers = newWorkloads.filter((_, w) => groupOfWorkload(w) === group);
    return {
      name: `qualisys/${group}/key-${String(i).padStart(4, "0")}`,
      description: `API key ${i} of ${group}`,
      fields: { api_key: { kind: "operator" } },
      consumers: [readers[Math.floor(i / newGroups.length) % readers.length]!],
      rotation: { kind: "manual", cadence: "annual", procedure: "new key from the provider" },
      responsible: `Team ${group}`,
      environmentVariables: { api_key: `KEY_${i}` },
    };
  });
  return {
    ...base,
    additionalSecrets: [...(base.additionalSecrets ?? []), ...secrets],
    access: {
      ...base.access,
      ...(scale.readerRolePath ? { readerRolePath: scale.readerRolePath } : {}),
      groups: { ...groupsOf, ...Object.fromEntries(newGroups.map((g) => [g, { categories: [g] }])) },
      roles: [...(base.access.roles ?? []), ...roles],
    },
    kubernetes: base.kubernetes && {
      ...base.kubernetes,
      workloads: { ...workloadsOf, ...Object.fromEntries(newWorkloads.map((w) => [w, { namespace: w }])) },
    },
  };
}
