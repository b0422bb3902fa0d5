import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { atLeastOnceAlarm } from "./at-least-once-alarm";
import type { KeyPlacement } from "./kms-key-policy";
import { NotificationTopic } from "./notification-topic";

/** CloudWatch Logs filter pattern of Secrets Manager calls that IAM or a resource policy refused. */
export const DENIED_SECRETS_MANAGER_CALLS =
  '{ ($.eventSource = "secretsmanager.amazonaws.com") && (($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation")) }';

/** Namespace and name of the metric the filter counts. */
export const SECURITY_METRIC = { namespace: "Qualisys/Security", name: "SecretsManagerDeniedCalls" } as const;

/** Secrets Manager calls that change who can read a secret, or bring one back: each is told at once. */
export const SENSITIVE_SECRET_CHANGES = ["DeleteSecret", "PutResourcePolicy", "DeleteResourcePolicy", "RestoreSecret", "UpdateSecret"] as const;

/** Props of {@link SecurityAlerts}. */
export interface SecurityAlertsProps {
  /** Name of the topic, rule, filter and alarm. */
  readonly name: string;
  /** Account and region. */
  readonly placement: KeyPlacement;
  /** Key that encrypts the topic (EventBridge and CloudWatch of the account may use it). */
  readonly kmsKeyArn: string;
  /** Secrets whose changes are told: every secret whose name starts with this prefix. */
  readonly secretNamePrefix: string;
  /**
   * The CloudWatch Logs group the account's trail delivers to; the denied-calls alarm watches it.
   * @default - no alarm on denied calls (the change rule still works)
   */
  readonly trailLogGroupName?: string;
  /**
   * E-mail addresses subscribed to the security topic.
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
 * Tells the security team of misuse: a KMS-encrypted security topic; a metric filter on the trail's
 * log group counting Secrets Manager calls that were denied, with an alarm at one or more in five
 * minutes; and an EventBridge rule on deletions, restores, updates and resource-policy changes of the
 * secrets under the prefix.
 */
export class SecurityAlerts extends Construct {
  /** The security topic. */
  public readonly topic: SnsTopic;
  /** The alarm on denied calls, when a trail log group is given. */
  public readonly deniedCallsAlarm?: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: SecurityAlertsProps) {
    super(scope, id);
    const { provider, placement } = props;
    this.topic = new NotificationTopic(this, "security", {
      provider,
      name: props.name,
      displayName: "Qualisys security",
      accountId: placement.accountId,
      kmsKeyArn: props.kmsKeyArn,
      emails: props.emails,
    }).topic;

    if (props.trailLogGroupName) {
      // see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
      const filter = new CloudwatchLogMetricFilter(this, "denied-calls", {
        provider,
        name: `${props.name}-secretsmanager-denied-calls`,
        logGroupName: props.trailLogGroupName,
        pattern: DENIED_SECRETS_MANAGER_CALLS,
        metricTransformation: { namespace: SECURITY_METRIC.namespace, name: SECURITY_METRIC.name, value: "1", defaultValue: "0" },
      });
      this.deniedCallsAlarm = atLeastOnceAlarm(this, "denied-calls-alarm", {
        provider,
        alarmName: `${props.name}-secretsmanager-denied-calls`,
        alarmDescription: "A Secrets Manager call was denied: someone without access tried to read or change a secret. See infrastructure/runbooks/emergency-rotation.md, step 4.",
        namespace: SECURITY_METRIC.namespace,
        metricName: SECURITY_METRIC.name,
        statistic: "Sum",
        topicArn: this.topic.arn,
        dependsOn: [filter],
      });
    }

    const { partition, region, accountId } = placement;
    // A request names a secret by name or by ARN.
    const rule = new CloudwatchEventRule(this, "sensitive-changes", {
      provider,
      name: `${props.name}-secret-changes`,
      description: `Deletions, restores, updates and policy changes of the secrets under ${props.secretNamePrefix}`,
      eventPattern: JSON.stringify({
        source: ["aws.secretsmanager"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: {
          eventSource: ["secretsmanager.amazonaws.com"],
          eventName: [...SENSITIVE_SECRET_CHANGES],
          requestParameters: {
            secretId: [{ prefix: props.secretNamePrefix }, { prefix: `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${props.secretNamePrefix}` }],
          },
        },
      }),
    });
    new CloudwatchEventTarget(this, "to-topic", {
      provider,
      rule: rule.name,
      arn: this.topic.arn,
      inputTransformer: {
        inputPaths: {
          secret: "$.detail.requestParameters.secretId",
          event: "$.detail.eventName",
          who: "$.detail.userIdentity.arn",
          time: "$.time",
          account: "$.account",
          region: "$.region",
        },
        inputTemplate: '"<who> called <event> on <secret> at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/emergency-rotation.md."',
      },
    });
  }
}
