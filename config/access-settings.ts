import { ACCESS_GROUPS, type AccessGroup } from "../catalog/secret-catalog";
import { EMAIL_ADDRESS, FieldChecks, IAM_ROLE_NAME, LOG_RETENTION_DAYS } from "./field-checks";
import {
  resolvePrincipal,
  resolvePrincipals,
  type PrincipalConfig,
  type PrincipalPlace,
  type ResolvedPrincipal,
} from "./principals";

/** One condition of a web-identity trust, as in an IAM policy. */
export interface TrustCondition {
  /** Condition operator, e.g. `StringEquals`. */
  readonly test: "StringEquals" | "StringLike";
  /** Condition key, e.g. `token.actions.githubusercontent.com:sub`. */
  readonly variable: string;
  /** Values the key must match. */
  readonly values: readonly string[];
}

/** Who may assume a role. */
export type RoleTrust =
  /** Pods of one Kubernetes service account, through the cluster's OIDC provider (IRSA). */
  | { readonly kind: "eks-service-account"; readonly namespace: string; readonly serviceAccount: string }
  /**
   * GitHub Actions of one repository, pinned to a deployment environment (whose protection rules decide
   * who may deploy) or to one workflow file at one branch or tag. A branch alone admits every workflow
   * on it, so `ref` needs `workflow`. AWS evaluates only the token's `sub` (it supports no custom claim),
   * so a workflow pin needs the repository's subject template to include `job_workflow_ref`
   * (`include_claim_keys: ["repo", "context", "job_workflow_ref"]`; the deploy guide says how).
   * see: https://docs.github.com/en/actions/reference/security/oidc#customizing-the-subject-claims-for-an-organization-or-repository
   */
  | {
      readonly kind: "github-actions";
      readonly repository: string;
      /** A GitHub environment: `sub` is `repo:<repository>:environment:<environment>`. */
      readonly environment?: string;
      /** The workflow file, e.g. `.github/workflows/migrate.yml` (with `ref`). */
      readonly workflow?: string;
      /** The branch or tag the workflow runs from, e.g. `refs/heads/main` (with `workflow`). */
      readonly ref?: string;
    }
  /** Any other OIDC provider of the account, with explicit conditions (at least one on `:sub`). */
  | { readonly kind: "web-identity"; readonly providerArn: string; readonly conditions: readonly TrustCondition[] };

/** A role that reads secrets, and which access groups or single secrets it reads. */
export interface AccessRoleConfig {
  /** IAM role name (its ARN derives from it). */
  readonly name: string;
  /**
   * Access groups whose read policy the role gets (`infra`, `llm`, `integrations`).
   * @default - none (then `secrets` names what it reads)
   */
  readonly accessGroups?: readonly AccessGroup[];
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
  readonly accessGroups: readonly AccessGroup[];
  /** Why, for the docs' access matrix. */
  readonly reason: string;
}

/** Object Lock retention modes. see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes */
export const OBJECT_LOCK_MODES = ["GOVERNANCE", "COMPLIANCE"] as const;

/** An Object Lock retention mode. */
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/** Where the audit trail comes from and how long its records live. */
export interface AuditSettings {
  /**
   * `create`: a trail of this stack, whose log group in this account feeds the denied-calls alarm.
   * `organization`: the organization's trail records the account (its log group lives in the
   * management or log-archive account, out of reach here); denied calls then reach the security topic
   * through an EventBridge rule of this account that receives read-only management events.
   * @default "create"
   */
  readonly trail?: "create" | "organization";
  /**
   * Days the trail's CloudWatch Logs group keeps events (a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionInDays?: number;
  /**
   * Days before log files move to S3 Glacier Flexible Retrieval.
   * @default 90
   */
  readonly transitionToGlacierAfterDays?: number;
  /**
   * Days before log files expire (after the transition).
   * @default 2557 (seven years)
   */
  readonly expireAfterDays?: number;
  /**
   * S3 Object Lock of the trail's log files: `GOVERNANCE` (a principal with
   * `s3:BypassGovernanceRetention` can still remove a file) or `COMPLIANCE` (nobody can, not even the
   * account's root user, until the retention ends), and the days each file is kept locked.
   * @default - GOVERNANCE for 365 days (a year of audit records, as PCI DSS 10.5.1 asks)
   */
  readonly objectLock?: { readonly mode?: ObjectLockMode; readonly retentionDays?: number };
  /**
   * Why nobody is told of the security alerts, when `securityNotificationEmails` is empty on purpose
   * (a throwaway environment). Without either, synthesis fails: an alarm that reaches nobody protects nothing.
   * @default - somebody must be told
   */
  readonly nobodyToNotifyBecause?: string;
  /**
   * Addresses told of denied secret reads and of changes to secrets and their policies.
   * @default - none
   */
  readonly securityNotificationEmails?: readonly string[];
}

