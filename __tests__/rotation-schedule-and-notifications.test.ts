import { describe, expect, it } from "vitest";
import {
  blockNamed,
  blocks,
  blocksNamed,
  onlyBlock,
  synthSecretsStack,
  testAccess,
  testNetwork,
} from "./helpers/stacks";

interface Statement {
  sid: string;
  effect?: string;
  actions: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

describe("the database secret's rotation schedule", () => {
  const { json } = synthSecretsStack({
    access: testAccess({ breakGlassPrincipals: [{ roleArn: "arn:aws:iam::123456789012:role/break-glass" }] }),
  });

  it("rotates every 90 days, from the catalog, without rotating on the first apply", () => {
    const rotation = onlyBlock(json, "resource", "aws_secretsmanager_secret_rotation");
    expect(rotation).toMatchObject({
      secret_id: "${aws_secretsmanager_secret.database_connection.arn}",
      rotation_rules: { automatically_after_days: 90 },
      rotate_immediately: false,
      rotation_lambda_arn: expect.stringMatching(/^\$\{aws_lambda_function\.rotation-function_\w+\.arn\}$/),
    });
  });

  it("depends on the permission that lets Secrets Manager of this account invoke the function for this secret", () => {
    const [name, permission] = Object.entries(blocks(json, "resource", "aws_lambda_permission"))[0]!;
    expect(permission).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "secretsmanager.amazonaws.com",
      source_account: "123456789012",
      source_arn: "${aws_secretsmanager_secret.database_connection.arn}",
    });
    expect(onlyBlock(json, "resource", "aws_secretsmanager_secret_rotation").depends_on).toEqual(
      expect.arrayContaining([`aws_lambda_permission.${name}`]),
    );
  });

  it("is created only after everything the function's first run needs: the secret's value, the network path to the database and to Secrets Manager", () => {
    // Turning rotation on makes Secrets Manager run the function at once: rotate, or with RotateImmediately
    // false run the testSecret step, which creates an AWSPENDING version and logs in to the database with it.
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html (RotateImmediately)
    const dependsOn = onlyBlock(json, "resource", "aws_secretsmanager_secret_rotation").depends_on as string[];
    const address = (type: string, prefix: string) =>
      `${type}.${Object.keys(blocks(json, "resource", type)).find((n) => n.startsWith(prefix))!}`;
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        "aws_secretsmanager_secret_version.database_connection",
        address("aws_vpc_security_group_egress_rule", "rotation-network_egress-database"),
        address("aws_vpc_security_group_egress_rule", "rotation-network_egress-secrets-manager"),
        address("aws_vpc_security_group_ingress_rule", "rotation-network_database-ingress"),
      ]),
    );
    // and, with an endpoint, the endpoint and the rule that admits the function to it
    const { json: withEndpoint } = synthSecretsStack({
      rotation: { network: { ...testNetwork(), secretsManagerEndpoint: "create" } },
    });
    const endpointDependencies = (
      onlyBlock(withEndpoint, "resource", "aws_secretsmanager_secret_rotation").depends_on as string[]
    ).filter((d) => d.includes("secrets-manager-endpoint"));
    expect(endpointDependencies.map((d) => d.split(".")[0]).sort()).toEqual([
      "aws_vpc_endpoint",
      "aws_vpc_security_group_ingress_rule",
    ]);
  });

  it("takes the environment's override of the days", () => {
    const { json: override } = synthSecretsStack({
      rotation: { network: testNetwork(), automaticallyAfterDays: 30, rotateImmediately: true },
    });
    expect(onlyBlock(override, "resource", "aws_secretsmanager_secret_rotation")).toMatchObject({
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: true,
    });
  });

  it("denies DeleteSecret on the rotated secret to everyone but the break-glass role, and blocks public policies", () => {
    const policy = blocks(json, "resource", "aws_secretsmanager_secret_policy").database_connection;
    expect(policy).toMatchObject({
      secret_arn: "${aws_secretsmanager_secret.database_connection.arn}",
      block_public_policy: true,
    });
    const document = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) =>
      n.startsWith("database_connection_resource-policy"),
    )![1];
    expect((document.statement as Statement[]).filter((st) => st.sid === "DenyDeleteWhileRotationIsOn")).toEqual([
      {
        sid: "DenyDeleteWhileRotationIsOn",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["secretsmanager:DeleteSecret"],
        resources: ["*"],
        condition: [
          { test: "ArnNotLike", variable: "aws:PrincipalArn", values: ["arn:aws:iam::123456789012:role/break-glass"] },
        ],
      },
    ]);
  });

  it("denies DeleteSecret to everyone when no break-glass role is configured", () => {
    const { json: strict } = synthSecretsStack();
    const document = Object.entries(blocks(strict, "data", "aws_iam_policy_document")).find(([n]) =>
      n.startsWith("database_connection_resource-policy"),
    )![1];
    expect(
      (document.statement as Statement[]).find((st) => st.sid === "DenyDeleteWhileRotationIsOn"),
    ).not.toHaveProperty("condition");
  });

  it("is absent, with the function, when rotation is off", () => {
    const { json: off } = synthSecretsStack({ rotation: { enabled: false } });
    for (const type of ["aws_secretsmanager_secret_rotation", "aws_lambda_function", "aws_lambda_permission"]) {
      expect(blocks(off, "resource", type), type).toEqual({});
    }
    expect(blocksNamed(off, "resource", "aws_sns_topic", "rotation-notifications")).toEqual([]);
    const document = Object.entries(blocks(off, "data", "aws_iam_policy_document")).find(([n]) =>
      n.startsWith("database_connection_resource-policy"),
    )![1];
    expect((document.statement as Statement[]).map((st) => st.sid)).toEqual([
      "DenyReadExceptAllowedRoles",
      "DenyPolicyChangesExceptAdministrators",
    ]); // and no DenyDeleteWhileRotationIsOn
  });
});

