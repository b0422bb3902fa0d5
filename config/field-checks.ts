import type { ConfigProblem } from "./config-error";

/** A problem without its environment: the checker's owner adds it. */
export type FieldProblem = Omit<ConfigProblem, "environment">;

/**
 * Small typed checks for configuration fields. Each reports a problem naming the field, the value
 * and what is allowed, and returns the value (or its default) so resolution can go on and report
 * every problem at once.
 */
export class FieldChecks {
  constructor(private readonly report: (problem: FieldProblem) => void) {}

  /** Reports a problem directly. */
  public fail(field: string, value: unknown, expected: string): void {
    this.report({ field, value, expected });
  }

  /** A whole number from `min` to `max`, or the default when unset. */
  public integer(field: string, value: unknown, min: number, max: number, fallback: number): number {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      this.fail(field, value, `a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value as number;
  }

  /** `true` or `false`, or the default when unset. */
  public boolean(field: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
      this.fail(field, value, "true or false");
      return fallback;
    }
    return value;
  }

  /** One of the allowed values, or the default when unset. */
  public oneOf<T extends string | number>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T)) {
      this.fail(field, value, `one of ${allowed.join(", ")}`);
      return fallback;
    }
    return value as T;
  }

  /** A string matching the pattern; `required` reports a missing value. */
  public matches(field: string, value: unknown, pattern: RegExp, expected: string, required = true): value is string {
    if (value === undefined && !required) return false;
    if (typeof value !== "string" || !pattern.test(value)) {
      this.fail(field, value, expected);
      return false;
    }
    return true;
  }
}

/** An IPv4 CIDR block, such as 10.0.0.0/16. */
export const IPV4_CIDR =
  /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;

/** An e-mail address, as SNS accepts for e-mail subscriptions (a pragmatic check, not RFC 5322). */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An IAM role name. see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** An EC2 resource id of the given prefix (`vpc`, `subnet`, `sg`): 8 or 17 hexadecimal digits. */
export function ec2Id(prefix: string): RegExp {
  return new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
}

/**
 * Retention periods CloudWatch Logs accepts, in days.
 * see: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** What Secrets Manager accepts as a recovery window. */
export const RECOVERY_WINDOW_EXPECTED = "0 (delete without recovery) or a whole number of days from 7 to 30";

/**
 * Whether Secrets Manager accepts `days` as a recovery window.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
 */
export function isRecoveryWindow(days: unknown): boolean {
  return days === 0 || (Number.isInteger(days) && (days as number) >= 7 && (days as number) <= 30);
}
