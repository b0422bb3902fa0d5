import { describe, expect, it } from "vitest";
import { DENIED_SECRETS_MANAGER_CALLS } from "../constructs/security-alerts";
import { blockNamed, blocks, blocksNamed, onlyBlock, synthSecretsStack, testEnvironment } from "./helpers/stacks";

interface Statement {
  sid: string;
  effect?: string;
  actions: string[];
  resources: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

const documentNamed = (json: ReturnType<typeof synthSecretsStack>["json"], prefix: string) =>
  Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) => n.startsWith(prefix))![1]
    .statement as Statement[];

describe("the audit trail", () => {
  const { json } = synthSecretsStack({
    audit: { securityNotificationEmails: ["security@example.com"], logRetentionInDays: 400 },
  });
  const trailArn = "arn:aws:cloudtrail:eu-central-1:123456789012:trail/qualisys-test";

  it("records every region and global events, validates its files, is KMS-encrypted and feeds CloudWatch Logs", () => {
    expect(onlyBlock(json, "resource", "aws_cloudtrail")).toMatchObject({
      name: "qualisys-test",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.audit-trail_key_\w+\.arn\}$/),
      cloud_watch_logs_group_arn: expect.stringMatching(
        /^\$\{aws_cloudwatch_log_group\.audit-trail_logs_\w+\.arn\}:\*$/,
      ),
      cloud_watch_logs_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.audit-trail_delivery-role_\w+\.arn\}$/),
      depends_on: expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_policy\./)]),
    });
  });

  it("delivers to a bucket that blocks public access, is versioned and KMS-encrypted", () => {
    expect(blockNamed(json, "resource", "aws_s3_bucket", "audit-trail_bucket").bucket).toBe(
      "qualisys-test-cloudtrail-123456789012-eu-central-1",
    );
    expect(blockNamed(json, "resource", "aws_s3_bucket_public_access_block", "audit-trail_")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(blockNamed(json, "resource", "aws_s3_bucket_versioning", "audit-trail_")).toMatchObject({
      versioning_configuration: { status: "Enabled" },
    });
    expect(
      blockNamed(json, "resource", "aws_s3_bucket_server_side_encryption_configuration", "audit-trail_").rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: expect.stringMatching(/audit-trail_key/),
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  it("has a TLS-only bucket policy that lets only this trail write", () => {
    const statements = documentNamed(json, "audit-trail_bucket-policy-document");
    const tls = statements.find((s) => s.sid === "DenyRequestsWithoutTls")!;
    expect(tls).toMatchObject({
      effect: "Deny",
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    const writers = statements.filter((s) => (s.effect ?? "Allow") === "Allow");
    expect(
      writers
        .map((s) => s.actions)
        .flat()
        .sort(),
    ).toEqual(["s3:GetBucketAcl", "s3:PutObject"]);
    for (const s of writers) {
      expect(s.principals).toEqual([{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }]);
      expect(s.condition).toEqual(
        expect.arrayContaining([{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }]),
      );
    }
  });

  it("moves log files to Glacier and expires them on schedule", () => {
    expect(blockNamed(json, "resource", "aws_s3_bucket_lifecycle_configuration", "audit-trail_").rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        transition: [{ days: 90, storage_class: "GLACIER" }],
        expiration: [{ days: 2557 }],
      }),
    ]);
  });

  it("keeps a KMS-encrypted copy in CloudWatch Logs, delivered by a role that can only write there", () => {
    expect(blockNamed(json, "resource", "aws_cloudwatch_log_group", "audit-trail_")).toMatchObject({
      name: "/aws/cloudtrail/qualisys-test",
      retention_in_days: 400,
      kms_key_id: expect.stringMatching(/audit-trail_key/),
    });
    expect(documentNamed(json, "audit-trail_delivery-permissions")).toEqual([
      {
        sid: "DeliverToTheTrailsLogGroup",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [expect.stringMatching(/audit-trail_logs_\w+\.arn\}:log-stream:\*$/)],
      },
    ]);
    expect(documentNamed(json, "audit-trail_delivery-trust")[0]!.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] },
    ]);
  });

  it("uses a dedicated audit key that CloudTrail may use only for this trail", () => {
    const key = documentNamed(json, "audit-trail_key-policy");
    expect(key.find((s) => s.sid === "CloudTrailEncryptsThisTrailsLogs")?.condition).toEqual(
      expect.arrayContaining([{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }]),
    );
    for (const s of key)
      expect(
        s.actions.filter((a) => a.includes("*")),
        s.sid,
      ).toEqual([]);
  });
});