describe("rotation notifications", () => {
  const { json } = synthSecretsStack({ notificationEmails: ["oncall@example.com", "security@example.com"] });
  const topicRef = expect.stringMatching(/^\$\{aws_sns_topic\.rotation-notifications_[\w-]+\.arn\}$/);

  it("publish to a KMS-encrypted topic", () => {
    expect(blockNamed(json, "resource", "aws_sns_topic", "rotation-notifications")).toMatchObject({
      name: "qualisys-test-secret-rotation",
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.operations-key_\w+\.arn\}$/),
    });
  });

  it("admit only EventBridge and CloudWatch of this account to the topic", () => {
    const document = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) =>
      n.startsWith("rotation-notifications_policy-document"),
    )![1];
    expect(document.statement).toEqual([
      expect.objectContaining({
        actions: ["sns:Publish"],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      }),
    ]);
  });

  it("match every rotation outcome of the qualisys/ secrets of this account and region", () => {
    const pattern = JSON.parse(
      String(blockNamed(json, "resource", "aws_cloudwatch_event_rule", "rotation-notifications").event_pattern),
    ) as Record<string, unknown>;
    expect(pattern).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: {
        eventSource: ["secretsmanager.amazonaws.com"],
        eventName: ["RotationSucceeded", "RotationFailed", "RotationAbandoned", "TestRotationFailed"],
        additionalEventData: {
          SecretId: [{ prefix: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:qualisys/" }],
        },
      },
    });
  });

  it("send a readable message naming the secret, event, time, account and region", () => {
    const target = blockNamed(json, "resource", "aws_cloudwatch_event_target", "rotation-notifications");
    expect(target.arn).toEqual(topicRef);
    const transformer = target.input_transformer as { input_paths: Record<string, string>; input_template: string };
    expect(Object.keys(transformer.input_paths).sort()).toEqual(["account", "event", "region", "secret", "time"]);
    for (const key of ["secret", "event", "time", "account", "region"])
      expect(transformer.input_template).toContain(`<${key}>`);
    expect(() => JSON.parse(transformer.input_template.replace(/<\w+>/g, "x")) as unknown).not.toThrow();
  });

  it("subscribe the configured addresses by e-mail", () => {
    const subscriptions = blocksNamed(json, "resource", "aws_sns_topic_subscription", "rotation-notifications");
    expect(subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual([
      ["email", "oncall@example.com"],
      ["email", "security@example.com"],
    ]);
  });

  it("raise alarms on the function's errors and on dead letters, to the topic", () => {
    const alarms = blocksNamed(json, "resource", "aws_cloudwatch_metric_alarm", "rotation-notifications");
    expect(alarms.map((a) => [a.namespace, a.metric_name, a.threshold, a.comparison_operator]).sort()).toEqual([
      ["AWS/Lambda", "Errors", 1, "GreaterThanOrEqualToThreshold"],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", 1, "GreaterThanOrEqualToThreshold"],
    ]);
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([topicRef]);
  });
});
