import type { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { apiCallAlerts, apiCalls } from "./api-call-alert";

/** KMS calls that could make the secrets unreadable or readable by others: each is told at once. */
export const KEY_TAMPERING = ["PutKeyPolicy", "DisableKey", "ScheduleKeyDeletion"] as const;

/** CloudTrail calls that would blind the audit. */
export const TRAIL_TAMPERING = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"] as const;

/**
 * Lambda calls that change the rotation function's code or configuration, or who may invoke it (it reads
 * the database secret and the superuser's). CloudTrail names them with an API version suffix (`UpdateFunctionCode20150331v2`): matched
 * by prefix.
 * see: https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
 */
export const FUNCTION_TAMPERING = [
  "UpdateFunctionCode",
  "UpdateFunctionConfiguration",
  "AddPermission",
  "CreateFunctionUrlConfig",
  "UpdateFunctionUrlConfig",
] as const;

/**
 * Lambda calls that give the rotation function's role to another function (`CreateFunction20150331`, or a
 * configuration update naming the role): that function would read what the rotation function reads.
 */
export const ROLE_PASSING_CALLS = ["CreateFunction20150331", "UpdateFunctionConfiguration"] as const;

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
   * ARN of the rotation function's role, whose passing to any function is watched.
   * @default - no role to watch
   */
  readonly rotationRoleArn?: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** The pattern of one service's API calls, with EventBridge's `source` (as these rules have always had it). */
function serviceCalls(service: string, detail: Record<string, unknown>): Record<string, unknown> {
  return { source: [`aws.${service}`], ...apiCalls(`${service}.amazonaws.com`, detail) };
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
    const { rules, add: watch } = apiCallAlerts(this, {
      name: props.name,
      topicArn: props.topicArn,
      provider: props.provider,
    });
    // CloudTrail records the key of a KMS call in the event's resources.
    watch(
      "key-changes",
      "Policy changes, disabling and scheduled deletion of the secrets' KMS keys",
      serviceCalls("kms", { eventName: [...KEY_TAMPERING], resources: { ARN: [...props.keyArns] } }),
      "a KMS key of the secrets",
    );
    watch(
      "trail-changes",
      "Stopping, deleting or reconfiguring CloudTrail",
      serviceCalls("cloudtrail", { eventName: [...TRAIL_TAMPERING] }),
      "CloudTrail",
    );
    if (props.rotationFunctionName) {
      watch(
        "function-changes",
        "New code or configuration of the secret rotation function",
        serviceCalls("lambda", {
          eventName: FUNCTION_TAMPERING.map((prefix) => ({ prefix })),
          // The caller names the function by name or by ARN.
          requestParameters: {
            functionName: [props.rotationFunctionName, { suffix: `:function:${props.rotationFunctionName}` }],
          },
        }),
        `the rotation function ${props.rotationFunctionName}`,
      );
    }
    if (props.rotationRoleArn) {
      watch(
        "rotation-role-passed",
        "Another function created or configured with the rotation function's role",
        serviceCalls("lambda", {
          eventName: ROLE_PASSING_CALLS.map((prefix) => ({ prefix })),
          requestParameters: { role: [props.rotationRoleArn] },
        }),
        "a function given the rotation function's role",
      );
    }
    this.rules = rules;
  }
}
