import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { DENIED_CALLS_EVENT_PATTERN } from "../constructs/security-alerts";
import { rotationFunctionName } from "../config/access-model";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { matchesEventPattern } from "./helpers/event-pattern";
import { arnOfReference, SECRET_SUFFIX } from "./helpers/iam-simulator";
import { blocks, type TerraformJson } from "./helpers/stacks";
import { terraformTooling } from "./helpers/terraform";

/**
 * Every call the security alerts promise to tell of, as CloudTrail hands it to EventBridge, must match a
 * rule whose target is the security topic, and that topic must have a subscriber. The sample events
 * have the shape of AWS's documented examples ("AWS API Call via CloudTrail", the CloudTrail record
 * under `detail`, a KMS call's key under `detail.resources[].ARN`, Lambda's versioned event names).
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 * see: https://docs.aws.amazon.com/kms/latest/developerguide/ct-putkeypolicy.html
 * see: https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
 */
const RUNBOOK = path.resolve(__dirname, "..", "infrastructure", "runbooks", "security-alerts.md");

// The calls each alert must tell of, written out here (not imported from the constructs): dropping one
// from the code fails the test. CloudTrail records an API call under the API's own name.
// see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-cloudtrail.html
const SECRET_CHANGES = [
  "DeleteSecret",
  "PutResourcePolicy",
  "DeleteResourcePolicy",
  "RestoreSecret",
  "UpdateSecret",
  "PutSecretValue",
  "UpdateSecretVersionStage",
  "RotateSecret",
  "CancelRotateSecret",
  "ReplicateSecretToRegions",
];
// see: https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html
const KEY_CHANGES = ["PutKeyPolicy", "DisableKey", "ScheduleKeyDeletion"];
// see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-logging-management-events.html
const TRAIL_CHANGES = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"];
// Lambda's CloudTrail event names carry the API version.
// see: https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
const FUNCTION_CHANGES = [
  "UpdateFunctionCode20150331v2",
  "UpdateFunctionConfiguration20150331v2",
  "AddPermission20150331v2",
  "CreateFunctionUrlConfig20211031",
  "UpdateFunctionUrlConfig20211031",
];
// see: https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
const ROLE_CHANGES = [
  "UpdateAssumeRolePolicy",
  "PutRolePolicy",
  "AttachRolePolicy",
  "DeleteRolePolicy",
  "DetachRolePolicy",
  "PutRolePermissionsBoundary",
  "DeleteRolePermissionsBoundary",
  "DeleteRole",
];
// see: https://docs.aws.amazon.com/eks/latest/userguide/logging-using-cloudtrail.html
const CLUSTER_ACCESS_CHANGES = [
  "CreateAccessEntry",
  "UpdateAccessEntry",
  "AssociateAccessPolicy",
  "UpdateClusterConfig",
];
/** Switching the alerting off, by CloudTrail event source, with the request field that names the resource. */
const SILENCING: readonly { source: string; rule: string; calls: Record<string, string> }[] = [
  {
    source: "events",
    rule: "rule-changes",
    calls: { DisableRule: "name", DeleteRule: "name", PutRule: "name", RemoveTargets: "rule", PutTargets: "rule" },
  },
  {
    source: "monitoring",
    rule: "alarm-changes",
    calls: { DisableAlarmActions: "alarmNames", DeleteAlarms: "alarmNames", PutMetricAlarm: "alarmName" },
  },
  {
    source: "logs",
    rule: "log-changes",
    calls: {
      DeleteMetricFilter: "logGroupName",
      PutMetricFilter: "logGroupName",
      DeleteLogGroup: "logGroupName",
      PutRetentionPolicy: "logGroupName",
    },
  },
  {
    source: "sns",
    rule: "topic-changes",
    calls: {
      Unsubscribe: "subscriptionArn",
      DeleteTopic: "topicArn",
      SetTopicAttributes: "topicArn",
      SetSubscriptionAttributes: "subscriptionArn",
    },
  },
];
const OTHER_KEY = "ffffffff-0000-1111-2222-333333333333";

interface Rule {
  readonly name: string;
  readonly pattern: unknown;
  readonly targets: readonly string[];
}

