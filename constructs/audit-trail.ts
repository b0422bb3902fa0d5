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
import { auditBucketStatements, auditKeyStatements, type AuditPolicyNames } from "./audit-trail-policies";
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
    const { partition, region, accountId } = props.placement;
    // Known before the trail exists, so the bucket and key policies can name it without a cycle.
    const trailArn = `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${props.name}`;
    // Names that must be unique in all of S3 derive from account, region and environment.
    const bucketName = `${props.name}-cloudtrail-${accountId}-${region}`;
    this.key = this.addKey(props, { trailArn, bucketName });
    const { bucket, versioning, policy } = this.addBucket(props, { trailArn, bucketName });
    this.bucket = bucket;
    this.versioning = versioning;
    const { logGroup, role, rolePolicy } = this.addLogDelivery(props, trailArn);
    this.logGroup = logGroup;
    this.trail = new Cloudtrail(this, "trail", {
      provider: props.provider,
      name: props.name,
      s3BucketName: bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: this.key.arn,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      // CloudTrail checks the bucket policy and the role when the trail is created.
      dependsOn: [policy, rolePolicy],
    });
  }

  /** The audit key and its alias. */
  private addKey(props: AuditTrailProps, names: AuditPolicyNames): KmsKey {
    const { placement, provider } = props;
    const keyPolicy = new DataAwsIamPolicyDocument(this, "key-policy", {
      provider,
      statement: auditKeyStatements(placement, names),
    });
    const key = new KmsKey(this, "key", {
      provider,
      description: "Encrypts the Qualisys audit trail (CloudTrail log files and their CloudWatch Logs copy)",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, "key-alias", { provider, name: `alias/${props.name}-audit`, targetKeyId: key.keyId });

    return key;
  }

  /** The bucket of log files: private, versioned, encrypted with the audit key, archived then expired, TLS only. */
  private addBucket(props: AuditTrailProps, names: AuditPolicyNames) {
    const { provider } = props;
    const { bucketName, trailArn } = names;
    const accountId = props.placement.accountId;
    const bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: bucketName,
      ...(props.forceDestroy ? { forceDestroy: true } : {}),
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const versioning = new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    this.archiveThenExpire(props, bucket);
    const bucketPolicy = new DataAwsIamPolicyDocument(this, "bucket-policy-document", {
      provider,
      statement: auditBucketStatements(bucket.arn, accountId, trailArn),
    });
    const policy = new S3BucketPolicy(this, "bucket-policy", {
      provider,
      bucket: bucket.id,
      policy: bucketPolicy.json,
    });

    return { bucket, versioning, policy };
  }

  /** Log files move to Glacier, then expire; an overwritten or deleted one's old version lasts as long. */
  private archiveThenExpire(props: AuditTrailProps, bucket: S3Bucket): void {
    const { provider } = props;
    const transition = props.transitionToGlacierAfterDays ?? 90;
    const expire = props.expireAfterDays ?? 2557;
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket: bucket.id,
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
  }

  /** The trail's CloudWatch Logs group, and the role that can only deliver to it. */
  private addLogDelivery(props: AuditTrailProps, trailArn: string) {
    const { provider } = props;
    const logGroup = new CloudwatchLogGroup(this, "logs", {
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
          resources: [`${logGroup.arn}:log-stream:*`],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "delivery-policy", {
      provider,
      role: role.id,
      name: "deliver-to-log-group",
      policy: delivery.json,
    });

    return { logGroup, role, rolePolicy };
  }
}
