/**
 * AC11: every access to a secret leaves a trace. With the stack's own trail: it is logging and records
 * read and write management events of Secrets Manager. With the organization's trail: a trail of the
 * organization records the account and the EventBridge rule that sends denied calls to the security
 * topic receives read-only management events. With the stack's trail, the alarm on denied calls notifies
 * the security topic. Either way, GetSecretValue calls of the last 24 hours on
 * the catalog's secrets are in CloudTrail's event history.
 * see: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 * see: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html
 * see: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
} from "@aws-sdk/client-cloudtrail";
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeRuleCommand } from "@aws-sdk/client-eventbridge";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { deniedCallsName } from "../../constructs/security-alerts";
import { secretsStackResourceNames } from "../../stacks/secrets-stack-names";
import { describeError, failedCall, type AwsClients } from "./aws-clients";
import { recordsSecretReads } from "./trail-selectors";
import { rowOf, type CheckRow, type Finding } from "./report";

/** The stack's own trail: logging, and recording Secrets Manager reads. */
async function ownTrailFindings(environment: ResolvedEnvironment, aws: AwsClients): Promise<Finding[]> {
  const name = secretsStackResourceNames(environment.name).trail;
  try {
    const status = await aws.cloudTrail.send(new GetTrailStatusCommand({ Name: name }));
    if (!status.IsLogging)
      return [
        {
          outcome: "FAIL",
          evidence: `trail ${name} is not logging (stopped ${status.StopLoggingTime?.toISOString() ?? "at an unknown time"}); runbook: infrastructure/runbooks/security-alerts.md`,
        },
      ];
    const findings: Finding[] = [
      {
        outcome: "PASS",
        evidence: `trail ${name} is logging${status.LatestDeliveryTime ? `, last delivery ${status.LatestDeliveryTime.toISOString()}` : ""}`,
      },
    ];
    if (status.LatestDeliveryError)
      findings.push({ outcome: "FAIL", evidence: `trail ${name}: last delivery error ${status.LatestDeliveryError}` });
    const selectors = await aws.cloudTrail.send(new GetEventSelectorsCommand({ TrailName: name }));
    const recorded = recordsSecretReads(selectors);
    findings.push(
      recorded
        ? { outcome: "PASS", evidence: `trail ${name} records Secrets Manager reads (${recorded})` }
        : {
            outcome: "FAIL",
            evidence: `trail ${name} does not record Secrets Manager's read management events (GetSecretValue)`,
          },
    );
    return findings;
  } catch (error) {
    return [failedCall(error, `trail ${name}`)];
  }
}

/**
 * The alarm on denied Secrets Manager calls (own trail): it exists, its actions are on, and it notifies
 * the security topic. Its state is evidence only: ALARM means a call was denied in the last five minutes.
 * see: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
 */
async function deniedCallsAlarmFindings(environment: ResolvedEnvironment, aws: AwsClients): Promise<Finding[]> {
  const names = secretsStackResourceNames(environment.name);
  const alarmName = deniedCallsName(names.security);
  const topicArn = `arn:${environment.partition}:sns:${environment.region}:${environment.accountId}:${names.security}`;
  try {
    const [alarm] =
      (await aws.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }))).MetricAlarms ?? [];
    if (!alarm) return [{ outcome: "FAIL", evidence: `alarm ${alarmName} does not exist: denied reads alert nobody` }];
    if (alarm.ActionsEnabled === false)
      return [
        {
          outcome: "FAIL",
          evidence: `alarm ${alarmName}: its actions are disabled (aws cloudwatch enable-alarm-actions)`,
        },
      ];
    if (!alarm.AlarmActions?.includes(topicArn))
      return [
        {
          outcome: "FAIL",
          evidence: `alarm ${alarmName} does not notify ${topicArn} (it notifies ${alarm.AlarmActions?.join(", ") || "nobody"})`,
        },
      ];
    const state =
      alarm.StateValue === "ALARM"
        ? "; state ALARM: a call was denied in the last five minutes (infrastructure/runbooks/security-alerts.md)"
        : `; state ${alarm.StateValue ?? "unknown"}`;
    return [{ outcome: "PASS", evidence: `alarm ${alarmName} notifies ${topicArn}${state}` }];
  } catch (error) {
    return [failedCall(error, `alarm ${alarmName}`)];
  }
}

