import type { ResolvedAccessGroup } from "./access-groups";
import type { AccessRoleConfig, ExtraReaderConfig, ResolvedAccess, ResolvedAccessRole } from "./access-settings";
import { type FieldChecks, IAM_ROLE_NAME } from "./field-checks";
import { resolvePrincipal, type PrincipalPlace } from "./principals";
import { checkTrust } from "./role-trust";

/** Checks grants of access groups against the groups the configuration has. */
export class GroupGrants {
  private readonly names: readonly string[];
  /** The groups, for messages. */
  public readonly list: string;

  constructor(
    groups: readonly ResolvedAccessGroup[],
    private readonly check: FieldChecks,
  ) {
    this.names = groups.map((g) => g.name);
    this.list = this.names.length > 0 ? this.names.join(", ") : "the groups of access.groups";
  }

  /** A list of group names, each one of access.groups (`required`: at least one). */
  public checkList(at: string, value: unknown, required: boolean): void {
    if (!Array.isArray(value) || (required && value.length === 0))
      this.check.fail(at, value, `a list of ${required ? "one or more " : ""}access groups (${this.list})`);
    else
      value.forEach((g, j) => {
        if (!this.names.includes(g as string)) this.check.fail(`${at}[${j}]`, g, `one of ${this.list} (access.groups)`);
      });
  }
}

/** The roles of access.roles: unique IAM names, groups and single secrets that exist, a trust pinned to a subject. */
export function resolveRoles(
  roles: unknown,
  eksOidcIssuer: string | undefined,
  grants: GroupGrants,
  secretNames: readonly string[],
  check: FieldChecks,
): ResolvedAccessRole[] {
  const list = Array.isArray(roles) ? (roles as AccessRoleConfig[]) : [];
  if (roles !== undefined && !Array.isArray(roles)) check.fail("access.roles", roles, "a list of roles");
  const names = new Set<string>();
  list.forEach((role, i) => {
    const at = `access.roles[${i}]`;
    if (check.matches(`${at}.name`, role.name, IAM_ROLE_NAME, "an IAM role name (1-64 letters, digits and +=,.@_-)")) {
      if (names.has(role.name)) check.fail(`${at}.name`, role.name, "a name no other role uses");
      names.add(role.name);
    }
    checkRoleGrants(role, at, grants, secretNames, check);
    checkTrust(role.trust, `${at}.trust`, eksOidcIssuer, check);
  });
  return list.map((role) => ({
    ...role,
    accessGroups: Array.isArray(role.accessGroups) ? role.accessGroups : [],
    secrets: Array.isArray(role.secrets) ? role.secrets : [],
  }));
}

/** What one role reads: groups that exist, secrets of the catalog, and at least one of them. */
function checkRoleGrants(
  role: AccessRoleConfig,
  at: string,
  grants: GroupGrants,
  secretNames: readonly string[],
  check: FieldChecks,
): void {
  const groups: unknown = role.accessGroups ?? [];
  const secrets: unknown = role.secrets ?? [];
  grants.checkList(`${at}.accessGroups`, groups, false);
  if (!Array.isArray(secrets)) check.fail(`${at}.secrets`, secrets, "a list of secret names of the catalog");
  else
    secrets.forEach((name, j) => {
      if (!secretNames.includes(name as string))
        check.fail(`${at}.secrets[${j}]`, name, `a secret of the environment's catalog (${secretNames.join(", ")})`);
    });
  if (Array.isArray(groups) && Array.isArray(secrets) && groups.length + secrets.length === 0)
    check.fail(
      `${at}.accessGroups`,
      role.accessGroups,
      `one or more of ${grants.list}, or single secrets in ${at}.secrets: a role that reads nothing has no place here`,
    );
}

/** Readers whose identity policies live elsewhere: a principal, the groups it reads, and why. */
export function resolveExtraReaders(
  readers: unknown,
  grants: GroupGrants,
  place: PrincipalPlace,
  check: FieldChecks,
): ResolvedAccess["extraReaders"] {
  if (readers !== undefined && !Array.isArray(readers)) check.fail("access.extraReaders", readers, "a list of readers");
  return (Array.isArray(readers) ? (readers as ExtraReaderConfig[]) : []).flatMap((reader, i) => {
    const at = `access.extraReaders[${i}]`;
    const principal = resolvePrincipal(reader.principal, `${at}.principal`, place, check);
    const groups: unknown = reader.accessGroups;
    grants.checkList(`${at}.accessGroups`, groups, true);
    check.matches(`${at}.reason`, reader.reason, /\S/, "why it reads, in a few words");
    return principal && Array.isArray(groups)
      ? [{ principal, accessGroups: groups as string[], reason: reader.reason }]
      : [];
  });
}

// see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Path)
const ROLE_PATH = /^\/([\w+=,.@-]+\/)*$/;

/** The readers' IAM path: "/" by default, or segments between slashes, at most 512 characters. */
export function resolveRolePath(path: unknown, check: FieldChecks): string {
  const readerRolePath = path ?? "/";
  if (
    check.matches(
      "access.readerRolePath",
      readerRolePath,
      ROLE_PATH,
      "an IAM path: '/' or segments of letters, digits and +=,.@_- between slashes, e.g. /qualisys-readers/",
    )
  ) {
    if (readerRolePath.length <= 512) return readerRolePath;
    check.fail("access.readerRolePath", readerRolePath, "at most 512 characters");
  }
  return "/";
}
