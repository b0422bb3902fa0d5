import type { SecretDefinition } from "../catalog/secret-catalog";
import { groupOfSecret } from "./access-groups";
import type { ResolvedAccess } from "./access-settings";
import type { FieldChecks } from "./field-checks";
import type { ResolvedWorkload } from "./kubernetes-settings";

/** What one secrets stack of an environment holds: the environment's own, or a team's (a group with `ownStack`). */
export interface StackPart {
  /** The group of a team stack; `undefined` for the environment's stack. */
  readonly team?: string;
  /** The access groups whose read policies it holds. */
  readonly groups: readonly string[];
  /** The secrets it holds. */
  readonly secretNames: readonly string[];
  /** The roles of `access.roles` it holds. */
  readonly roleNames: readonly string[];
  /** The workload namespaces whose SecretStore and ExternalSecrets its sync stack holds. */
  readonly namespaces: readonly string[];
}

/**
 * Splits an environment into its stacks: one per group with `ownStack`, the rest in the environment's.
 * Checks that a team stack can stand alone: no automatically rotated secret (the rotation function and
 * its schedules live in the environment's stack), and no role that reads both inside and outside it (a
 * role, with its policy attachments, lives in one state).
 */
export function splitIntoStacks(
  catalog: readonly SecretDefinition[],
  access: ResolvedAccess,
  workloads: readonly ResolvedWorkload[],
  check: FieldChecks,
): StackPart[] {
  const groupOf = (name: string) => groupOfSecret(access.groups, name)?.name;
  const teams = access.groups.filter((g) => g.ownStack).map((g) => g.name);
  const partOf = (group: string | undefined) => (group !== undefined && teams.includes(group) ? group : undefined);
  const parts: StackPart[] = [undefined, ...teams].map((team) => {
    const secretNames = catalog.map((d) => d.name).filter((name) => partOf(groupOf(name)) === team);
    const roleNames = access.roles
      .filter((role) => {
        const parts = new Set([...role.accessGroups.map(partOf), ...role.secrets.map((s) => partOf(groupOf(s)))]);
        return parts.has(team);
      })
      .map((role) => role.name);
    return {
      team,
      groups: access.groups.map((g) => g.name).filter((g) => partOf(g) === team),
      secretNames,
      roleNames,
      namespaces: workloads.filter((w) => roleNames.includes(w.roleName)).map((w) => w.namespace),
    };
  });
  for (const team of teams) {
    const at = `access.groups.${team}.ownStack`;
    const rotated = catalog.filter((d) => groupOf(d.name) === team && d.rotation?.kind === "automatic");
    if (rotated.length > 0)
      check.fail(
        at,
        true,
        `false while the group holds a secret rotated automatically (${rotated.map((d) => d.name).join(", ")}): rotation lives in the environment's stack`,
      );
  }
  access.roles.forEach((role, i) => {
    const holders = parts.filter((p) => p.roleNames.includes(role.name));
    if (holders.length > 1)
      check.fail(
        `access.roles[${i}]`,
        role.name,
        `a role that reads within one stack: it reads from ${holders.map((p) => (p.team ? `the ${p.team} team's stack` : "the environment's stack")).join(" and ")} (give it a role per stack)`,
      );
  });
  return parts;
}