/**
 * The rules of a stack with their patterns. Patterns with references (`jsonencode({...})` with key ARNs)
 * are evaluated by Terraform itself, the references replaced by the ARNs they would have.
 */
function rulesOf(json: TerraformJson, env: ResolvedEnvironment): Rule[] {
  const rules = blocks(json, "resource", "aws_cloudwatch_event_rule");
  const targets = Object.values(blocks(json, "resource", "aws_cloudwatch_event_target"));
  const names = Object.keys(rules);
  const expressions = names.map((id) => {
    const text = String(rules[id]!.event_pattern);
    if (!text.startsWith("${")) return JSON.stringify(text); // a plain JSON string, as HCL
    return text
      .slice(2, -1)
      .replace(/\b(aws_[a-z0-9_]+)\.([\w-]+)\.arn\b/g, (reference) =>
        JSON.stringify(arnOfReference(json, `\${${reference}}`, env)),
      )
      .replace(/\b(aws_[a-z0-9_]+)\.([\w-]+)\.name\b/g, (_reference, type: string, id: string) =>
        JSON.stringify(String(blocks(json, "resource", type)[id]!.name)),
      );
  });
  const { bin, env: tfEnv } = terraformTooling();
  const printed = execFileSync(bin, ["console"], {
    cwd: mkdtempSync(path.join(os.tmpdir(), "tf-console-")),
    env: tfEnv,
    input: `jsonencode([${expressions.join(", ")}])\n`,
    encoding: "utf8",
  });
  const patterns = (JSON.parse(JSON.parse(printed.trim()) as string) as string[]).map((p) => JSON.parse(p) as unknown);
  return names.map((id, i) => ({
    name: String(rules[id]!.name),
    pattern: patterns[i],
    targets: targets.filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${id}.name}`).map((t) => String(t.arn)),
  }));
}

/** A CloudTrail-recorded API call as EventBridge delivers it. */
function apiCall(
  env: ResolvedEnvironment,
  service: string,
  eventName: string,
  detail: Record<string, unknown>,
): Record<string, unknown> {
  return {
    version: "0",
    id: "6f87d04b-9f74-4f04-a780-7acf4b0a9b38",
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${service}`,
    account: env.accountId,
    time: "2026-11-30T12:00:00Z",
    region: env.region,
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: {
        type: "AssumedRole",
        arn: `arn:aws:sts::${env.accountId}:assumed-role/Someone/session`,
        accountId: env.accountId,
      },
      eventTime: "2026-11-30T12:00:00Z",
      eventSource: `${service}.amazonaws.com`,
      eventName,
      awsRegion: env.region,
      sourceIPAddress: "198.51.100.7",
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: env.accountId,
      ...detail,
    },
  };
}

let outdir: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "alert-events-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});