describe("security alerts", () => {
  const { json } = synthSecretsStack({ audit: { securityNotificationEmails: ["security@example.com"] } });
  const topicRef = expect.stringMatching(/^\$\{aws_sns_topic\.security-alerts_[\w-]+\.arn\}$/);

  it("count denied Secrets Manager calls in the trail's log group", () => {
    expect(onlyBlock(json, "resource", "aws_cloudwatch_log_metric_filter")).toMatchObject({
      pattern: DENIED_SECRETS_MANAGER_CALLS,
      log_group_name: expect.stringMatching(/audit-trail_logs_\w+\.name\}$/),
      metric_transformation: { namespace: "Qualisys/Security", name: "SecretsManagerDeniedCalls", value: "1" },
    });
    expect(DENIED_SECRETS_MANAGER_CALLS).toBe(
      '{ ($.eventSource = "secretsmanager.amazonaws.com") && (($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation")) }',
    );
  });

  it("alarm at one or more in five minutes, to the KMS-encrypted security topic", () => {
    expect(blockNamed(json, "resource", "aws_cloudwatch_metric_alarm", "security-alerts")).toMatchObject({
      namespace: "Qualisys/Security",
      metric_name: "SecretsManagerDeniedCalls",
      statistic: "Sum",
      period: 300,
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      alarm_actions: [topicRef],
    });
    expect(blockNamed(json, "resource", "aws_sns_topic", "security-alerts")).toMatchObject({
      kms_master_key_id: expect.stringMatching(/operations-key/),
    });
    expect(
      blocksNamed(json, "resource", "aws_sns_topic_subscription", "security-alerts").map((s) => s.endpoint),
    ).toEqual(["security@example.com"]);
  });

  it("tell of deletions, restores, updates and policy changes of qualisys/ secrets", () => {
    const pattern = JSON.parse(
      String(blockNamed(json, "resource", "aws_cloudwatch_event_rule", "security-alerts").event_pattern),
    ) as { detail: Record<string, unknown> };
    // The rotation function's own writes (its session: assumed-role/<its role>/...) are left out; the same
    // calls by anyone else, and every other call, are told.
    expect(pattern.detail).toEqual({
      eventSource: ["secretsmanager.amazonaws.com"],
      $or: [
        {
          eventName: [
            "DeleteSecret",
            "PutResourcePolicy",
            "DeleteResourcePolicy",
            "RestoreSecret",
            "UpdateSecret",
            "RotateSecret",
            "CancelRotateSecret",
            "ReplicateSecretToRegions",
          ],
        },
        {
          eventName: ["PutSecretValue", "UpdateSecretVersionStage"],
          userIdentity: {
            arn: [
              { "anything-but": { prefix: "arn:aws:sts::123456789012:assumed-role/qualisys-test-secret-rotation/" } },
            ],
          },
        },
      ],
      requestParameters: {
        secretId: [
          { prefix: "qualisys/" },
          { prefix: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:qualisys/" },
        ],
      },
    });
    expect(blockNamed(json, "resource", "aws_cloudwatch_event_target", "security-alerts").arn).toEqual(topicRef);
  });

  it("see IAM's role changes outside us-east-1: a rule there forwards them to the stack's region, where the alert rule tells the topic", () => {
    // IAM is a global service: EventBridge receives its CloudTrail events in us-east-1 only.
    // see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
    const providers = json.provider as unknown as { aws: { alias?: string; region: string }[] };
    expect(providers.aws).toContainEqual(expect.objectContaining({ alias: "iam_events", region: "us-east-1" }));
    const forward = blockNamed(json, "resource", "aws_cloudwatch_event_rule", "access-path-alerts_forward-rule");
    expect(forward.provider).toBe("aws.iam_events");
    const home = blockNamed(json, "resource", "aws_cloudwatch_event_rule", "access-path-alerts_role-changes-rule");
    expect(home.provider).toBeUndefined();
    expect(forward.event_pattern).toEqual(home.event_pattern);
    expect(
      blockNamed(json, "resource", "aws_cloudwatch_event_target", "access-path-alerts_forward-target"),
    ).toMatchObject({
      provider: "aws.iam_events",
      arn: "arn:aws:events:eu-central-1:123456789012:event-bus/default",
    });
    expect(documentNamed(json, "access-path-alerts_forward-policy")).toEqual([
      expect.objectContaining({
        actions: ["events:PutEvents"],
        resources: ["arn:aws:events:eu-central-1:123456789012:event-bus/default"],
      }),
    ]);
    expect(
      blockNamed(json, "resource", "aws_cloudwatch_event_target", "access-path-alerts_role-changes-to-topic").arn,
    ).toEqual(topicRef);
  });

  it("with an organization trail, create no trail and refer to no log group of another account: denied calls reach the topic through EventBridge of this account", () => {
    // The organization's trail delivers to a log group of the management or log-archive account: a metric
    // filter in this account could not find it (PutMetricFilter: ResourceNotFoundException). A denied
    // GetSecretValue is a read-only management event, which a rule receives only in the state
    // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
    // see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
    const { json: org } = synthSecretsStack({ audit: { ...testEnvironment.audit, trail: "organization" } });
    expect(blocks(org, "resource", "aws_cloudtrail")).toEqual({});
    expect(blocks(org, "resource", "aws_s3_bucket")).toEqual({});
    expect(blocks(org, "resource", "aws_cloudwatch_log_metric_filter")).toEqual({});
    const rule = blockNamed(org, "resource", "aws_cloudwatch_event_rule", "security-alerts_denied-calls-rule");
    expect(rule.state).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["secretsmanager.amazonaws.com"],
        errorCode: [{ prefix: "AccessDenied" }, { suffix: "UnauthorizedOperation" }],
      },
    });
    const target = blockNamed(org, "resource", "aws_cloudwatch_event_target", "security-alerts_denied-calls-to-topic");
    expect(target.arn).toBe(blockNamed(org, "resource", "aws_cloudwatch_event_target", "security-alerts_to-topic").arn);
  });

  it("reject the organization trail's log-group setting that pointed at another account", () => {
    expect(() =>
      synthSecretsStack({
        audit: {
          ...testEnvironment.audit,
          trail: "organization",
          organizationTrailLogGroupName: "aws-controltower/CloudTrailLogs",
        } as never,
      }),
    ).toThrow('environment "test": audit.organizationTrailLogGroupName is not a setting');
  });
});

