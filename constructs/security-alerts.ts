import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { atLeastOnceAlarm } from "./at-least-once-alarm";
import type { Placement } from "../config/placement";
import { NotificationTopic } from "./notification-topic";

/** CloudWatch Logs filter pattern of Secrets Manager calls that IAM or a resource policy refused. */
export const DENIED_SECRETS_MANAGER_CALLS =
  '{ ($.eventSource = "secretsmanager.amazonaws.com") && (($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation")) }';

/** The same calls as an EventBridge pattern: CloudTrail's error codes of a denied call start with these. */
export const DENIED_CALLS_EVENT_PATTERN = {
  source: ["aws.secretsmanager"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: {
    eventSource: ["secretsmanager.amazonaws.com"],
    errorCode: [{ prefix: "AccessDenied" }, { suffix: "UnauthorizedOperation" }],
  },
} as const;

/** The name of the denied-calls alarm (own trail) or EventBridge rule (organization trail) of a `SecurityAlerts` named `name`. */
export function deniedCallsName(name: string): string {
  return `${name}-secretsmanager-denied-calls`;
}

/** Namespace and name of the metric the filter counts. */
export const SECURITY_METRIC = { namespace: "Qualisys/Security", name: "SecretsManagerDeniedCalls" } as const;

/**
 * Secrets Manager calls that change who can read a secret, its value, its rotation or where it lives,
 * or bring one back: each is told at once. (RotateSecret can attach another function.)
 */
export const SENSITIVE_SECRET_CHANGES = [
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
] as const;

/** Props of {@link SecurityAlerts}. */
export interface SecurityAlertsProps {
  /** Name of the topic, rule, filter and alarm. */
  readonly name: string;
  /** Account and region. */
  readonly placement: Placement;
  /** Key that encrypts the topic (EventBridge and CloudWatch of the account may use it). */
  readonly kmsKeyArn: string;
  /** Secrets whose changes are told: every secret whose name starts with this prefix. */
  readonly secretNamePrefix: string;
  /**
   * Where denied calls are seen: the log group of this stack's trail (a metric filter and an alarm), or
   * EventBridge (an organization trail records the account, and its log group is in another account).
   */
  readonly deniedCalls:
    { readonly kind: "trail-log-group"; readonly logGroupName: string } | { readonly kind: "eventbridge" };
  /**
   * Name of the rotation function's role: its own new versions and stage moves (a rotation's
   * PutSecretValue and UpdateSecretVersionStage) are not told; anyone else's are.
   * @default - no rotation: every write is told
   */
  readonly rotationRoleName?: string;
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
  /** The alarm on denied calls, when this stack's trail delivers to a log group of the account. */
  public readonly deniedCallsAlarm?: CloudwatchMetricAlarm;
  /** The EventBridge rule on denied calls, when an organization trail records the account. */
  public readonly deniedCallsRule?: CloudwatchEventRule;

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

    if (props.deniedCalls.kind === "trail-log-group")
      this.deniedCallsAlarm = this.deniedCallsThroughLogGroup(props, props.deniedCalls.logGroupName);
    else this.deniedCallsRule = this.deniedCallsThroughEventBridge(props);
    this.tellOfSecretChanges(props);
  }

  /**
   * An alarm on the trail's log group, counting denied Secrets Manager calls.
   * see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
   */
  private deniedCallsThroughLogGroup(props: SecurityAlertsProps, logGroupName: string): CloudwatchMetricAlarm {
    const { provider } = props;
    const filter = new CloudwatchLogMetricFilter(this, "denied-calls", {
      provider,
      name: deniedCallsName(props.name),
      logGroupName,
      pattern: DENIED_SECRETS_MANAGER_CALLS,
      metricTransformation: {
        namespace: SECURITY_METRIC.namespace,
        name: SECURITY_METRIC.name,
        value: "1",
        defaultValue: "0",
      },
    });
    return atLeastOnceAlarm(this, "denied-calls-alarm", {
      provider,
      alarmName: deniedCallsName(props.name),
      alarmDescription:
        "A Secrets Manager call was denied: someone without access tried to read or change a secret. See infrastructure/runbooks/emergency-rotation.md, step 4.",
      namespace: SECURITY_METRIC.namespace,
      metricName: SECURITY_METRIC.name,
      statistic: "Sum",
      topicArn: this.topic.arn,
      dependsOn: [filter],
    });
  }

  /** A rule on every sensitive change to a secret under the prefix (named by name or by ARN), told to the topic. */
  private tellOfSecretChanges(props: SecurityAlertsProps): void {
    const { provider, placement } = props;
    const { partition, region, accountId } = placement;
    // A request names a secret by name or by ARN.
    const rule = new CloudwatchEventRule(this, "sensitive-changes", {
      provider,
      name: `${props.name}-secret-changes`,
      description: `Deletions, restores, updates, new values, stage moves, rotation changes, replication and policy changes of the secrets under ${props.secretNamePrefix}`,
      eventPattern: JSON.stringify({
        source: ["aws.secretsmanager"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: {
          eventSource: ["secretsmanager.amazonaws.com"],
          ...this.changesExceptRotationWrites(props),
          requestParameters: {
            secretId: [
              { prefix: props.secretNamePrefix },
              { prefix: `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${props.secretNamePrefix}` },
            ],
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
        inputTemplate:
          '"<who> called <event> on <secret> at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md."',
      },
    });
  }

  /**
   * Every sensitive change, except the rotation function's own writes: a rotation's PutSecretValue and
   * UpdateSecretVersionStage come from the session `assumed-role/<its role>/<function>` and would mail the
   * security team twice every rotation, teaching them to ignore the mail that matters. The same calls by
   * anyone else, and every other call by the function's role, are still told.
   * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-anything-but
   */
  private changesExceptRotationWrites(props: SecurityAlertsProps): Record<string, unknown> {
    if (!props.rotationRoleName) return { eventName: [...SENSITIVE_SECRET_CHANGES] };
    const writes = ["PutSecretValue", "UpdateSecretVersionStage"];
    const { partition, accountId } = props.placement;
    const session = `arn:${partition}:sts::${accountId}:assumed-role/${props.rotationRoleName}/`;
    return {
      $or: [
        { eventName: SENSITIVE_SECRET_CHANGES.filter((name) => !writes.includes(name)) },
        { eventName: writes, userIdentity: { arn: [{ "anything-but": { prefix: session } }] } },
      ],
    };
  }

  /**
   * Denied Secrets Manager calls through EventBridge of this account. A denied GetSecretValue is a
   * read-only management event, which a rule receives only in the state
   * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS; the events come from whichever trail records the
   * account (the organization's), so nothing here refers to another account's log group. AWS management
   * events on the default bus cost nothing in EventBridge; each match is one SNS message.
   * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
   */
  private deniedCallsThroughEventBridge(props: SecurityAlertsProps): CloudwatchEventRule {
    const { provider } = props;
    const rule = new CloudwatchEventRule(this, "denied-calls-rule", {
      provider,
      name: deniedCallsName(props.name),
      description: "Secrets Manager calls that IAM or a resource policy denied (read-only calls included)",
      state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      eventPattern: JSON.stringify(DENIED_CALLS_EVENT_PATTERN),
    });
    new CloudwatchEventTarget(this, "denied-calls-to-topic", {
      provider,
      rule: rule.name,
      arn: this.topic.arn,
      inputTransformer: {
        inputPaths: {
          event: "$.detail.eventName",
          error: "$.detail.errorCode",
          who: "$.detail.userIdentity.arn",
          time: "$.time",
          account: "$.account",
          region: "$.region",
        },
        inputTemplate:
          '"Denied: <who> called <event> (<error>) at <time> (account <account>, region <region>). See infrastructure/runbooks/emergency-rotation.md, step 4."',
      },
    });
    return rule;
  }
}
