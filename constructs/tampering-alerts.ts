import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Fn, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** KMS calls that could make the secrets unreadable or readable by others: each is told at once. */
export const KEY_TAMPERING = ["PutKeyPolicy", "DisableKey", "ScheduleKeyDeletion"] as const;

/** CloudTrail calls that would blind the audit. */
export const TRAIL_TAMPERING = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"] as const;

/**
 * Lambda calls that change the rotation function's code or configuration (it reads the database
 * secret). CloudTrail names them with an API version suffix (`UpdateFunctionCode20150331v2`): matched
 * by prefix.
 * see: https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
 */
export const FUNCTION_TAMPERING = ["UpdateFunctionCode", "UpdateFunctionConfiguration"] as const;

/** Props of {@link TamperingAlerts}. */
export interface TamperingAlertsProps {
  /** Prefix of the rules' names. */
  readonly name: string;
  /** The security topic the alerts go to. */
  readonly topicArn: string;
  /** ARNs of the KMS keys whose policy, state or deletion is watched. */
  readonly keyArns: readonly string[];
  /**
   * Name of the rotation function whose code and configuration are watched.
   * @default - no function to watch
   */
  readonly rotationFunctionName?: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** An EventBridge pattern of CloudTrail-recorded API calls of one service. */
function apiCalls(service: string, detail: Record<string, unknown>): Record<string, unknown> {
  return {
    source: [`aws.${service}`],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: { eventSource: [`${service}.amazonaws.com`], ...detail },
  };
}

/**
 * Tells the security topic at once of the calls that could take the guards down without touching a
 * secret: a KMS key's policy, disabling or scheduled deletion; stopping, deleting or reconfiguring
 * CloudTrail; a new code or configuration of the rotation function. One EventBridge rule each, on the
 * default bus (these are write calls, which a rule in the ENABLED state receives).
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 */
export class TamperingAlerts extends Construct {
  /** The rules, by what they watch. */
  public readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: TamperingAlertsProps) {
    super(scope, id);
    const rules = new Map<string, CloudwatchEventRule>();
    const watch = (what: string, description: string, pattern: Record<string, unknown>, subject: string) => {
      const rule = new CloudwatchEventRule(this, `${what}-rule`, {
        provider: props.provider,
        name: `${props.name}-${what}`,
        description,
        // jsonencode, not JSON.stringify: the key ARNs are Terraform references, which must stay
        // expressions in the HCL output rather than text inside a quoted string.
        eventPattern: Fn.jsonencode(pattern),
      });
      new CloudwatchEventTarget(this, `${what}-to-topic`, {
        provider: props.provider,
        rule: rule.name,
        arn: props.topicArn,
        inputTransformer: {
          inputPaths: {
            event: "$.detail.eventName",
            who: "$.detail.userIdentity.arn",
            time: "$.time",
            account: "$.account",
            region: "$.region",
          },
          inputTemplate: `"<who> called <event> on ${subject} at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md."`,
        },
      });
      rules.set(what, rule);
    };
    // CloudTrail records the key of a KMS call in the event's resources.
    watch(
      "key-changes",
      "Policy changes, disabling and scheduled deletion of the secrets' KMS keys",
      apiCalls("kms", { eventName: [...KEY_TAMPERING], resources: { ARN: [...props.keyArns] } }),
      "a KMS key of the secrets",
    );
    watch(
      "trail-changes",
      "Stopping, deleting or reconfiguring CloudTrail",
      apiCalls("cloudtrail", { eventName: [...TRAIL_TAMPERING] }),
      "CloudTrail",
    );
    if (props.rotationFunctionName) {
      watch(
        "function-changes",
        "New code or configuration of the secret rotation function",
        apiCalls("lambda", {
          eventName: FUNCTION_TAMPERING.map((prefix) => ({ prefix })),
          // The caller names the function by name or by ARN.
          requestParameters: {
            functionName: [props.rotationFunctionName, { suffix: `:function:${props.rotationFunctionName}` }],
          },
        }),
        `the rotation function ${props.rotationFunctionName}`,
      );
    }
    this.rules = rules;
  }
}
