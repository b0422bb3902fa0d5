import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { atLeastOnceAlarm } from "./at-least-once-alarm";
import type { Placement } from "../config/placement";
import { NotificationTopic } from "./notification-topic";
import type { PostgresRotationFunction } from "./rotation-function";

/**
 * The Secrets Manager events of a rotation's outcome, as CloudTrail records them
 * ("AWS Service Event via CloudTrail"). TestRotationFailed comes from the test Secrets Manager runs
 * when rotation is turned on without rotating at once.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html#cloudtrail_log_entries_rotation
 */
export const ROTATION_OUTCOME_EVENTS = [
  "RotationSucceeded",
  "RotationFailed",
  "RotationAbandoned",
  "TestRotationFailed",
] as const;

/** Props of {@link RotationNotifications}. */
export interface RotationNotificationsProps {
  /** Name of the topic, rule and alarms. */
  readonly name: string;
  /** Account and region. */
  readonly placement: Placement;
  /** Key that encrypts the topic; EventBridge and CloudWatch of the account may use it. */
  readonly operationsKeyArn: string;
  /** Secrets whose events are reported: every secret whose name starts with this prefix. */
  readonly secretNamePrefix: string;
  /** The rotation function, whose errors and dead letters raise alarms. */
  readonly rotationFunction: PostgresRotationFunction;
  /**
   * E-mail addresses subscribed to the topic (each confirms by e-mail).
   * @default - none
   */
  readonly emails?: readonly string[];
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Tells people how rotations end: an SNS topic (KMS-encrypted) that only EventBridge and CloudWatch of
 * this account may publish to; an EventBridge rule on every rotation outcome of the secrets under the
 * prefix, with a readable message; e-mail subscriptions; and alarms on the function's errors and on
 * messages in its dead-letter queue.
 */
export class RotationNotifications extends Construct {
  /** The topic. */
  public readonly topic: SnsTopic;
  /** The EventBridge rule. */
  public readonly rule: CloudwatchEventRule;
  /** The alarms, by what they watch. */
  public readonly alarms: {
    readonly functionErrors: CloudwatchMetricAlarm;
    readonly deadLetters: CloudwatchMetricAlarm;
  };

  constructor(scope: Construct, id: string, props: RotationNotificationsProps) {
    super(scope, id);
    const { provider, placement } = props;
    const { partition, region, accountId } = placement;

    this.topic = new NotificationTopic(this, "notifications", {
      provider,
      name: props.name,
      displayName: "Qualisys secret rotation",
      accountId,
      kmsKeyArn: props.operationsKeyArn,
      emails: props.emails,
    }).topic;

    const secretArnPrefix = `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${props.secretNamePrefix}`;
    this.rule = new CloudwatchEventRule(this, "rule", {
      provider,
      name: props.name,
      description: `Outcome of every rotation of the secrets under ${props.secretNamePrefix}`,
      eventPattern: JSON.stringify({
        source: ["aws.secretsmanager"],
        "detail-type": ["AWS Service Event via CloudTrail"],
        detail: {
          eventSource: ["secretsmanager.amazonaws.com"],
          eventName: [...ROTATION_OUTCOME_EVENTS],
          additionalEventData: { SecretId: [{ prefix: secretArnPrefix }] },
        },
      }),
    });
    new CloudwatchEventTarget(this, "to-topic", {
      provider,
      rule: this.rule.name,
      arn: this.topic.arn,
      inputTransformer: {
        inputPaths: {
          secret: "$.detail.additionalEventData.SecretId",
          event: "$.detail.eventName",
          time: "$.time",
          account: "$.account",
          region: "$.region",
        },
        inputTemplate:
          '"Secrets Manager reported <event> for <secret> at <time> (account <account>, region <region>). ' +
          'Runbooks: infrastructure/runbooks/ (failed-rotation.md for RotationFailed, TestRotationFailed and RotationAbandoned)."',
      },
    });

    this.alarms = this.addAlarms(props, this.topic.arn);
  }

  /** Alarms on the function's errors and on messages in its dead-letter queue, told to the topic (and when they clear). */
  private addAlarms(props: RotationNotificationsProps, topicArn: string): RotationNotifications["alarms"] {
    const { provider } = props;
    const fn = props.rotationFunction;
    return {
      functionErrors: atLeastOnceAlarm(this, "function-errors", {
        provider,
        alarmName: `${props.name}-function-errors`,
        alarmDescription:
          "The secret rotation function failed an invocation. See infrastructure/runbooks/failed-rotation.md.",
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: fn.function.functionName },
        statistic: "Sum",
        topicArn,
        notifyOk: true,
      }),
      deadLetters: atLeastOnceAlarm(this, "dead-letters", {
        provider,
        alarmName: `${props.name}-dead-letters`,
        alarmDescription:
          "Messages wait in the secret rotation function's dead-letter queue. See infrastructure/runbooks/failed-rotation.md.",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: fn.deadLetterQueue.name },
        statistic: "Maximum",
        topicArn,
        notifyOk: true,
      }),
    };
  }
}