describe.each(resolveEnvironments(exampleEnvironments).map((e) => [e.name, e] as const))(
  "%s: the security alerts",
  (_name, env) => {
    let json: TerraformJson;
    let rules: Rule[];
    let topic: string;
    beforeAll(() => {
      json = JSON.parse(
        readFileSync(path.join(outdir, "stacks", `secrets-${env.name}`, "cdk.tf.json"), "utf8"),
      ) as TerraformJson;
      rules = rulesOf(json, env);
      const topicId = Object.keys(blocks(json, "resource", "aws_sns_topic")).find(
        (id) => blocks(json, "resource", "aws_sns_topic")[id]!.name === `qualisys-${env.name}-security`,
      )!;
      topic = `\${aws_sns_topic.${topicId}.arn}`;
    });

    /** Names of the rules that send the event to the security topic. */
    const alerting = (event: unknown) =>
      rules.filter((r) => r.targets.includes(topic) && matchesEventPattern(r.pattern, event)).map((r) => r.name);

    it("has a subscriber on the security topic", () => {
      const subscriptions = Object.values(blocks(json, "resource", "aws_sns_topic_subscription")).filter(
        (s) => s.topic_arn === topic,
      );
      // Each example names who reads the security alerts (audit.securityNotificationEmails).
      expect(subscriptions.map((s) => s.endpoint).sort()).toEqual([...env.audit.securityNotificationEmails].sort());
    });

    it.each(SECRET_CHANGES)("tells of %s on a secret, by name or by ARN", (eventName) => {
      for (const secretId of [
        "qualisys/llm/openai",
        `arn:aws:secretsmanager:${env.region}:${env.accountId}:secret:qualisys/llm/openai-${SECRET_SUFFIX}`,
      ]) {
        expect(alerting(apiCall(env, "secretsmanager", eventName, { requestParameters: { secretId } }))).toEqual([
          `qualisys-${env.name}-security-secret-changes`,
        ]);
      }
      expect(
        alerting(apiCall(env, "secretsmanager", eventName, { requestParameters: { secretId: "billing/stripe" } })),
      ).toEqual([]);
    });

    it.each(KEY_CHANGES)("tells of %s on a key of the secrets, not on other keys", (eventName) => {
      const onKey = (keyId: string) =>
        apiCall(env, "kms", eventName, {
          requestParameters: { keyId },
          resources: [
            {
              accountId: env.accountId,
              type: "AWS::KMS::Key",
              ARN: `arn:aws:kms:${env.region}:${env.accountId}:key/${keyId}`,
            },
          ],
        });
      const ourKey = /key\/(.+)$/.exec(
        arnOfReference(json, `\${aws_kms_key.${Object.keys(blocks(json, "resource", "aws_kms_key"))[0]!}.arn}`, env),
      )![1]!;
      expect(alerting(onKey(ourKey))).toEqual([`qualisys-${env.name}-security-key-changes`]);
      expect(alerting(onKey(OTHER_KEY))).toEqual([]);
    });

    it.each(TRAIL_CHANGES)("tells of %s", (eventName) => {
      expect(
        alerting(apiCall(env, "cloudtrail", eventName, { requestParameters: { name: `qualisys-${env.name}` } })),
      ).toEqual([`qualisys-${env.name}-security-trail-changes`]);
    });

    it.each(FUNCTION_CHANGES)(
      "tells of %s on the rotation function, by name or ARN, not on other functions",
      (eventName) => {
        const fn = rotationFunctionName(env.name);
        for (const functionName of [fn, `arn:aws:lambda:${env.region}:${env.accountId}:function:${fn}`]) {
          expect(alerting(apiCall(env, "lambda", eventName, { requestParameters: { functionName } }))).toEqual([
            `qualisys-${env.name}-security-function-changes`,
          ]);
        }
        expect(
          alerting(apiCall(env, "lambda", eventName, { requestParameters: { functionName: "billing-export" } })),
        ).toEqual([]);
      },
    );

    it("leaves out the rotation function's own new versions and stage moves, and only those", () => {
      const fn = rotationFunctionName(env.name);
      const as = (arn: string, eventName: string) =>
        apiCall(env, "secretsmanager", eventName, {
          requestParameters: { secretId: "qualisys/database/connection" },
          userIdentity: { type: "AssumedRole", arn, accountId: env.accountId },
        });
      // A Lambda function's session is assumed-role/<its role>/<function name>.
      // see: https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
      const rotation = `arn:aws:sts::${env.accountId}:assumed-role/${fn}/${fn}`;
      const someoneElse = `arn:aws:sts::${env.accountId}:assumed-role/AWSReservedSSO_PowerUser_0123456789abcdef/mallory`;
      const changes = `qualisys-${env.name}-security-secret-changes`;
      for (const eventName of ["PutSecretValue", "UpdateSecretVersionStage"]) {
        expect(alerting(as(rotation, eventName)), `${eventName} by the rotation`).toEqual([]);
        expect(alerting(as(someoneElse, eventName)), `${eventName} by someone else`).toEqual([changes]);
        // A role named like the rotation role with more after it is someone else.
        expect(alerting(as(`arn:aws:sts::${env.accountId}:assumed-role/${fn}-copy/x`, eventName))).toEqual([changes]);
      }
      for (const eventName of ["DeleteResourcePolicy", "RotateSecret", "UpdateSecret"])
        expect(alerting(as(rotation, eventName)), `${eventName} by the rotation role`).toEqual([changes]);
    });

    it.each(ROLE_CHANGES)("tells of %s on a role that reads, rotates or deploys, not on other roles", (eventName) => {
      const roles = [
        ...env.access.roles.map((r) => r.name),
        rotationFunctionName(env.name),
        ...env.access.terraformPrincipals.flatMap((p) =>
          /[*?]/.test(p.arnPattern) ? [] : [p.arnPattern.split("/").pop()!],
        ),
      ];
      for (const roleName of roles)
        expect(alerting(apiCall(env, "iam", eventName, { requestParameters: { roleName } })), roleName).toEqual([
          `qualisys-${env.name}-security-role-changes`,
        ]);
      expect(alerting(apiCall(env, "iam", eventName, { requestParameters: { roleName: "billing-export" } }))).toEqual(
        [],
      );
    });

    it("tells of another function given the rotation function's role", () => {
      const role = `arn:aws:iam::${env.accountId}:role/${rotationFunctionName(env.name)}`;
      for (const eventName of ["CreateFunction20150331", "UpdateFunctionConfiguration20150331v2"])
        expect(
          alerting(apiCall(env, "lambda", eventName, { requestParameters: { functionName: "copycat", role } })),
        ).toContain(`qualisys-${env.name}-security-rotation-role-passed`);
      const other = `arn:aws:iam::${env.accountId}:role/billing-export`;
      expect(
        alerting(
          apiCall(env, "lambda", "CreateFunction20150331", { requestParameters: { functionName: "x", role: other } }),
        ),
      ).toEqual([]);
    });

    it.each(CLUSTER_ACCESS_CHANGES)("tells of %s on the environment's cluster", (eventName) => {
      const cluster = env.kubernetes!.clusterName;
      expect(alerting(apiCall(env, "eks", eventName, { requestParameters: { name: cluster } }))).toEqual([
        `qualisys-${env.name}-security-cluster-access-changes`,
      ]);
      expect(alerting(apiCall(env, "eks", eventName, { requestParameters: { name: "other-cluster" } }))).toEqual([]);
    });

    it.each(SILENCING.flatMap((s) => Object.entries(s.calls).map(([call, field]) => [s.source, call, field, s.rule])))(
      "tells of %s:%s that switches the environment's alerting off",
      (source, eventName, field, rule) => {
        const own = {
          name: `qualisys-${env.name}-security-secret-changes`,
          rule: `qualisys-${env.name}-security-secret-changes`,
          alarmName: `qualisys-${env.name}-secret-rotation-errors`,
          alarmNames: [`qualisys-${env.name}-secretsmanager-denied`],
          logGroupName: `/aws/lambda/${rotationFunctionName(env.name)}`,
          topicArn: `arn:aws:sns:${env.region}:${env.accountId}:qualisys-${env.name}-security`,
          subscriptionArn: `arn:aws:sns:${env.region}:${env.accountId}:qualisys-${env.name}-security:3b1c0f5e-0d3a-4e0b-9f7a-1a2b3c4d5e6f`,
        }[field]!;
        const foreign = {
          name: "billing-nightly",
          rule: "billing-nightly",
          alarmName: "billing-errors",
          alarmNames: ["billing-errors"],
          logGroupName: "/aws/lambda/billing-export",
          topicArn: `arn:aws:sns:${env.region}:${env.accountId}:billing`,
          subscriptionArn: `arn:aws:sns:${env.region}:${env.accountId}:billing:3b1c0f5e-0d3a-4e0b-9f7a-1a2b3c4d5e6f`,
        }[field]!;
        expect(alerting(apiCall(env, source, eventName, { requestParameters: { [field]: own } }))).toEqual([
          `qualisys-${env.name}-security-${rule}`,
        ]);
        expect(alerting(apiCall(env, source, eventName, { requestParameters: { [field]: foreign } }))).toEqual([]);
      },
    );

    it("does not tell of reads", () => {
      expect(
        alerting(
          apiCall(env, "secretsmanager", "DescribeSecret", { requestParameters: { secretId: "qualisys/llm/openai" } }),
        ),
      ).toEqual([]);
      expect(alerting(apiCall(env, "cloudtrail", "LookupEvents", {}))).toEqual([]);
    });

    it("tells of denied secret calls, by an alarm on the trail's log group or by a rule", () => {
      const denied = apiCall(env, "secretsmanager", "GetSecretValue", {
        errorCode: "AccessDenied",
        requestParameters: { secretId: "qualisys/llm/openai" },
      });
      const alarms = Object.values(blocks(json, "resource", "aws_cloudwatch_metric_alarm")).filter((a) =>
        (a.alarm_actions as string[] | undefined)?.includes(topic),
      );
      expect(matchesEventPattern(DENIED_CALLS_EVENT_PATTERN, denied)).toBe(true);
      // The environment's own trail delivers to a log group, watched by an alarm; an organization trail's
      // log group is in another account, so a rule of this account's bus tells of the call instead.
      const name = `qualisys-${env.name}-security-secretsmanager-denied-calls`;
      if (env.audit.trail === "create") {
        expect(alarms.map((a) => a.alarm_name)).toContain(name);
        expect(alerting(denied)).toEqual([]);
      } else {
        expect(alerting(denied)).toEqual([name]);
        expect(alarms.map((a) => a.alarm_name)).not.toContain(name);
      }
    });
  },
);

