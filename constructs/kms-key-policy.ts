import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { Placement } from "../config/placement";

/**
 * Key administration actions granted to the account root (and so, through IAM, to the
 * account's administrators). Listed one by one: no `kms:*`, and no use of the key.
 * see: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
] as const;

/** `arn:<partition>:iam::<account>:root`: the account as a principal. */
export function accountRootArn(placement: Placement): string {
  return `arn:${placement.partition}:iam::${placement.accountId}:root`;
}

/** `<service>.<region>.<dnsSuffix>`, the value of `kms:ViaService` for a service of the key's region. */
export function viaService(service: string, placement: Placement): string {
  return `${service}.${placement.region}.${placement.dnsSuffix}`;
}

/** The statement that lets the account root administer a key, without using it. In a key policy, `*` means this key. */
export function keyAdministrationStatement(placement: Placement): DataAwsIamPolicyDocumentStatement {
  return {
    sid: "AccountRootAdministersKey",
    principals: [{ type: "AWS", identifiers: [accountRootArn(placement)] }],
    actions: [...KEY_ADMIN_ACTIONS],
    resources: ["*"],
  };
}

/**
 * The statement that lets principals of the account use a key only through the given services of its
 * region. The root principal delegates to IAM: a caller also needs an identity policy allowing the actions.
 */
export function useThroughServicesStatement(
  sid: string,
  placement: Placement,
  services: readonly string[],
  actions: readonly string[],
): DataAwsIamPolicyDocumentStatement {
  return {
    sid,
    principals: [{ type: "AWS", identifiers: [accountRootArn(placement)] }],
    actions: [...actions],
    resources: ["*"],
    condition: [
      { test: "StringEquals", variable: "kms:ViaService", values: services.map((s) => viaService(s, placement)) },
      { test: "StringEquals", variable: "kms:CallerAccount", values: [placement.accountId] },
    ],
  };
}

/**
 * CloudWatch Logs of the region encrypts this account's log groups with the key.
 * see: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function logsEncryptLogGroupsStatement(placement: Placement): DataAwsIamPolicyDocumentStatement {
  const { partition, region, accountId } = placement;
  return {
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
  };
}
