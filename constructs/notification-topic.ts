import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link NotificationTopic}. */
export interface NotificationTopicProps {
  /** Name of the topic. */
  readonly name: string;
  /** What subscribers see as the sender. */
  readonly displayName: string;
  /** The account: only its EventBridge rules and CloudWatch alarms may publish. */
  readonly accountId: string;
  /** Key that encrypts the topic; EventBridge and CloudWatch of the account must be able to use it. */
  readonly kmsKeyArn: string;
  /**
   * E-mail addresses subscribed (each confirms by e-mail).
   * @default - none
   */
  readonly emails?: readonly string[];
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** A KMS-encrypted SNS topic that only EventBridge and CloudWatch of this account may publish to, with e-mail subscriptions. */
export class NotificationTopic extends Construct {
  /** The topic. */
  public readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const { provider } = props;
    this.topic = new SnsTopic(this, "topic", {
      provider,
      name: props.name,
      displayName: props.displayName,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    const policy = new DataAwsIamPolicyDocument(this, "policy-document", {
      provider,
      statement: [
        {
          // see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
          // see: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
          sid: "EventBridgeAndCloudWatchOfThisAccountPublish",
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "policy", { provider, arn: this.topic.arn, policy: policy.json });
    for (const [index, email] of (props.emails ?? []).entries()) {
      new SnsTopicSubscription(this, `email-${index}`, {
        provider,
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: email,
      });
    }
  }
}
