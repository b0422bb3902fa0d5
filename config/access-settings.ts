import { resolveAccessGroups, type AccessGroupConfig, type ResolvedAccessGroup } from "./access-groups";
import type { FieldChecks } from "./field-checks";
import { OIDC_ISSUER, type RoleTrust } from "./role-trust";
import { GroupGrants, resolveExtraReaders, resolveRoles, resolveRolePath } from "./access-roles";

export type { RoleTrust, TrustCondition } from "./role-trust";
import { resolvePrincipals, type PrincipalConfig, type PrincipalPlace, type ResolvedPrincipal } from "./principals";

/** A role that reads secrets, and which access groups or single secrets it reads. */
export interface AccessRoleConfig {
  /** IAM role name (its ARN derives from it). */
  readonly name: string;
  /**
   * Access groups (names of `access.groups`) whose read policy the role gets.
   * @default - none (then `secrets` names what it reads)
   */
  readonly accessGroups?: readonly string[];
  /**
   * Single secrets of the catalog the role reads, for a consumer that needs less than a whole group
   * (migrations read the database secret, not the JWT key): an inline policy of the role.
   * @default - none
   */
  readonly secrets?: readonly string[];
  /** Who may assume it. */
  readonly trust: RoleTrust;
  /**
   * What the role is for.
   * @default - the role's name
   */
  readonly description?: string;
}

/** Who may read the environment's secrets. */
export interface AccessSettings {
  /**
   * The access groups, by name: each is a read policy (`qualisys-<env>-secrets-read-<group>`) over the
   * secrets of its categories, granted by name prefix (`qualisys/<category>/*`). Every secret's category
   * belongs to exactly one group; roles and extra readers are granted groups by name.
   */
  readonly groups: Readonly<Record<string, AccessGroupConfig>>;
  /**
   * Issuer of the EKS cluster's OIDC provider without `https://` (from the cluster story), e.g.
   * `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`. Required for
   * `eks-service-account` trusts and the External Secrets Operator.
   */
  readonly eksOidcIssuer?: string;
  /**
   * Roles that read secrets, with their grants.
   * @default - none
   */
  readonly roles?: readonly AccessRoleConfig[];
  /**
   * The IAM path of the roles of `roles` (e.g. `/qualisys-readers/`). With a path, the service control
   * policy names the readers and guards their roles by one pattern (`role/<path>*`) instead of an ARN per
   * role, so it stays within Organizations' 5,120 characters however many workloads there are, and
   * nobody but whoever runs Terraform and break glass may create a role under it. The secrets' resource
   * policies still name each reader. Changing it replaces the roles (their ARNs change: update the
   * service accounts' `eks.amazonaws.com/role-arn` annotations and the pipelines' role ARNs).
   * @default "/" (no path: the SCP lists each role)
   */
  readonly readerRolePath?: string;
  /**
   * Who runs Terraform for this environment (plan and apply: a person's IAM Identity Center permission
   * set, an HCP Terraform dynamic-credentials role, a CI role). The AWS provider reads every secret
   * version back with GetSecretValue after creating it and at every refresh, so the secrets' resource
   * policies admit these principals; anyone else who runs Terraform gets AccessDenied on the next plan.
   */
  readonly terraformPrincipals: readonly PrincipalConfig[];
  /**
   * Identities that only plan (HCP Terraform's separate plan role, `TFC_AWS_PLAN_ROLE_ARN`; a CI job that
   * plans pull requests): a plan refreshes every secret version (GetSecretValue), so the resource policies
   * admit them as readers; they may not change the policies or write values, as whoever applies may.
   * @default - none: plans run as `terraformPrincipals`
   */
  readonly terraformPlanPrincipals?: readonly PrincipalConfig[];
  /**
   * Who is kept for emergencies: may read every secret, and is the only one that may delete a secret
   * while it is rotated.
   * @default - nobody
   */
  readonly breakGlassPrincipals?: readonly PrincipalConfig[];
  /**
   * Principals whose identity policies live outside this project (another team's role, a role of
   * another stack) that may read the secrets of some access groups: the resource policies admit them;
   * their own policies must allow the read.
   * @default - none
   */
  readonly extraReaders?: readonly ExtraReaderConfig[];
}

/** A reader whose identity policy is managed elsewhere. */
export interface ExtraReaderConfig {
  /** Who. */
  readonly principal: PrincipalConfig;
  /** The access groups whose secrets it may read. */
  readonly accessGroups: readonly string[];
  /** Why, for the docs' access matrix. */
  readonly reason: string;
}

/** A role with its grants filled in. */
export interface ResolvedAccessRole extends AccessRoleConfig {
  readonly accessGroups: readonly string[];
  readonly secrets: readonly string[];
}

/** Access settings with defaults filled in and ARNs derived. */
export interface ResolvedAccess {
  /** The access groups, in the configuration's order. */
  readonly groups: readonly ResolvedAccessGroup[];
  /** The IAM path of the roles (`/` when none). */
  readonly readerRolePath: string;
  readonly eksOidcIssuer?: string;
  readonly roles: readonly ResolvedAccessRole[];
  readonly terraformPrincipals: readonly ResolvedPrincipal[];
  readonly terraformPlanPrincipals: readonly ResolvedPrincipal[];
  readonly breakGlassPrincipals: readonly ResolvedPrincipal[];
  readonly extraReaders: readonly {
    readonly principal: ResolvedPrincipal;
    readonly accessGroups: readonly string[];
    readonly reason: string;
  }[];
}

/** The ARN of a role of `access.roles`, its path included. */
export function readerRoleArn(partition: string, accountId: string, path: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
}

/** Checks the access settings and fills in defaults. */
export function resolveAccess(
  settings: AccessSettings | undefined,
  place: PrincipalPlace,
  secretNames: readonly string[],
  check: FieldChecks,
): ResolvedAccess {
  const s: Partial<AccessSettings> = settings ?? {};
  const groups = resolveAccessGroups(s.groups, check);
  const grants = new GroupGrants(groups, check);
  if (s.eksOidcIssuer !== undefined) {
    check.matches(
      "access.eksOidcIssuer",
      s.eksOidcIssuer,
      OIDC_ISSUER,
      "the cluster's OIDC issuer without https://, e.g. oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    );
  }
  const principals = (
    field: "terraformPrincipals" | "terraformPlanPrincipals" | "breakGlassPrincipals",
    required?: string,
  ) => resolvePrincipals(s[field], `access.${field}`, place, check, required);
  return {
    groups,
    readerRolePath: resolveRolePath(s.readerRolePath, check),
    eksOidcIssuer: s.eksOidcIssuer,
    roles: resolveRoles(s.roles, s.eksOidcIssuer, grants, secretNames, check),
    terraformPrincipals: principals(
      "terraformPrincipals",
      "who runs terraform plan and apply for this environment (an IAM Identity Center permission set, an HCP Terraform or CI role): the AWS provider reads every secret version back, and the resource policies admit only the readers they name",
    ),
    terraformPlanPrincipals: principals("terraformPlanPrincipals"),
    breakGlassPrincipals: principals("breakGlassPrincipals"),
    extraReaders: resolveExtraReaders(s.extraReaders, grants, place, check),
  };
}
