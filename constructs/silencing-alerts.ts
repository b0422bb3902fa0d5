import type { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { apiCallAlerts, apiCalls } from "./api-call-alert";
import type { Placement } from "../config/placement";

/** EventBridge calls that switch a rule off, delete it, or change its pattern or targets. */
export const RULE_SILENCING = ["DisableRule", "DeleteRule", "PutRule", "RemoveTargets", "PutTargets"] as const;

/** CloudWatch calls that stop an alarm from notifying, delete it or redefine it. */
export const ALARM_SILENCING = ["DisableAlarmActions", "DeleteAlarms", "PutMetricAlarm"] as const;

/** CloudWatch Logs calls that blind a metric filter or throw the logs it reads away. */
export const LOG_SILENCING = ["DeleteMetricFilter", "PutMetricFilter", "DeleteLogGroup", "PutRetentionPolicy"] as const;

/** SNS calls that stop a message from reaching the people subscribed. */
export const TOPIC_SILENCING = [
  "Unsubscribe",
  "DeleteTopic",
  "SetTopicAttributes",
  "SetSubscriptionAttributes",
] as const;

/** Props of {@link SilencingAlerts}. */
export interface SilencingAlertsProps {
  /** Prefix of the rules' names. */
  readonly name: string;
  /** The security topic the alerts go to. */
  readonly topicArn: string;
  /** Prefix of the names of the environment's rules, alarms and topics (`qualisys-<env>-`). */
  readonly resourcePrefix: string;
  /** Account, region and partition of the topics. */
  readonly placement: Placement;
  /** The log groups whose filters and retention matter (the trail's, the rotation function's). */
  readonly logGroupNames: readonly string[];
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Tells the security topic when someone switches the alerting off: a rule of the environment disabled,
 * deleted or re-targeted, an alarm's actions disabled or the alarm deleted, a metric filter or the logs
 * it reads deleted, a subscription to a topic removed or the topic deleted. The request names the
 * resource in its CloudTrail `requestParameters` (each API's own field, hence `$or`). A call that
 * switches off the very rule watching it may not be told; the trail records it either way.
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-complex-example-or
 */
export class SilencingAlerts extends Construct {
  /** The rules, by what they watch. */
  public readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: SilencingAlertsProps) {
    super(scope, id);
    const prefix = [{ prefix: props.resourcePrefix }];
    const { partition, region, accountId } = props.placement;
    const topicPrefix = [{ prefix: `arn:${partition}:sns:${region}:${accountId}:${props.resourcePrefix}` }];
    const { rules, add: watch } = apiCallAlerts(this, {
      name: props.name,
      topicArn: props.topicArn,
      provider: props.provider,
    });
    const either = (field: string, other: string, values: unknown) => ({
      $or: [{ requestParameters: { [field]: values } }, { requestParameters: { [other]: values } }],
    });
    watch(
      "rule-changes",
      "The environment's EventBridge rules disabled, deleted, redefined or re-targeted",
      apiCalls("events.amazonaws.com", { eventName: [...RULE_SILENCING], ...either("name", "rule", prefix) }),
      "an EventBridge rule of the environment",
    );
    watch(
      "alarm-changes",
      "The environment's CloudWatch alarms silenced, deleted or redefined",
      apiCalls("monitoring.amazonaws.com", {
        eventName: [...ALARM_SILENCING],
        ...either("alarmNames", "alarmName", prefix),
      }),
      "a CloudWatch alarm of the environment",
    );
    watch(
      "log-changes",
      "Metric filters, log groups or retention of the trail's and the rotation function's logs changed",
      apiCalls("logs.amazonaws.com", {
        eventName: [...LOG_SILENCING],
        requestParameters: { logGroupName: [...props.logGroupNames] },
      }),
      "a log group the alerts read",
    );
    watch(
      "topic-changes",
      "Subscriptions to the environment's topics removed or changed, topics deleted or reconfigured",
      apiCalls("sns.amazonaws.com", {
        eventName: [...TOPIC_SILENCING],
        ...either("topicArn", "subscriptionArn", topicPrefix),
      }),
      "an SNS topic of the environment",
    );
    this.rules = rules;
  }
}