/** A role with its grants filled in. */
export interface ResolvedAccessRole extends AccessRoleConfig {
  readonly accessGroups: readonly AccessGroup[];
  readonly secrets: readonly string[];
}

/** Access settings with defaults filled in and ARNs derived. */
export interface ResolvedAccess {
  readonly eksOidcIssuer?: string;
  readonly roles: readonly ResolvedAccessRole[];
  readonly terraformPrincipals: readonly ResolvedPrincipal[];
  readonly terraformPlanPrincipals: readonly ResolvedPrincipal[];
  readonly breakGlassPrincipals: readonly ResolvedPrincipal[];
  readonly extraReaders: readonly {
    readonly principal: ResolvedPrincipal;
    readonly accessGroups: readonly AccessGroup[];
    readonly reason: string;
  }[];
}

/** Audit settings with defaults filled in. */
export interface ResolvedAudit {
  readonly trail: "create" | "organization";
  readonly logRetentionInDays: number;
  readonly transitionToGlacierAfterDays: number;
  readonly expireAfterDays: number;
  readonly objectLock: { readonly mode: ObjectLockMode; readonly retentionDays: number };
  readonly securityNotificationEmails: readonly string[];
}

// Kubernetes names: namespaces are DNS-1123 labels, service accounts DNS-1123 subdomains. No wildcards.
// see: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OIDC_ISSUER = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Z0-9]+$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GIT_REF = /^refs\/(heads|tags)\/[^*?\s]+$/;
const NO_WILDCARD = /^[^*?]+$/;
const WORKFLOW_PATH = /^\.github\/workflows\/[^*?\s/]+\.ya?ml$/;

function checkTrust(trust: RoleTrust | undefined, at: string, issuer: string | undefined, check: FieldChecks): void {
  const kind = (trust as { kind?: unknown } | undefined)?.kind;
  if (trust === undefined || !["eks-service-account", "github-actions", "web-identity"].includes(kind as string)) {
    check.fail(`${at}.kind`, kind, "one of eks-service-account, github-actions, web-identity");
    return;
  }
  if (trust.kind === "eks-service-account") {
    if (issuer === undefined)
      check.fail("access.eksOidcIssuer", undefined, `the EKS cluster's OIDC issuer, which ${at} trusts`);
    const wildcard = "(no wildcard: the trust must name exactly one service account)";
    check.matches(
      `${at}.namespace`,
      trust.namespace,
      DNS1123_LABEL,
      `a Kubernetes namespace name, lowercase letters, digits and '-' ${wildcard}`,
    );
    check.matches(
      `${at}.serviceAccount`,
      trust.serviceAccount,
      DNS1123_SUBDOMAIN,
      `a Kubernetes service account name ${wildcard}`,
    );
  } else if (trust.kind === "github-actions") {
    check.matches(`${at}.repository`, trust.repository, GITHUB_REPOSITORY, "owner/repository, without wildcards");
    const pinned = trust.environment !== undefined || (trust.workflow !== undefined && trust.ref !== undefined);
    if (!pinned || (trust.environment !== undefined && (trust.workflow ?? trust.ref) !== undefined)) {
      check.fail(
        at,
        { environment: trust.environment, workflow: trust.workflow, ref: trust.ref },
        "either environment (a GitHub environment) or workflow and ref together (.github/workflows/<file>.yml at refs/heads/<branch>): a branch alone admits every workflow on it",
      );
    }
    if (trust.workflow !== undefined)
      check.matches(
        `${at}.workflow`,
        trust.workflow,
        WORKFLOW_PATH,
        ".github/workflows/<file>.yml (or .yaml), without wildcards",
      );
    if (trust.ref !== undefined)
      check.matches(`${at}.ref`, trust.ref, GIT_REF, "refs/heads/<branch> or refs/tags/<tag>, without wildcards");
    if (trust.environment !== undefined)
      check.matches(
        `${at}.environment`,
        trust.environment,
        NO_WILDCARD,
        "a GitHub environment name, without wildcards",
      );
  } else {
    check.matches(
      `${at}.providerArn`,
      trust.providerArn,
      /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/.+$/,
      "the ARN of an IAM OIDC provider",
    );
    const conditions: unknown = trust.conditions;
    const list = Array.isArray(conditions) ? (conditions as TrustCondition[]) : [];
    if (
      !list.some(
        (c) =>
          c.variable?.endsWith(":sub") &&
          c.values?.length > 0 &&
          c.values.every((v) => NO_WILDCARD.test(v) || c.test === "StringEquals"),
      )
    ) {
      check.fail(
        `${at}.conditions`,
        conditions,
        "at least one condition on <issuer>:sub that names the subject: a trust without conditions admits every identity of the provider",
      );
    }
  }
}

