import { EMAIL_ADDRESS, FieldChecks, LOG_RETENTION_DAYS } from "./field-checks";

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

/** Audit settings with defaults filled in. */
export interface ResolvedAudit {
  readonly trail: "create" | "organization";
  readonly logRetentionInDays: number;
  readonly transitionToGlacierAfterDays: number;
  readonly expireAfterDays: number;
  readonly objectLock: { readonly mode: ObjectLockMode; readonly retentionDays: number };
  readonly securityNotificationEmails: readonly string[];
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
