/**
 * AC10: rotation on, on the configured schedule, by the environment's function, and how the last
 * rotation ended.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
 */
import { LookupEventsCommand, type Event as TrailEvent } from "@aws-sdk/client-cloudtrail";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { ROTATION_OUTCOME_EVENTS } from "../../constructs/rotation-notifications";
import { secretsStackResourceNames } from "../../stacks/secrets-stack-names";
import { describeError, type AwsClients } from "./aws-clients";
import { rowOf, type CheckRow, type Finding } from "./report";
import type { SecretState } from "./secret-checks";

/** The function ARN rotation should name. */
function expectedFunctionArn(environment: ResolvedEnvironment): string {
  return `arn:${environment.partition}:lambda:${environment.region}:${environment.accountId}:function:${secretsStackResourceNames(environment.name).rotationFunction}`;
}

/**
 * The last rotation outcome of a secret, from CloudTrail's event history (90 days): DescribeSecret says
 * when the secret last rotated, not whether the last attempt worked. Secrets Manager records
 * RotationSucceeded / RotationFailed / RotationAbandoned as service events whose
 * `additionalEventData.SecretId` is the secret's ARN.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html#cloudtrail_log_entries_rotation
 */
async function lastRotationOutcome(
  secretArn: string,
  aws: AwsClients,
): Promise<{ name: string; time: Date } | undefined> {
  let latest: { name: string; time: Date } | undefined;
  for (const eventName of ROTATION_OUTCOME_EVENTS.filter((e) => !e.startsWith("Test"))) {
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await aws.cloudTrail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
          NextToken: token,
        }),
      );
      for (const event of page.Events ?? []) {
        if (secretIdOf(event) !== secretArn || !event.EventTime) continue;
        if (!latest || event.EventTime > latest.time) latest = { name: eventName, time: event.EventTime };
      }
      token = page.NextToken;
      pages += 1;
    } while (token && pages < 10);
  }
  return latest;
}

/** The secret a rotation event is about. */
function secretIdOf(event: TrailEvent): string | undefined {
  try {
    const record = JSON.parse(event.CloudTrailEvent ?? "{}") as { additionalEventData?: { SecretId?: string } };
    return record.additionalEventData?.SecretId;
  } catch {
    return undefined;
  }
}

/** AC10: rotation on, every N days as configured, by the environment's function, and the last outcome. */
export async function rotationRow(
  environment: ResolvedEnvironment,
  states: readonly SecretState[],
  aws: AwsClients,
): Promise<CheckRow> {
  const title = "Database password rotated automatically by the rotation function";
  const rotated = states.filter((s) => s.definition.rotation.kind === "automatic");
  if (!environment.rotation)
    return rowOf("AC10", title, [
      { outcome: "NOT CHECKED", evidence: "rotation is off in this environment's configuration" },
    ]);
  const findings: Finding[] = [];
  for (const state of rotated) findings.push(...(await secretRotationFindings(environment, state, aws)));
  return rowOf("AC10", title, findings);
}

/** One rotated secret: rotation on, its schedule, no stuck AWSPENDING, the environment's function, the last outcome. */
async function secretRotationFindings(
  environment: ResolvedEnvironment,
  state: SecretState,
  aws: AwsClients,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const name = state.definition.name;
  const policy = state.definition.rotation;
  const days = environment.rotation?.automaticallyAfterDays ?? (policy.kind === "automatic" ? policy.everyDays : 90);
  const described = state.described;
  if (!described) {
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: ${state.listed && !state.listed.DeletedDate ? `DescribeSecret failed (${state.describeError})` : "no such secret (see AC1)"}`,
    });
    return findings;
  }
  if (!described.RotationEnabled) {
    findings.push({ outcome: "FAIL", evidence: `${name}: rotation is off` });
    return findings;
  }
  const every = described.RotationRules?.AutomaticallyAfterDays;
  if (every !== days)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: rotates ${every === undefined ? `on ${described.RotationRules?.ScheduleExpression ?? "no schedule"}` : `every ${every} days`}; configured every ${days} days`,
    });
  // A version labelled AWSPENDING alone outlives a failed rotation: while it stays, Secrets Manager
  // refuses every new rotation ("A previous rotation isn't complete"), so rotation is on in name only.
  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html
  const stuck = Object.entries(described.VersionIdsToStages ?? {}).find(
    ([, stages]) => stages.includes("AWSPENDING") && !stages.includes("AWSCURRENT"),
  );
  if (stuck)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: version ${stuck[0]} is labelled AWSPENDING without AWSCURRENT: unless a rotation is running now, every future rotation is refused (runbook: infrastructure/runbooks/failed-rotation.md, "AWSPENDING")`,
    });
  const functionArn = expectedFunctionArn(environment);
  if (described.RotationLambdaARN !== functionArn)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: rotated by ${described.RotationLambdaARN ?? "no function"}; configured ${functionArn}`,
    });
  else if (every === days)
    findings.push({
      outcome: "PASS",
      evidence: `${name}: rotation on, every ${days} days, by ${functionArn}; last rotated ${described.LastRotatedDate?.toISOString() ?? "never"}, next ${described.NextRotationDate?.toISOString() ?? "not scheduled"}`,
    });
  findings.push(await lastOutcomeFinding(name, described.ARN!, aws));
  return findings;
}

/** The last rotation outcome CloudTrail recorded for the secret. */
async function lastOutcomeFinding(name: string, arn: string, aws: AwsClients): Promise<Finding> {
  try {
    const last = await lastRotationOutcome(arn, aws);
    if (!last)
      return {
        outcome: "PASS",
        evidence: `${name}: no rotation outcome in CloudTrail's 90 days of event history`,
      };
    if (last.name === "RotationSucceeded")
      return {
        outcome: "PASS",
        evidence: `${name}: last outcome RotationSucceeded at ${last.time.toISOString()}`,
      };
    return {
      outcome: "FAIL",
      evidence: `${name}: last outcome ${last.name} at ${last.time.toISOString()} (runbook: infrastructure/runbooks/failed-rotation.md)`,
    };
  } catch (error) {
    return {
      outcome: "NOT CHECKED",
      evidence: `${name}: the last outcome could not be looked up (${describeError(error)})`,
    };
  }
}
