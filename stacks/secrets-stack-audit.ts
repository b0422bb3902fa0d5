import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { rotationFunctionName } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import type { Placement } from "../config/placement";
import { AccessPathAlerts, IAM_EVENTS_REGION } from "../constructs/access-path-alerts";
import { AuditBucketGuard } from "../constructs/audit-bucket-guard";
import { AuditTrail } from "../constructs/audit-trail";
import type { PostgresRotationFunction } from "../constructs/rotation-function";
import { SecurityAlerts } from "../constructs/security-alerts";
import { SilencingAlerts } from "../constructs/silencing-alerts";
import { TamperingAlerts } from "../constructs/tampering-alerts";
import { defaultTagsOf, secretsStackResourceNames } from "./secrets-stack-names";

/** The environment's own trail, its bucket's guard and outputs, unless an organization trail records the account. */
export function addAuditTrail(
  scope: Construct,
  env: ResolvedEnvironment,
  placement: Placement,
): AuditTrail | undefined {
  if (env.audit.trail !== "create") return undefined;
  const names = secretsStackResourceNames(env.name);
  const auditTrail = new AuditTrail(scope, "audit-trail", {
    name: names.trail,
    placement,
    logRetentionInDays: env.audit.logRetentionInDays,
    transitionToGlacierAfterDays: env.audit.transitionToGlacierAfterDays,
    expireAfterDays: env.audit.expireAfterDays,
    forceDestroy: env.allowTeardown,
  });
  new AuditBucketGuard(scope, "audit-bucket-guard", {
    name: `qualisys-${env.name}`,
    bucket: auditTrail.bucket,
    versioning: auditTrail.versioning,
    placement,
    kmsKeyArn: auditTrail.key.arn,
    mode: env.audit.objectLock.mode,
    retentionDays: env.audit.objectLock.retentionDays,
    accessLogRetentionDays: env.audit.logRetentionInDays,
    teardown: env.allowTeardown,
  });
  new TerraformOutput(scope, "audit_trail_arn", {
    description: "ARN of the audit trail",
    value: auditTrail.trail.arn,
  });
  new TerraformOutput(scope, "audit_bucket_name", {
    description: "Bucket of the audit trail's log files",
    value: auditTrail.bucket.bucket,
  });
  return auditTrail;
}

/** What the alerts watch. */
export interface AlertInputs {
  readonly placement: Placement;
  readonly operationsKeyArn: string;
  /** Every KMS key of the stack (tampering with any is alerted). */
  readonly keyArns: readonly string[];
  readonly auditTrail?: AuditTrail;
  readonly rotationFunction?: PostgresRotationFunction;
}

/**
 * The security topic and every alert on it: denied calls, secret changes (not the rotation function's
 * own writes), tampering with keys, trail and function, the ways to become a reader (the roles of every
 * stack of the environment, team stacks included: they are named by the configuration), and switching
 * the alerting off.
 */
export function addSecurityAlerts(scope: Construct, env: ResolvedEnvironment, inputs: AlertInputs): SecurityAlerts {
  const names = secretsStackResourceNames(env.name);
  const { auditTrail, rotationFunction, placement } = inputs;
  const securityAlerts = new SecurityAlerts(scope, "security-alerts", {
    name: names.security,
    placement,
    kmsKeyArn: inputs.operationsKeyArn,
    secretNamePrefix: "qualisys/",
    // This stack's trail delivers to a log group of the account; an organization trail's log group is elsewhere.
    deniedCalls: auditTrail
      ? { kind: "trail-log-group", logGroupName: auditTrail.logGroup.name }
      : { kind: "eventbridge" },
    emails: env.audit.securityNotificationEmails,
    rotationRoleName: rotationFunction ? rotationFunctionName(env.name) : undefined,
  });
  new TamperingAlerts(scope, "tampering-alerts", {
    name: names.security,
    topicArn: securityAlerts.topic.arn,
    keyArns: [...inputs.keyArns],
    rotationFunctionName: rotationFunction ? rotationFunctionName(env.name) : undefined,
    rotationRoleArn: rotationFunction?.role.arn,
  });
  const rolesWithPaths = env.access.terraformPrincipals.flatMap((p) =>
    p.arnPattern.includes("*") || p.arnPattern.includes("?") ? [] : [p.arnPattern.split("/").pop()!],
  );
  new AccessPathAlerts(scope, "access-path-alerts", {
    name: names.security,
    topicArn: securityAlerts.topic.arn,
    placement,
    roleNames: [
      ...env.access.roles.map((r) => r.name),
      ...(rotationFunction ? [rotationFunctionName(env.name)] : []),
      ...rolesWithPaths,
    ],
    clusterName: env.kubernetes?.clusterName,
    iamEventsProvider:
      env.region === IAM_EVENTS_REGION
        ? undefined
        : new AwsProvider(scope, "aws-iam-events", {
            alias: "iam_events",
            region: IAM_EVENTS_REGION,
            allowedAccountIds: [env.accountId],
            defaultTags: [{ tags: defaultTagsOf(env) }],
          }),
  });
  new SilencingAlerts(scope, "silencing-alerts", {
    name: names.security,
    topicArn: securityAlerts.topic.arn,
    resourcePrefix: `qualisys-${env.name}-`,
    placement,
    logGroupNames: [
      ...(auditTrail ? [auditTrail.logGroup.name] : []),
      ...(rotationFunction ? [rotationFunction.logGroup.name] : []),
    ],
  });
  return securityAlerts;
}
