import { categoryOf, CATEGORY_NAME, SECRET_NAME_PATTERN } from "../catalog/secret-catalog";
import type { FieldChecks } from "./field-checks";

/** One access group: a read policy (`secrets-read-<group>`) over the secrets of some categories. */
export interface AccessGroupConfig {
  /** The categories whose secrets (`qualisys/<category>/*`) the group's read policy grants. */
  readonly categories: readonly string[];
  /**
   * What the group is for, for the docs.
   * @default - the group's name
   */
  readonly description?: string;
  /**
   * Put the group's secrets, read policy and roles in a stack of their own, `secrets-<env>-<group>` (and
   * the ExternalSecrets of its workloads' namespaces in `external-secrets-sync-<env>-<group>`), with a
   * state of their own: a team plans and applies its secrets without locking, or waiting for, everyone
   * else's. The environment's stack keeps the key (found by its alias), the trail, the alerts and
   * rotation; the group may hold no secret that is rotated automatically, and its roles may read nothing
   * outside it.
   * @default false
   */
  readonly ownStack?: boolean;
}

/** An access group with its name. */
export interface ResolvedAccessGroup {
  readonly name: string;
  readonly categories: readonly string[];
  readonly description: string;
  /** Whether the group has a stack of its own. */
  readonly ownStack: boolean;
}

// Part of the read policy's name, `qualisys-<env>-secrets-read-<group>` (IAM: at most 128 characters).
const GROUP_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Checks the access groups: names, categories (each in exactly one group, since a category's secrets are
 * granted by one name prefix). Returns the well-formed ones so resolution can go on.
 */
export function resolveAccessGroups(groups: unknown, check: FieldChecks): ResolvedAccessGroup[] {
  if (typeof groups !== "object" || groups === null || Array.isArray(groups) || Object.keys(groups).length === 0) {
    check.fail(
      "access.groups",
      groups,
      'the access groups by name, each with the categories it reads, e.g. { infra: { categories: ["database"] } }',
    );
    return [];
  }
  const owner = new Map<string, string>();
  const resolved: ResolvedAccessGroup[] = [];
  for (const [name, config] of Object.entries(groups as Record<string, AccessGroupConfig>)) {
    const at = `access.groups.${name}`;
    check.matches(
      at,
      name,
      GROUP_NAME,
      "a group name: a lowercase letter, then up to 31 lowercase letters, digits and '-'",
    );
    const categories: unknown = config?.categories;
    if (!Array.isArray(categories) || categories.length === 0) {
      check.fail(`${at}.categories`, categories, "a list of one or more categories");
      continue;
    }
    categories.forEach((category, i) => {
      if (
        !check.matches(
          `${at}.categories[${i}]`,
          category,
          CATEGORY_NAME,
          "a category name: a lowercase letter, then up to 31 lowercase letters, digits and '-'",
        )
      )
        return;
      const other = owner.get(category);
      if (other !== undefined)
        check.fail(
          `${at}.categories[${i}]`,
          category,
          `a category of no other group (access.groups.${other} reads it)`,
        );
      else owner.set(category, name);
    });
    if (config.description !== undefined) check.matches(`${at}.description`, config.description, /\S/, "a few words");
    const ownStack = check.boolean(`${at}.ownStack`, config.ownStack, false);
    resolved.push({ name, categories: categories as string[], description: config.description ?? name, ownStack });
  }
  return resolved;
}

/**
 * The group whose categories include the secret's; `undefined` when none does, or when the name follows
 * no convention (the catalog's own checks report that, so callers need not guard against it).
 */
export function groupOfSecret(
  groups: readonly ResolvedAccessGroup[],
  secretName: string,
): ResolvedAccessGroup | undefined {
  if (typeof secretName !== "string" || !SECRET_NAME_PATTERN.test(secretName)) return undefined;
  const category = categoryOf(secretName);
  return groups.find((group) => group.categories.includes(category));
}

/** `infra (database, redis, jwt); llm (llm)`: the groups and their categories, for error messages. */
export function describeGroups(groups: readonly ResolvedAccessGroup[]): string {
  return groups.map((g) => `${g.name} (${g.categories.join(", ")})`).join("; ");
}
