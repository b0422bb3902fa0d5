import { SECRET_NAME_PATTERN, type SecretDefinition } from "../catalog/secret-catalog";
import { describeGroups, groupOfSecret } from "./access-groups";
import type { ResolvedAccess } from "./access-settings";
import type { FieldChecks } from "./field-checks";

/**
 * Checks that every secret of the catalog can be granted and is: its category belongs to an access group
 * (the groups' read policies grant by category prefix, so a category of no group is readable by nobody but
 * Terraform and break glass), and some role or reader managed elsewhere reads it (else it is dead weight,
 * or a grant is missing). `at(i)` names where entry `i` sits in the configuration.
 */
export function checkCatalogAccess(
  catalog: readonly SecretDefinition[],
  at: (index: number) => string,
  access: ResolvedAccess,
  check: FieldChecks,
): void {
  if (access.groups.length === 0) return; // access.groups itself is reported
  catalog.forEach((definition, i) => {
    // A malformed name is the catalog's own checks' to report.
    if (typeof definition.name !== "string" || !SECRET_NAME_PATTERN.test(definition.name)) return;
    const group = groupOfSecret(access.groups, definition.name);
    if (!group) {
      check.fail(
        `${at(i)}.name`,
        definition.name,
        `a secret whose category belongs to an access group: ${describeGroups(access.groups)}`,
      );
      return;
    }
    const readers = [
      ...access.roles.filter((r) => r.accessGroups.includes(group.name) || r.secrets.includes(definition.name)),
      ...access.extraReaders.filter((r) => r.accessGroups.includes(group.name)),
    ];
    if (readers.length === 0)
      check.fail(
        `${at(i)}.name`,
        definition.name,
        `a secret someone reads: no role of access.roles and no access.extraReaders entry is granted its group (${group.name}) or the secret`,
      );
  });
}