/** Checks the access settings and fills in defaults. */
export function resolveAccess(
  settings: AccessSettings | undefined,
  place: PrincipalPlace,
  secretNames: readonly string[],
  check: FieldChecks,
): ResolvedAccess {
  const s: Partial<AccessSettings> = settings ?? {};
  if (s.eksOidcIssuer !== undefined) {
    check.matches(
      "access.eksOidcIssuer",
      s.eksOidcIssuer,
      OIDC_ISSUER,
      "the cluster's OIDC issuer without https://, e.g. oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    );
  }
  const roles: unknown = s.roles ?? [];
  const list = Array.isArray(roles) ? (roles as AccessRoleConfig[]) : [];
  if (!Array.isArray(roles)) check.fail("access.roles", roles, "a list of roles");
  const names = new Set<string>();
  list.forEach((role, i) => {
    const at = `access.roles[${i}]`;
    if (check.matches(`${at}.name`, role.name, IAM_ROLE_NAME, "an IAM role name (1-64 letters, digits and +=,.@_-)")) {
      if (names.has(role.name)) check.fail(`${at}.name`, role.name, "a name no other role uses");
      names.add(role.name);
    }
    const groups: unknown = role.accessGroups ?? [];
    const secrets: unknown = role.secrets ?? [];
    if (!Array.isArray(groups)) check.fail(`${at}.accessGroups`, groups, `a list of ${ACCESS_GROUPS.join(", ")}`);
    else groups.forEach((g, j) => check.oneOf(`${at}.accessGroups[${j}]`, g, ACCESS_GROUPS, "infra"));
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
        `one or more of ${ACCESS_GROUPS.join(", ")}, or single secrets in ${at}.secrets: a role that reads nothing has no place here`,
      );
    checkTrust(role.trust, `${at}.trust`, s.eksOidcIssuer, check);
  });
  const resolvedRoles: ResolvedAccessRole[] = list.map((role) => ({
    ...role,
    accessGroups: Array.isArray(role.accessGroups) ? role.accessGroups : [],
    secrets: Array.isArray(role.secrets) ? role.secrets : [],
  }));
  const terraformPrincipals = resolvePrincipals(
    s.terraformPrincipals,
    "access.terraformPrincipals",
    place,
    check,
    "who runs terraform plan and apply for this environment (an IAM Identity Center permission set, an HCP Terraform or CI role): the AWS provider reads every secret version back, and the resource policies admit only the readers they name",
  );
  const terraformPlanPrincipals = resolvePrincipals(
    s.terraformPlanPrincipals,
    "access.terraformPlanPrincipals",
    place,
    check,
    undefined,
  );
  const breakGlassPrincipals = resolvePrincipals(
    s.breakGlassPrincipals,
    "access.breakGlassPrincipals",
    place,
    check,
    undefined,
  );
  const extra: unknown = s.extraReaders ?? [];
  const extraReaders = (Array.isArray(extra) ? (extra as ExtraReaderConfig[]) : []).flatMap((reader, i) => {
    const at = `access.extraReaders[${i}]`;
    const principal = resolvePrincipal(reader.principal, `${at}.principal`, place, check);
    const groups: unknown = reader.accessGroups;
    if (!Array.isArray(groups) || groups.length === 0)
      check.fail(`${at}.accessGroups`, groups, `one or more of ${ACCESS_GROUPS.join(", ")}`);
    else groups.forEach((g, j) => check.oneOf(`${at}.accessGroups[${j}]`, g, ACCESS_GROUPS, "infra"));
    check.matches(`${at}.reason`, reader.reason, /\S/, "why it reads, in a few words");
    return principal && Array.isArray(groups)
      ? [{ principal, accessGroups: groups as AccessGroup[], reason: reader.reason }]
      : [];
  });
  if (!Array.isArray(extra)) check.fail("access.extraReaders", extra, "a list of readers");
  return {
    eksOidcIssuer: s.eksOidcIssuer,
    roles: resolvedRoles,
    terraformPrincipals,
    terraformPlanPrincipals,
    breakGlassPrincipals,
    extraReaders,
  };
}

