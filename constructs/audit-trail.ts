import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { accountRootArn, keyAdministrationStatement } from "./kms-key-policy";
import type { Placement } from "../config/placement";

/** Props of {@link AuditTrail}. */
export interface AuditTrailProps {
  /** Name of the trail; the bucket, log group, role and key alias derive from it. */
  readonly name: string;
  /** Account, region, partition. */
  readonly placement: Placement;
  /**
   * Days the CloudWatch Logs group keeps events.
   * @default 365
   */
  readonly logRetentionInDays?: number;
  /**
   * Days before log files move to S3 Glacier Flexible Retrieval.
   * @default 90
   */
  readonly transitionToGlacierAfterDays?: number;
  /**
   * Days before log files expire.
   * @default 2557
   */
  readonly expireAfterDays?: number;
  /**
   * Empty the trail's bucket on `terraform destroy` (a throwaway environment).
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A CloudTrail trail of the account's management events, every region, global service events
 * included (every Secrets Manager GetSecretValue is one), with log file validation; encrypted with a
 * dedicated audit KMS key; delivered to an S3 bucket (public access blocked, versioned, KMS-encrypted,
 * TLS only, writable by this trail alone, files moving to Glacier and expiring on schedule) and to a
 * KMS-encrypted CloudWatch Logs group through a role that can only deliver there.
 */
export class AuditTrail extends Construct {
  /** The trail. */
  public readonly trail: Cloudtrail;
  /** The bucket of log files. */
  public readonly bucket: S3Bucket;
  /** The bucket's versioning (Object Lock needs it first). */
  public readonly versioning: S3BucketVersioningA;
  /** The CloudWatch Logs group the trail delivers to. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The audit key. */
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { placement, provider } = props;
    const { partition, region, accountId } = placement;
    // Known before the trail exists, so the bucket and key policies can name it without a cycle.
    const trailArn = `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${props.name}`;
    const anyTrailOfAccount = `arn:${partition}:cloudtrail:*:${accountId}:trail/*`;
    const bucketName = `${props.name}-cloudtrail-${accountId}-${region}`;

    // see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    const keyPolicy = new DataAwsIamPolicyDocument(this, "key-policy", {
      provider,
      statement: [
        keyAdministrationStatement(placement),
        {
          sid: "CloudTrailEncryptsThisTrailsLogs",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey"],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] },
            { test: "StringLike", variable: "kms:EncryptionContext:aws:cloudtrail:arn", values: [anyTrailOfAccount] },
          ],
        },
        {
          // The audit bucket's server access logs are encrypted with this key too: S3's log delivery writes
          // them (for this account's audit bucket only), account principals read them through S3.
          // see: https://github.com/aws/aws-cdk/pull/25350 (KMS works for server access log buckets when the
          // key admits logging.s3.amazonaws.com; its integration test deploys it)
          sid: "S3LogDeliveryEncryptsTheAuditBucketsAccessLogs",
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey"],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:s3:::${bucketName}`] },
          ],
        },
        {
          sid: "AccountPrincipalsReadAccessLogsThroughS3",
          principals: [{ type: "AWS", identifiers: [accountRootArn(placement)] }],
          actions: ["kms:Decrypt"],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "kms:CallerAccount", values: [accountId] },
            { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${region}.${placement.dnsSuffix}`] },
          ],
        },
        {
          sid: "CloudTrailDescribesKey",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["kms:DescribeKey"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }],
        },
        {
          sid: "AccountPrincipalsDecryptLogFiles",
          principals: [{ type: "AWS", identifiers: [accountRootArn(placement)] }],
          actions: ["kms:Decrypt", "kms:ReEncryptFrom"],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "kms:CallerAccount", values: [accountId] },
            { test: "StringLike", variable: "kms:EncryptionContext:aws:cloudtrail:arn", values: [anyTrailOfAccount] },
          ],
        },
        {
          // see: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
          sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
          principals: [{ type: "Service", identifiers: [`logs.${region}.${placement.dnsSuffix}`] }],
          actions: [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncryptFrom",
            "kms:ReEncryptTo",
            "kms:GenerateDataKey",
            "kms:DescribeKey",
          ],
          resources: ["*"],
          condition: [
            {
              test: "ArnLike",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [`arn:${partition}:logs:${region}:${accountId}:log-group:*`],
            },
          ],
        },
      ],
    });
    this.key = new KmsKey(this, "key", {
      provider,
      description: "Encrypts the Qualisys audit trail (CloudTrail log files and their CloudWatch Logs copy)",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, "key-alias", { provider, name: `alias/${props.name}-audit`, targetKeyId: this.key.keyId });

    // Names that must be unique in all of S3 derive from account, region and environment.
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: bucketName,
      ...(props.forceDestroy ? { forceDestroy: true } : {}),
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    this.versioning = new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    const transition = props.transitionToGlacierAfterDays ?? 90;
    const expire = props.expireAfterDays ?? 2557;
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: "archive-then-expire-log-files",
          status: "Enabled",
          filter: [{ prefix: "" }],
          transition: [{ days: transition, storageClass: "GLACIER" }],
          expiration: [{ days: expire }],
          // An overwritten or deleted log file stays as long as a current one (Object Lock keeps it at least its retention).
          noncurrentVersionExpiration: [{ noncurrentDays: expire }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    // see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    const bucketPolicy = new DataAwsIamPolicyDocument(this, "bucket-policy-document", {
      provider,
      statement: [
        {
          sid: "CloudTrailChecksTheBucketAcl",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:GetBucketAcl"],
          resources: [this.bucket.arn],
          condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }],
        },
        {
          sid: "OnlyThisTrailWritesLogFiles",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${this.bucket.arn}/AWSLogs/${accountId}/*`],
          condition: [
            { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] },
            { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
          ],
        },
        {
          // see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
          sid: "DenyRequestsWithoutTls",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"], // a deny: every S3 action over plain HTTP is refused
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    const policy = new S3BucketPolicy(this, "bucket-policy", {
      provider,
      bucket: this.bucket.id,
      policy: bucketPolicy.json,
    });

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      provider,
      name: `/aws/cloudtrail/${props.name}`,
      retentionInDays: props.logRetentionInDays ?? 365,
      kmsKeyId: this.key.arn,
    });
    // see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html#send-cloudtrail-events-to-cloudwatch-logs-cli-create-role
    const trust = new DataAwsIamPolicyDocument(this, "delivery-trust", {
      provider,
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }],
        },
      ],
    });
    const role = new IamRole(this, "delivery-role", {
      provider,
      name: `${props.name}-cloudtrail-to-logs`,
      description: "Lets the audit trail deliver events to its CloudWatch Logs group, and nothing else",
      assumeRolePolicy: trust.json,
    });
    const delivery = new DataAwsIamPolicyDocument(this, "delivery-permissions", {
      provider,
      statement: [
        {
          sid: "DeliverToTheTrailsLogGroup",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${this.logGroup.arn}:log-stream:*`],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "delivery-policy", {
      provider,
      role: role.id,
      name: "deliver-to-log-group",
      policy: delivery.json,
    });

    this.trail = new Cloudtrail(this, "trail", {
      provider,
      name: props.name,
      s3BucketName: this.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: this.key.arn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      // CloudTrail checks the bucket policy and the role when the trail is created.
      dependsOn: [policy, rolePolicy],
    });
  }
}