/** The organization's trail, as the account sees it, and the rule that needs read-only management events. */
async function organizationTrailFindings(environment: ResolvedEnvironment, aws: AwsClients): Promise<Finding[]> {
  const findings: Finding[] = [];
  try {
    const { trailList = [] } = await aws.cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    const trails = trailList.filter(
      (t) => t.IsOrganizationTrail && (t.IsMultiRegionTrail || t.HomeRegion === environment.region),
    );
    if (trails.length === 0)
      findings.push({
        outcome: "FAIL",
        evidence: `no organization trail records ${environment.region} of this account (DescribeTrails with shadow trails)`,
      });
    for (const trail of trails) {
      // A member account asks about the organization's trail by its ARN.
      const status = await aws.cloudTrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
      findings.push(
        status.IsLogging
          ? { outcome: "PASS", evidence: `organization trail ${trail.TrailARN} is logging` }
          : { outcome: "FAIL", evidence: `organization trail ${trail.TrailARN} is not logging` },
      );
    }
  } catch (error) {
    findings.push({
      outcome: "NOT CHECKED",
      evidence: `the organization trail could not be read from this account (${describeError(error)})`,
    });
  }
  const ruleName = deniedCallsName(secretsStackResourceNames(environment.name).security);
  try {
    const rule = await aws.eventBridge.send(new DescribeRuleCommand({ Name: ruleName }));
    findings.push(
      rule.State === "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
        ? {
            outcome: "PASS",
            evidence: `rule ${ruleName} receives read-only management events (denied reads reach the security topic)`,
          }
        : {
            outcome: "FAIL",
            evidence: `rule ${ruleName} is ${rule.State}: denied GetSecretValue calls (read-only events) do not reach it; expected ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`,
          },
    );
  } catch (error) {
    findings.push(failedCall(error, `rule ${ruleName}`));
  }
  return findings;
}

/**
 * GetSecretValue events of the last 24 hours on the catalog's secrets, from the event history, leaving
 * out the caller's own (an earlier run of verify reads every secret).
 */
async function recentReadFindings(
  environment: ResolvedEnvironment,
  aws: AwsClients,
  now: Date,
  caller: string,
): Promise<Finding[]> {
  const names = environment.catalog.map((d) => d.name);
  const arnPrefix = `arn:${environment.partition}:secretsmanager:${environment.region}:${environment.accountId}:secret:`;
  // A request names the secret by name or by ARN (the name plus a six-character suffix).
  const secretOf = (id: string | undefined) =>
    names.find(
      (n) => id === n || (id?.startsWith(`${arnPrefix}${n}-`) && id.length === arnPrefix.length + n.length + 7),
    );
  const counts = new Map<string, number>();
  let token: string | undefined;
  let pages = 0;
  try {
    do {
      const page = await aws.cloudTrail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetSecretValue" }],
          StartTime: new Date(now.getTime() - 24 * 3600 * 1000),
          EndTime: now,
          NextToken: token,
        }),
      );
      for (const event of page.Events ?? []) {
        let record: { requestParameters?: { secretId?: string }; userIdentity?: { arn?: string } } = {};
        try {
          record = JSON.parse(event.CloudTrailEvent ?? "{}") as typeof record;
        } catch {
          continue;
        }
        if (record.userIdentity?.arn === caller) continue;
        const name = secretOf(record.requestParameters?.secretId);
        if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      token = page.NextToken;
      pages += 1;
    } while (token && pages < 20);
  } catch (error) {
    return [{ outcome: "NOT CHECKED", evidence: `the event history could not be read (${describeError(error)})` }];
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0)
    return [
      {
        outcome: "FAIL",
        evidence: `no GetSecretValue event on a catalog secret in the last 24 hours (not counting ${caller}'s): nothing read them, or reads are not recorded`,
      },
    ];
  const limited = pages >= 20 && token ? " (first 20 pages)" : "";
  return [
    {
      outcome: "PASS",
      evidence: `${total} GetSecretValue events in the last 24 hours${limited}, not counting the caller's: ${[...counts].map(([n, c]) => `${n} ${c}`).join(", ")}`,
    },
  ];
}

/** AC11. */
export async function auditRow(
  environment: ResolvedEnvironment,
  aws: AwsClients,
  now: Date,
  caller: string,
): Promise<CheckRow> {
  const trail =
    environment.audit.trail === "create"
      ? [...(await ownTrailFindings(environment, aws)), ...(await deniedCallsAlarmFindings(environment, aws))]
      : await organizationTrailFindings(environment, aws);
  return rowOf("AC11", "Every access to a secret is recorded by CloudTrail", [
    ...trail,
    ...(await recentReadFindings(environment, aws, now, caller)),
  ]);
}
