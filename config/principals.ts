import type { FieldChecks } from "./field-checks";

/**
 * A principal of the account named in the configuration: the identity Terraform runs as, the
 * break-glass identity, a reader whose policies live elsewhere. Secret resource policies match it on
 * `aws:PrincipalArn` with `ArnLike` / `ArnNotLike`, which for a role session is the role's ARN (path
 * included), whatever the session name.
 * see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export type PrincipalConfig =
  /**
   * A role by its ARN, path included: `arn:aws:iam::123456789012:role/hcp-terraform/deployer` (an HCP
   * Terraform dynamic-credentials role, a CI role, ...). No wildcards.
   */
  | { readonly roleArn: string }
  /**
   * The roles IAM Identity Center creates for a permission set in the account, whatever their suffix:
   * `role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<set>_<16 hex characters>`.
   */
  | { readonly ssoPermissionSet: string };

/** A principal resolved to the ARN pattern the resource policies match. */
export interface ResolvedPrincipal {
  /** A short name for docs and tables: the role name or `SSO:<permission set>`. */
  readonly name: string;
  /** The ARN, or the ARN pattern (`*` and `?`), that `aws:PrincipalArn` must match. */
  readonly arnPattern: string;
  /** How the configuration named it, for the deploy guide. */
  readonly description: string;
}

/** Where the environment is: principals must be of its account and partition. */
export interface PrincipalPlace {
  readonly partition: string;
  readonly accountId: string;
}

// see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Path, RoleName)
const ROLE_PATH = /^\/([\u0021-\u007E]+\/)*$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// see: https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html (Name)
const PERMISSION_SET = /^[\w+=,.@-]{1,32}$/;

/**
 * The ARN pattern of the roles IAM Identity Center creates in an account for a permission set. The
 * role name is `AWSReservedSSO_<set>_` plus 16 hex characters, under `aws-reserved/sso.amazonaws.com/`
 * and, for roles created since 2023, a region segment: `*` admits the optional segment, and sixteen `?`
 * (rather than `*`) keep `Admin` from also matching `Admin_ReadOnly`.
 * see: https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
export function ssoRolePattern(place: PrincipalPlace, permissionSet: string): string {
  return `arn:${place.partition}:iam::${place.accountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${permissionSet}_${"?".repeat(16)}`;
}

/** Checks one principal of the configuration and resolves its pattern; reports what is wrong with the field named. */
export function resolvePrincipal(
  config: unknown,
  at: string,
  place: PrincipalPlace,
  check: FieldChecks,
): ResolvedPrincipal | undefined {
  const expected = `{ roleArn: "arn:${place.partition}:iam::${place.accountId}:role/<path/>name" } or { ssoPermissionSet: "<permission set name>" }`;
  if (typeof config !== "object" || config === null) {
    check.fail(at, config, expected);
    return undefined;
  }
  const { roleArn, ssoPermissionSet } = config as { roleArn?: unknown; ssoPermissionSet?: unknown };
  if (ssoPermissionSet !== undefined && roleArn === undefined) {
    if (
      !check.matches(
        `${at}.ssoPermissionSet`,
        ssoPermissionSet,
        PERMISSION_SET,
        "an IAM Identity Center permission set name (1-32 letters, digits and +=,.@_-)",
      )
    )
      return undefined;
    return {
      name: `SSO:${ssoPermissionSet}`,
      arnPattern: ssoRolePattern(place, ssoPermissionSet),
      description: `the IAM Identity Center permission set ${ssoPermissionSet}`,
    };
  }
  if (typeof roleArn !== "string" || ssoPermissionSet !== undefined) {
    check.fail(at, config, expected);
    return undefined;
  }
  const match = /^arn:([\w-]+):iam::(\d{12}):role(\/.*\/|\/)([^/]+)$/.exec(roleArn);
  if (!match) {
    check.fail(`${at}.roleArn`, roleArn, `a role ARN, arn:${place.partition}:iam::${place.accountId}:role/<path/>name`);
    return undefined;
  }
  const [, partition, accountId, rolePath, name] = match as unknown as [string, string, string, string, string];
  if (partition !== place.partition)
    check.fail(`${at}.roleArn`, roleArn, `a role of the partition ${place.partition} (the environment's region)`);
  else if (accountId !== place.accountId && /^\d{12}$/.test(place.accountId))
    check.fail(`${at}.roleArn`, roleArn, `a role of the environment's account ${place.accountId}`);
  else if (!ROLE_PATH.test(rolePath) || /[*?]/.test(rolePath))
    check.fail(`${at}.roleArn`, roleArn, "a role path of printable characters between slashes, without wildcards");
  else if (!ROLE_NAME.test(name))
    check.fail(`${at}.roleArn`, roleArn, "a role name of 1-64 letters, digits and +=,.@_- (no wildcards)");
  else return { name, arnPattern: roleArn, description: `the role ${roleArn}` };
  return undefined;
}

/** Checks a list of principals; `required` reports an empty or missing list. */
export function resolvePrincipals(
  configs: unknown,
  at: string,
  place: PrincipalPlace,
  check: FieldChecks,
  required: string | undefined,
): ResolvedPrincipal[] {
  if (configs === undefined || (Array.isArray(configs) && configs.length === 0)) {
    if (required) check.fail(at, configs, required);
    return [];
  }
  if (!Array.isArray(configs)) {
    check.fail(at, configs, "a list of principals");
    return [];
  }
  return configs.flatMap((config, i) => resolvePrincipal(config, `${at}[${i}]`, place, check) ?? []);
}
