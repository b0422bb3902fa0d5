import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { Placement } from "../config/placement";
import { accountRootArn, keyAdministrationStatement, logsEncryptLogGroupsStatement } from "./kms-key-policy";

/** What the audit trail's key and bucket policies name. */
export interface AuditPolicyNames {
  /** The trail's ARN (known before the trail exists, so the policies name it without a cycle). */
  readonly trailArn: string;
  /** The bucket's name. */
  readonly bucketName: string;
}

/**
 * The audit key's policy: the account administers it; CloudTrail encrypts this trail's files, S3's log
 * delivery the bucket's access logs, CloudWatch Logs this account's log groups; account principals read
 * the files and the access logs.
 * see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function auditKeyStatements(placement: Placement, names: AuditPolicyNames): DataAwsIamPolicyDocumentStatement[] {
  const { partition, accountId } = placement;
  const { trailArn, bucketName } = names;
  const anyTrailOfAccount = `arn:${partition}:cloudtrail:*:${accountId}:trail/*`;
  return [
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
    ...accessLogKeyStatements(placement, bucketName),
    ...logFileKeyStatements(placement, trailArn),
  ];
}

/** S3's log delivery encrypts the audit bucket's access logs; account principals read them through S3. */
function accessLogKeyStatements(placement: Placement, bucketName: string): DataAwsIamPolicyDocumentStatement[] {
  const { partition, region, accountId } = placement;
  return [
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
  ];
}

/** CloudTrail describes the key; account principals decrypt the log files; CloudWatch Logs encrypts this account's groups. */
function logFileKeyStatements(placement: Placement, trailArn: string): DataAwsIamPolicyDocumentStatement[] {
  const { partition, accountId } = placement;
  const anyTrailOfAccount = `arn:${partition}:cloudtrail:*:${accountId}:trail/*`;
  return [
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
    logsEncryptLogGroupsStatement(placement),
  ];
}

/**
 * The audit bucket's policy: CloudTrail checks the ACL and writes this trail's files, nothing over plain HTTP.
 * see: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function auditBucketStatements(
  bucketArn: string,
  accountId: string,
  trailArn: string,
): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: "CloudTrailChecksTheBucketAcl",
      principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
      actions: ["s3:GetBucketAcl"],
      resources: [bucketArn],
      condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }],
    },
    {
      sid: "OnlyThisTrailWritesLogFiles",
      principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
      actions: ["s3:PutObject"],
      resources: [`${bucketArn}/AWSLogs/${accountId}/*`],
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
      resources: [bucketArn, `${bucketArn}/*`],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    },
  ];
}