describe("the audit bucket cannot be emptied", () => {
  const { json } = synthSecretsStack();
  const audit = () =>
    Object.entries(blocks(json, "resource", "aws_s3_bucket")).find(([, b]) =>
      /-cloudtrail-\d{12}-/.test(String(b.bucket)),
    )!;
  const logs = () =>
    Object.entries(blocks(json, "resource", "aws_s3_bucket")).find(([, b]) => /-s3logs-/.test(String(b.bucket)))!;

  it("locks every log file in governance mode for 365 days by default, on the versioned bucket, without replacing it", () => {
    // aws_s3_bucket_object_lock_configuration on an existing versioned bucket; the bucket's own object_lock_enabled would force a new bucket.
    // see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
    const lock = onlyBlock(json, "resource", "aws_s3_bucket_object_lock_configuration");
    expect(lock).toMatchObject({
      bucket: `\${aws_s3_bucket.${audit()[0]}.id}`,
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "GOVERNANCE", days: 365 } },
    });
    expect(String((lock.depends_on as string[])[0])).toMatch(/^aws_s3_bucket_versioning\./);
    expect(audit()[1]).not.toHaveProperty("object_lock_enabled");
    const { json: compliance } = synthSecretsStack({
      audit: { ...testEnvironment.audit, objectLock: { mode: "COMPLIANCE", retentionDays: 730 } },
    });
    expect(onlyBlock(compliance, "resource", "aws_s3_bucket_object_lock_configuration").rule).toEqual({
      default_retention: { mode: "COMPLIANCE", days: 730 },
    });
  });

  it("logs every access to the audit bucket into a separate bucket without Object Lock, which only S3's log delivery for that bucket may write", () => {
    // CIS AWS Foundations Benchmark v1.4.0 3.6 / v3.0.0 3.4: server access logging on the CloudTrail bucket.
    const logging = onlyBlock(json, "resource", "aws_s3_bucket_logging");
    expect(logging).toMatchObject({
      bucket: `\${aws_s3_bucket.${audit()[0]}.id}`,
      target_bucket: `\${aws_s3_bucket.${logs()[0]}.id}`,
    });
    expect(
      Object.values(blocks(json, "resource", "aws_s3_bucket_object_lock_configuration")).map((l) => l.bucket),
    ).not.toContain(`\${aws_s3_bucket.${logs()[0]}.id}`);
    const policy = documentNamed(json, "audit-bucket-guard_access-log-policy-document");
    expect(policy).toEqual([
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        actions: ["s3:PutObject"],
        condition: expect.arrayContaining([
          { test: "ArnLike", variable: "aws:SourceArn", values: [`\${aws_s3_bucket.${audit()[0]}.arn}`] },
        ]),
      }),
    ]);
  });

  it("encrypts the access logs with the audit key, which admits S3's log delivery for the audit bucket only, and versions them", () => {
    // checkov CKV_AWS_145 (KMS) and CKV_AWS_21 (versioning) on the access-log bucket. S3 delivers server
    // access logs to an SSE-KMS bucket when the key policy lets logging.s3.amazonaws.com make data keys
    // (aws-cdk #25350 and its deployed integration test).
    const [logsId] = logs();
    const encryption = Object.values(
      blocks(json, "resource", "aws_s3_bucket_server_side_encryption_configuration"),
    ).find((e) => e.bucket === `\${aws_s3_bucket.${logsId}.id}`);
    expect(encryption?.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.audit-trail_key_\w+\.arn\}$/),
        },
        bucket_key_enabled: true,
      },
    ]);
    const versioning = Object.values(blocks(json, "resource", "aws_s3_bucket_versioning")).find(
      (v) => v.bucket === `\${aws_s3_bucket.${logsId}.id}`,
    );
    expect(versioning?.versioning_configuration).toEqual({ status: "Enabled" });
    expect(documentNamed(json, "audit-trail_key-policy")).toContainEqual(
      expect.objectContaining({
        sid: "S3LogDeliveryEncryptsTheAuditBucketsAccessLogs",
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        actions: ["kms:GenerateDataKey"],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: ["arn:aws:s3:::qualisys-test-cloudtrail-123456789012-eu-central-1"],
          },
        ],
      }),
    );
  });

  it("aborts incomplete multipart uploads after 7 days in both buckets, and keeps old versions as long as current ones", () => {
    for (const lifecycle of Object.values(blocks(json, "resource", "aws_s3_bucket_lifecycle_configuration"))) {
      for (const rule of lifecycle.rule as { abort_incomplete_multipart_upload: unknown }[])
        expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    }
    const auditLifecycle = blockNamed(
      json,
      "resource",
      "aws_s3_bucket_lifecycle_configuration",
      "audit-trail_lifecycle",
    );
    expect(
      (auditLifecycle.rule as { noncurrent_version_expiration: unknown }[])[0]!.noncurrent_version_expiration,
    ).toEqual([{ noncurrent_days: 2557 }]);
  });

  it("refuses a retention longer than the files live", () => {
    expect(() =>
      synthSecretsStack({
        audit: { ...testEnvironment.audit, expireAfterDays: 200, objectLock: { retentionDays: 365 } },
      }),
    ).toThrow(
      'environment "test": audit.objectLock.retentionDays is 365; expected at most audit.expireAfterDays (200)',
    );
  });
});