/** Checks the audit settings and fills in defaults. */
export function resolveAudit(settings: AuditSettings | undefined, check: FieldChecks): ResolvedAudit {
  const s = settings ?? {};
  const trail = check.oneOf("audit.trail", s.trail, ["create", "organization"] as const, "create");
  const transition = check.integer("audit.transitionToGlacierAfterDays", s.transitionToGlacierAfterDays, 1, 3650, 90);
  const expire = check.integer("audit.expireAfterDays", s.expireAfterDays, 1, 36500, 2557);
  if (expire <= transition)
    check.fail(
      "audit.expireAfterDays",
      s.expireAfterDays ?? expire,
      `more days than audit.transitionToGlacierAfterDays (${transition})`,
    );
  const lock = s.objectLock ?? {};
  const objectLock = {
    mode: check.oneOf("audit.objectLock.mode", lock.mode, OBJECT_LOCK_MODES, "GOVERNANCE"),
    retentionDays: check.integer("audit.objectLock.retentionDays", lock.retentionDays, 1, 36500, 365),
  };
  if (objectLock.retentionDays > expire)
    check.fail(
      "audit.objectLock.retentionDays",
      objectLock.retentionDays,
      `at most audit.expireAfterDays (${expire}): a file cannot expire while it is locked`,
    );
  const emails: unknown = s.securityNotificationEmails ?? [];
  if (!Array.isArray(emails)) check.fail("audit.securityNotificationEmails", emails, "a list of e-mail addresses");
  else
    emails.forEach((e, i) =>
      check.matches(
        `audit.securityNotificationEmails[${i}]`,
        e,
        EMAIL_ADDRESS,
        "an e-mail address such as security@example.com",
      ),
    );
  if (Array.isArray(emails) && emails.length === 0 && s.nobodyToNotifyBecause === undefined) {
    check.fail(
      "audit.securityNotificationEmails",
      emails,
      "at least one address told of the security alerts (denied reads, secret, key, trail and function changes), or audit.nobodyToNotifyBecause saying why nobody is",
    );
  }
  if (s.nobodyToNotifyBecause !== undefined)
    check.matches(
      "audit.nobodyToNotifyBecause",
      s.nobodyToNotifyBecause,
      /\S.{9,}/,
      "a reason of ten characters or more",
    );
  return {
    trail,
    logRetentionInDays: check.oneOf("audit.logRetentionInDays", s.logRetentionInDays, LOG_RETENTION_DAYS, 365),
    transitionToGlacierAfterDays: transition,
    expireAfterDays: expire,
    objectLock,
    securityNotificationEmails: Array.isArray(emails) ? (emails as string[]) : [],
  };
}
