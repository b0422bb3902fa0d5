import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  keyAdministrationStatement,
  logsEncryptLogGroupsStatement,
  useThroughServicesStatement,
} from "./kms-key-policy";
import type { Placement } from "../config/placement";

/** Props of {@link OperationsKmsKey}: the account and region, plus naming. */
export interface OperationsKmsKeyProps extends Placement {
  /**
   * Alias of the key.
   * @default "alias/qualisys/secret-operations"
   */
  readonly aliasName?: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A customer-managed key for what surrounds the secrets: the rotation function's log group,
 * environment variables and dead-letter queue, and the notification topic. The secrets' own key
 * stays usable only through Secrets Manager, so a grant on this key never reaches a secret.
 *
 * Its policy: the account root administers it; principals of the account use it only through
 * Lambda, SQS and SNS of the region; CloudWatch Logs uses it for this account's log groups;
 * EventBridge and CloudWatch alarms use it to publish to encrypted topics of this account.
 */
export class OperationsKmsKey extends Construct {
  /** The key resource. */
  public readonly key: KmsKey;
  /** The alias resource. */
  public readonly alias: KmsAlias;
  /** ARN of the key. */
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: OperationsKmsKeyProps) {
    super(scope, id);
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      provider: props.provider,
      statement: operationsKeyStatements(props),
    });

    this.key = new KmsKey(this, "key", {
      provider: props.provider,
      description: "Encrypts the logs, queues, topics and environment of the Qualisys secret management",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
    });
    this.keyArn = this.key.arn;
    this.alias = new KmsAlias(this, "alias", {
      provider: props.provider,
      name: props.aliasName ?? "alias/qualisys/secret-operations",
      targetKeyId: this.key.keyId,
    });
  }
}

/** The operations key's policy: the account administers it, its principals use it through Lambda, SQS and SNS, CloudWatch Logs encrypts this account's log groups, EventBridge and CloudWatch publish to encrypted topics. */
function operationsKeyStatements(props: OperationsKmsKeyProps): DataAwsIamPolicyDocumentStatement[] {
  const { accountId } = props;
  return [
    keyAdministrationStatement(props),
    // see: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html (env vars),
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html (DLQ),
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (topic)
    useThroughServicesStatement(
      "AccountPrincipalsUseKeyThroughLambdaSqsSns",
      props,
      ["lambda", "sqs", "sns"],
      ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:CreateGrant", "kms:DescribeKey"],
    ),
    logsEncryptLogGroupsStatement(props),
    {
      // see: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
      sid: "EventBridgeAndCloudWatchPublishToEncryptedTopics",
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }],
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
    },
  ];
}