describe("the security-alerts runbook", () => {
  it("has an entry for every call an alert tells of", () => {
    const text = readFileSync(RUNBOOK, "utf8");
    const calls = [
      ...SECRET_CHANGES,
      ...KEY_CHANGES,
      ...TRAIL_CHANGES,
      ...FUNCTION_CHANGES.map((name) => name.replace(/\d{8}(v\d)?$/, "")),
      "CreateFunction",
      ...ROLE_CHANGES,
      ...CLUSTER_ACCESS_CHANGES,
      ...SILENCING.flatMap((s) => Object.keys(s.calls)),
    ];
    const missing = calls.filter((e) => !text.includes(`**${e}**`));
    expect(missing).toEqual([]);
  });
});

describe("the event-pattern matcher of these tests", () => {
  // The examples of AWS's content-filtering page: a prefix, a suffix, an exact value in an array.
  it("matches as the EventBridge documentation's examples say, and refuses operators it does not model", () => {
    expect(matchesEventPattern({ time: [{ prefix: "2017-10-02" }] }, { time: "2017-10-02T18:43:48Z" })).toBe(true);
    expect(matchesEventPattern({ FileName: [{ suffix: ".png" }] }, { FileName: "image.jpg" })).toBe(false);
    expect(
      matchesEventPattern(
        { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] },
        { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f", "x"] },
      ),
    ).toBe(true);
    expect(matchesEventPattern({ detail: { state: ["running"] } }, { detail: {} })).toBe(false);
    // anything-but: a value, and a prefix (the page's "initializing" examples); the field must be there.
    const notInit = { detail: { state: [{ "anything-but": { prefix: "init" } }] } };
    expect(matchesEventPattern(notInit, { detail: { state: "running" } })).toBe(true);
    expect(matchesEventPattern(notInit, { detail: { state: "initializing" } })).toBe(false);
    expect(matchesEventPattern(notInit, { detail: {} })).toBe(false);
    expect(
      matchesEventPattern({ detail: { state: [{ "anything-but": "stopped" }] } }, { detail: { state: "x" } }),
    ).toBe(true);
    // $or: one of the alternatives, besides the other fields.
    const either = { source: ["aws.ec2"], detail: { $or: [{ a: ["1"] }, { b: ["2"] }] } };
    expect(matchesEventPattern(either, { source: "aws.ec2", detail: { b: "2" } })).toBe(true);
    expect(matchesEventPattern(either, { source: "aws.ec2", detail: { b: "3" } })).toBe(false);
    expect(matchesEventPattern(either, { source: "aws.s3", detail: { a: "1" } })).toBe(false);
    expect(() => matchesEventPattern({ detail: { size: [{ numeric: [">", 0] }] } }, { detail: { size: 1 } })).toThrow(
      /prefix, suffix and anything-but only/,
    );
  });
});
