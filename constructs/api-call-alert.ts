import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Fn, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";

/**
 * An EventBridge pattern of CloudTrail-recorded API calls of one service, by CloudTrail's `eventSource`
 * (the field CloudTrail documents for every service; EventBridge's `source` does not always repeat it).
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 */
export function apiCalls(eventSource: string, detail: Record<string, unknown>): Record<string, unknown> {
  return { "detail-type": ["AWS API Call via CloudTrail"], detail: { eventSource: [eventSource], ...detail } };
}

/** Props of {@link apiCallAlert}. */
export interface ApiCallAlertProps {
  /** The rule's name. */
  readonly name: string;
  /** What the rule watches, for the console. */
  readonly description: string;
  /** The event pattern (may hold Terraform references: it is rendered with `jsonencode`). */
  readonly pattern: Record<string, unknown>;
  /** The topic told of each match. */
  readonly topicArn: string;
  /** What was called on, in the message (`the rotation function ...`). */
  readonly subject: string;
  /**
   * Provider to create the resources with.
   * @default - the scope's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * One rule on the default bus that tells the topic of each matching API call: who called what, when,
 * and where the runbook is. Creates `<id>-rule` and `<id>-to-topic` in the scope.
 */
export function apiCallAlert(scope: Construct, id: string, props: ApiCallAlertProps): CloudwatchEventRule {
  const rule = new CloudwatchEventRule(scope, `${id}-rule`, {
    provider: props.provider,
    name: props.name,
    description: props.description,
    // jsonencode, not JSON.stringify: ARNs may be Terraform references, which must stay expressions in
    // the HCL output rather than text inside a quoted string.
    eventPattern: Fn.jsonencode(props.pattern),
  });
  new CloudwatchEventTarget(scope, `${id}-to-topic`, {
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
      inputTemplate: `"<who> called <event> on ${props.subject} at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md."`,
    },
  });
  return rule;
}

/** Rules that share a name prefix, a topic and a provider: `add` creates one, `rules` holds them by what they watch. */
export function apiCallAlerts(
  scope: Construct,
  shared: { readonly name: string; readonly topicArn: string; readonly provider?: TerraformProvider },
): {
  readonly rules: Map<string, CloudwatchEventRule>;
  readonly add: (what: string, description: string, pattern: Record<string, unknown>, subject: string) => void;
} {
  const rules = new Map<string, CloudwatchEventRule>();
  return {
    rules,
    add: (what, description, pattern, subject) => {
      const { name, topicArn, provider } = shared;
      rules.set(
        what,
        apiCallAlert(scope, what, { name: `${name}-${what}`, description, pattern, topicArn, subject, provider }),
      );
    },
  };
}
