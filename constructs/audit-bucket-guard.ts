import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { OBJECT_LOCK_MODES, type ObjectLockMode } from "../config/audit-settings";
import type { Placement } from "../config/placement";

/** Props of {@link AuditBucketGuard}. */
export interface AuditBucketGuardProps {
  /** Name of the guarded bucket's trail: names the access-log bucket (`<name>-s3logs-<account>-<region>`, within S3's 63 characters). */
  readonly name: string;
  /** The audit bucket (versioned). */
  readonly bucket: S3Bucket;
  /** Its versioning resource: Object Lock needs versioning on first. */
  readonly versioning: ITerraformDependable;
  /** Account and region. */
  readonly placement: Placement;
  /** The audit key, which also encrypts the access logs (its policy admits S3's log delivery for the audit bucket). */
  readonly kmsKeyArn: string;
  /**
   * Object Lock mode of every new log file: `GOVERNANCE` (principals with
   * `s3:BypassGovernanceRetention` can still remove a file) or `COMPLIANCE` (nobody, the root user
   * included, until the retention ends).
   * @default "GOVERNANCE"
   */
  readonly mode?: ObjectLockMode;
  /**
   * Days a log file cannot be deleted or overwritten.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * A throwaway environment that `terraform destroy` may take down: no Object Lock default retention
   * (new log files are not locked) and the access-log bucket is emptied on destroy.
   * @default false
   */
  readonly teardown?: boolean;
  /**
   * Days the access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Keeps the audit trail's log files from being erased: S3 Object Lock with a default retention on the
 * versioned bucket (through `aws_s3_bucket_object_lock_configuration`, which S3 accepts on an existing
 * versioned bucket; the bucket's own `object_lock_enabled` would replace a deployed bucket), and server
 * access logging of the bucket to a separate bucket without Object Lock (CIS AWS Foundations Benchmark
 * v1.4.0 3.6, v3.0.0 3.4), so that every read or delete attempt on the log files is itself recorded.
 * A locked bucket cannot be destroyed before the retention of its newest file ends.
 * see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
 * see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
 */
export class AuditBucketGuard extends Construct {
  /** The Object Lock configuration, unless the environment may be torn down. */
  public readonly objectLock?: S3BucketObjectLockConfigurationA;
  /** The bucket that receives the audit bucket's access logs. */
  public readonly accessLogBucket: S3Bucket;

  constructor(scope: Construct, id: string, props: AuditBucketGuardProps) {
    super(scope, id);
    const { provider } = props;
    const mode = props.mode ?? "GOVERNANCE";
    if (!OBJECT_LOCK_MODES.includes(mode))
      throw new Error(`${this.node.path}: mode must be one of ${OBJECT_LOCK_MODES.join(", ")}, got "${String(mode)}"`);
    const days = props.retentionDays ?? 365;
    if (!Number.isInteger(days) || days < 1 || days > 36500)
      throw new Error(`${this.node.path}: retentionDays must be a whole number from 1 to 36500, got ${days}`);

    if (!props.teardown)
      this.objectLock = new S3BucketObjectLockConfigurationA(this, "object-lock", {
        provider,
        bucket: props.bucket.id,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode, days } },
        dependsOn: [props.versioning],
      });

    this.accessLogBucket = this.addAccessLogBucket(props);
    this.logAccessTo(props, this.accessLogBucket);
  }

  /**
   * The access logs' own bucket: no Object Lock (S3 delivers with its own writes), SSE-KMS with the audit
   * key (CKV_AWS_145), versioned (CKV_AWS_21), no public access, logs expiring with the trail's.
   */
  private addAccessLogBucket(props: AuditBucketGuardProps): S3Bucket {
    const { provider, placement } = props;
    const accessLogBucket = new S3Bucket(this, "access-log-bucket", {
      provider,
      bucket: `${props.name}-s3logs-${placement.accountId}-${placement.region}`,
      forceDestroy: props.teardown ?? false,
    });
    new S3BucketPublicAccessBlock(this, "access-log-public-access-block", {
      provider,
      bucket: accessLogBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "access-log-ownership", {
      provider,
      bucket: accessLogBucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "access-log-encryption", {
      provider,
      bucket: accessLogBucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          // One data key per bucket and period rather than per log object: fewer KMS calls.
          bucketKeyEnabled: true,
        },
      ],
    });
    const accessLogVersioning = new S3BucketVersioningA(this, "access-log-versioning", {
      provider,
      bucket: accessLogBucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketLifecycleConfiguration(this, "access-log-lifecycle", {
      provider,
      bucket: accessLogBucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: props.accessLogRetentionDays ?? 365 }],
          // An overwritten or deleted log file's old version goes as soon as the current ones do.
          noncurrentVersionExpiration: [{ noncurrentDays: props.accessLogRetentionDays ?? 365 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [accessLogVersioning],
    });
    return accessLogBucket;
  }

  /** The audit bucket's server access logs to that bucket, which S3's log delivery alone writes (for the audit bucket only). */
  private logAccessTo(props: AuditBucketGuardProps, accessLogBucket: S3Bucket): void {
    const { provider, placement } = props;
    // see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
    const policy = new DataAwsIamPolicyDocument(this, "access-log-policy-document", {
      provider,
      statement: [
        {
          sid: "S3ServerAccessLogsOfTheAuditBucketOnly",
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${accessLogBucket.arn}/*`],
          condition: [
            { test: "ArnLike", variable: "aws:SourceArn", values: [props.bucket.arn] },
            { test: "StringEquals", variable: "aws:SourceAccount", values: [placement.accountId] },
          ],
        },
      ],
    });
    const bucketPolicy = new S3BucketPolicy(this, "access-log-policy", {
      provider,
      bucket: accessLogBucket.id,
      policy: policy.json,
    });
    new S3BucketLoggingA(this, "access-logging", {
      provider,
      bucket: props.bucket.id,
      targetBucket: accessLogBucket.id,
      targetPrefix: "audit-bucket/",
      dependsOn: [bucketPolicy],
    });
  }
}
