# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_iam_policy_document" "audit-trail_key-policy_4F404CDA" {
  statement {
    actions = [
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
      "kms:UpdateKeyDescription"
    ]
    resources = [
      "*"
    ]
    sid = "AccountRootAdministersKey"
    principals {
      identifiers = [
        "arn:aws:iam::111111111111:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    resources = [
      "*"
    ]
    sid = "CloudTrailEncryptsThisTrailsLogs"
    condition {
      test = "StringEquals"
      values = [
        "arn:aws:cloudtrail:us-east-1:111111111111:trail/qualisys-dev"
      ]
      variable = "aws:SourceArn"
    }
    condition {
      test = "StringLike"
      values = [
        "arn:aws:cloudtrail:*:111111111111:trail/*"
      ]
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    resources = [
      "*"
    ]
    sid = "S3LogDeliveryEncryptsTheAuditBucketsAccessLogs"
    condition {
      test = "StringEquals"
      values = [
        "111111111111"
      ]
      variable = "aws:SourceAccount"
    }
    condition {
      test = "ArnLike"
      values = [
        "arn:aws:s3:::qualisys-dev-cloudtrail-111111111111-us-east-1"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "logging.s3.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    resources = [
      "*"
    ]
    sid = "AccountPrincipalsReadAccessLogsThroughS3"
    condition {
      test = "StringEquals"
      values = [
        "111111111111"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.us-east-1.amazonaws.com"
      ]
      variable = "kms:ViaService"
    }
    principals {
      identifiers = [
        "arn:aws:iam::111111111111:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:DescribeKey"
    ]
    resources = [
      "*"
    ]
    sid = "CloudTrailDescribesKey"
    condition {
      test = "StringEquals"
      values = [
        "arn:aws:cloudtrail:us-east-1:111111111111:trail/qualisys-dev"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:ReEncryptFrom"
    ]
    resources = [
      "*"
    ]
    sid = "AccountPrincipalsDecryptLogFiles"
    condition {
      test = "StringEquals"
      values = [
        "111111111111"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringLike"
      values = [
        "arn:aws:cloudtrail:*:111111111111:trail/*"
      ]
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
    }
    principals {
      identifiers = [
        "arn:aws:iam::111111111111:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:GenerateDataKey",
      "kms:DescribeKey"
    ]
    resources = [
      "*"
    ]
    sid = "CloudWatchLogsEncryptsThisAccountsLogGroups"
    condition {
      test = "ArnLike"
      values = [
        "arn:aws:logs:us-east-1:111111111111:log-group:*"
      ]
      variable = "kms:EncryptionContext:aws:logs:arn"
    }
    principals {
      identifiers = [
        "logs.us-east-1.amazonaws.com"
      ]
      type = "Service"
    }
  }
}

resource "aws_kms_key" "audit-trail_key_AB55BA0D" {
  deletion_window_in_days = 30
  description             = "Encrypts the Qualisys audit trail (CloudTrail log files and their CloudWatch Logs copy)"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.audit-trail_key-policy_4F404CDA.json
}

resource "aws_kms_alias" "audit-trail_key-alias_19880F41" {
  name          = "alias/qualisys-dev-audit"
  target_key_id = aws_kms_key.audit-trail_key_AB55BA0D.key_id
}

resource "aws_s3_bucket" "audit-trail_bucket_7172A606" {
  bucket        = "qualisys-dev-cloudtrail-111111111111-us-east-1"
  force_destroy = true
}

resource "aws_s3_bucket_public_access_block" "audit-trail_public-access-block_8B3A8128" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = aws_s3_bucket.audit-trail_bucket_7172A606.id
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "audit-trail_ownership_B2B1D2FC" {
  bucket = aws_s3_bucket.audit-trail_bucket_7172A606.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "audit-trail_versioning_9E1EA987" {
  bucket = aws_s3_bucket.audit-trail_bucket_7172A606.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit-trail_encryption_041D0EC8" {
  bucket = aws_s3_bucket.audit-trail_bucket_7172A606.id
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.audit-trail_key_AB55BA0D.arn
      sse_algorithm     = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "audit-trail_lifecycle_BE7F8EC3" {
  bucket = aws_s3_bucket.audit-trail_bucket_7172A606.id
  rule {
    id     = "archive-then-expire-log-files"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
    expiration {
      days = 365
    }
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = 365
    }
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
  }
}

data "aws_iam_policy_document" "audit-trail_bucket-policy-document_F9983ABD" {
  statement {
    actions = [
      "s3:GetBucketAcl"
    ]
    resources = [
      "${aws_s3_bucket.audit-trail_bucket_7172A606.arn}"
    ]
    sid = "CloudTrailChecksTheBucketAcl"
    condition {
      test = "StringEquals"
      values = [
        "arn:aws:cloudtrail:us-east-1:111111111111:trail/qualisys-dev"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "s3:PutObject"
    ]
    resources = [
      "${aws_s3_bucket.audit-trail_bucket_7172A606.arn}/AWSLogs/111111111111/*"
    ]
    sid = "OnlyThisTrailWritesLogFiles"
    condition {
      test = "StringEquals"
      values = [
        "arn:aws:cloudtrail:us-east-1:111111111111:trail/qualisys-dev"
      ]
      variable = "aws:SourceArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "bucket-owner-full-control"
      ]
      variable = "s3:x-amz-acl"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "${aws_s3_bucket.audit-trail_bucket_7172A606.arn}",
      "${aws_s3_bucket.audit-trail_bucket_7172A606.arn}/*"
    ]
    sid = "DenyRequestsWithoutTls"
    condition {
      test = "Bool"
      values = [
        "false"
      ]
      variable = "aws:SecureTransport"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
}

resource "aws_s3_bucket_policy" "audit-trail_bucket-policy_85065AEF" {
  bucket = aws_s3_bucket.audit-trail_bucket_7172A606.id
  policy = data.aws_iam_policy_document.audit-trail_bucket-policy-document_F9983ABD.json
}

resource "aws_cloudwatch_log_group" "audit-trail_logs_E5EA8BF2" {
  kms_key_id        = aws_kms_key.audit-trail_key_AB55BA0D.arn
  name              = "/aws/cloudtrail/qualisys-dev"
  retention_in_days = 90
}

data "aws_iam_policy_document" "audit-trail_delivery-trust_53CCADD2" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    condition {
      test = "StringEquals"
      values = [
        "arn:aws:cloudtrail:us-east-1:111111111111:trail/qualisys-dev"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
}

resource "aws_iam_role" "audit-trail_delivery-role_E7362744" {
  assume_role_policy = data.aws_iam_policy_document.audit-trail_delivery-trust_53CCADD2.json
  description        = "Lets the audit trail deliver events to its CloudWatch Logs group, and nothing else"
  name               = "qualisys-dev-cloudtrail-to-logs"
}

data "aws_iam_policy_document" "audit-trail_delivery-permissions_9252B8F5" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    resources = [
      "${aws_cloudwatch_log_group.audit-trail_logs_E5EA8BF2.arn}:log-stream:*"
    ]
    sid = "DeliverToTheTrailsLogGroup"
  }
}

resource "aws_iam_role_policy" "audit-trail_delivery-policy_937B5024" {
  name   = "deliver-to-log-group"
  policy = data.aws_iam_policy_document.audit-trail_delivery-permissions_9252B8F5.json
  role   = aws_iam_role.audit-trail_delivery-role_E7362744.id
}

resource "aws_cloudtrail" "audit-trail_8AEAD1CA" {
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.audit-trail_logs_E5EA8BF2.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.audit-trail_delivery-role_E7362744.arn
  enable_log_file_validation    = true
  enable_logging                = true
  include_global_service_events = true
  is_multi_region_trail         = true
  kms_key_id                    = aws_kms_key.audit-trail_key_AB55BA0D.arn
  name                          = "qualisys-dev"
  s3_bucket_name                = aws_s3_bucket.audit-trail_bucket_7172A606.id
  depends_on = [
    aws_s3_bucket_policy.audit-trail_bucket-policy_85065AEF,
    aws_iam_role_policy.audit-trail_delivery-policy_937B5024,
  ]
}

resource "aws_s3_bucket" "audit-bucket-guard_access-log-bucket_0FA06633" {
  bucket        = "qualisys-dev-s3logs-111111111111-us-east-1"
  force_destroy = true
}

resource "aws_s3_bucket_public_access_block" "audit-bucket-guard_access-log-public-access-block_FE577A0C" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.id
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "audit-bucket-guard_access-log-ownership_23EB3E36" {
  bucket = aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit-bucket-guard_access-log-encryption_872400FF" {
  bucket = aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.id
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.audit-trail_key_AB55BA0D.arn
      sse_algorithm     = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_versioning" "audit-bucket-guard_access-log-versioning_5276EC82" {
  bucket = aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "audit-bucket-guard_access-log-lifecycle_6B323E17" {
  bucket = aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.id
  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
    expiration {
      days = 90
    }
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }
  depends_on = [
    aws_s3_bucket_versioning.audit-bucket-guard_access-log-versioning_5276EC82,
  ]
}

data "aws_iam_policy_document" "audit-bucket-guard_access-log-policy-document_EC25189F" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    resources = [
      "${aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.arn}/*"
    ]
    sid = "S3ServerAccessLogsOfTheAuditBucketOnly"
    condition {
      test = "ArnLike"
      values = [
        "${aws_s3_bucket.audit-trail_bucket_7172A606.arn}"
      ]
      variable = "aws:SourceArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "111111111111"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "logging.s3.amazonaws.com"
      ]
      type = "Service"
    }
  }
}

resource "aws_s3_bucket_policy" "audit-bucket-guard_access-log-policy_E31F8537" {
  bucket = aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.id
  policy = data.aws_iam_policy_document.audit-bucket-guard_access-log-policy-document_EC25189F.json
}

resource "aws_s3_bucket_logging" "audit-bucket-guard_access-logging_DA8EA4BE" {
  bucket        = aws_s3_bucket.audit-trail_bucket_7172A606.id
  target_bucket = aws_s3_bucket.audit-bucket-guard_access-log-bucket_0FA06633.id
  target_prefix = "audit-bucket/"
  depends_on = [
    aws_s3_bucket_policy.audit-bucket-guard_access-log-policy_E31F8537,
  ]
}

resource "aws_sns_topic" "security-alerts_security_topic_C94A5588" {
  display_name      = "Qualisys security"
  kms_master_key_id = aws_kms_key.operations-key_A6A4566F.arn
  name              = "qualisys-dev-security"
}

data "aws_iam_policy_document" "security-alerts_security_policy-document_A6BC1F1A" {
  statement {
    actions = [
      "sns:Publish"
    ]
    resources = [
      "${aws_sns_topic.security-alerts_security_topic_C94A5588.arn}"
    ]
    sid = "EventBridgeAndCloudWatchOfThisAccountPublish"
    condition {
      test = "StringEquals"
      values = [
        "111111111111"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "events.amazonaws.com",
        "cloudwatch.amazonaws.com"
      ]
      type = "Service"
    }
  }
}

resource "aws_sns_topic_policy" "security-alerts_security_policy_2DC28CC2" {
  arn    = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  policy = data.aws_iam_policy_document.security-alerts_security_policy-document_A6BC1F1A.json
}

resource "aws_sns_topic_subscription" "security-alerts_security_email-0_4E17391C" {
  endpoint  = "platform-oncall+dev@qualisys.example"
  protocol  = "email"
  topic_arn = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
}

resource "aws_cloudwatch_log_metric_filter" "security-alerts_denied-calls_F9850FDD" {
  log_group_name = aws_cloudwatch_log_group.audit-trail_logs_E5EA8BF2.name
  name           = "qualisys-dev-security-secretsmanager-denied-calls"
  pattern        = "{ ($.eventSource = \"secretsmanager.amazonaws.com\") && (($.errorCode = \"AccessDenied*\") || ($.errorCode = \"*UnauthorizedOperation\")) }"
  metric_transformation {
    default_value = "0"
    name          = "SecretsManagerDeniedCalls"
    namespace     = "Qualisys/Security"
    value         = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "security-alerts_denied-calls-alarm_A79DE40D" {
  alarm_actions = [
    "${aws_sns_topic.security-alerts_security_topic_C94A5588.arn}"
  ]
  alarm_description   = "A Secrets Manager call was denied: someone without access tried to read or change a secret. See infrastructure/runbooks/emergency-rotation.md, step 4."
  alarm_name          = "qualisys-dev-security-secretsmanager-denied-calls"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "SecretsManagerDeniedCalls"
  namespace           = "Qualisys/Security"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    aws_cloudwatch_log_metric_filter.security-alerts_denied-calls_F9850FDD,
  ]
}

resource "aws_cloudwatch_event_rule" "security-alerts_sensitive-changes_8FE169D3" {
  description   = "Deletions, restores, updates, new values, stage moves, rotation changes, replication and policy changes of the secrets under qualisys/"
  event_pattern = "{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],\"detail\":{\"eventSource\":[\"secretsmanager.amazonaws.com\"],\"$or\":[{\"eventName\":[\"DeleteSecret\",\"PutResourcePolicy\",\"DeleteResourcePolicy\",\"RestoreSecret\",\"UpdateSecret\",\"RotateSecret\",\"CancelRotateSecret\",\"ReplicateSecretToRegions\"]},{\"eventName\":[\"PutSecretValue\",\"UpdateSecretVersionStage\"],\"userIdentity\":{\"arn\":[{\"anything-but\":{\"prefix\":\"arn:aws:sts::111111111111:assumed-role/qualisys-dev-secret-rotation/\"}}]}}],\"requestParameters\":{\"secretId\":[{\"prefix\":\"qualisys/\"},{\"prefix\":\"arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/\"}]}}}"
  name          = "qualisys-dev-security-secret-changes"
}

resource "aws_cloudwatch_event_target" "security-alerts_to-topic_96CA3E90" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.security-alerts_sensitive-changes_8FE169D3.name
  input_transformer {
    input_paths = {
      secret  = "$.detail.requestParameters.secretId"
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on <secret> at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "tampering-alerts_key-changes-rule_CDA69B4A" {
  description   = "Policy changes, disabling and scheduled deletion of the secrets' KMS keys"
  event_pattern = jsonencode({ "source" = ["aws.kms"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["kms.amazonaws.com"], "eventName" = ["PutKeyPolicy", "DisableKey", "ScheduleKeyDeletion"], "resources" = { "ARN" = [aws_kms_key.secrets-key_83928A38.arn, aws_kms_key.operations-key_A6A4566F.arn, aws_kms_key.audit-trail_key_AB55BA0D.arn] } } })
  name          = "qualisys-dev-security-key-changes"
}

resource "aws_cloudwatch_event_target" "tampering-alerts_key-changes-to-topic_482CC258" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.tampering-alerts_key-changes-rule_CDA69B4A.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on a KMS key of the secrets at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "tampering-alerts_trail-changes-rule_057633C4" {
  description   = "Stopping, deleting or reconfiguring CloudTrail"
  event_pattern = jsonencode({ "source" = ["aws.cloudtrail"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["cloudtrail.amazonaws.com"], "eventName" = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"] } })
  name          = "qualisys-dev-security-trail-changes"
}

resource "aws_cloudwatch_event_target" "tampering-alerts_trail-changes-to-topic_58EEC838" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.tampering-alerts_trail-changes-rule_057633C4.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on CloudTrail at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "tampering-alerts_function-changes-rule_88A59076" {
  description   = "New code or configuration of the secret rotation function"
  event_pattern = jsonencode({ "source" = ["aws.lambda"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["lambda.amazonaws.com"], "eventName" = [{ "prefix" = "UpdateFunctionCode" }, { "prefix" = "UpdateFunctionConfiguration" }, { "prefix" = "AddPermission" }, { "prefix" = "CreateFunctionUrlConfig" }, { "prefix" = "UpdateFunctionUrlConfig" }], "requestParameters" = { "functionName" = ["qualisys-dev-secret-rotation", { "suffix" = ":function:qualisys-dev-secret-rotation" }] } } })
  name          = "qualisys-dev-security-function-changes"
}

resource "aws_cloudwatch_event_target" "tampering-alerts_function-changes-to-topic_CD03C8AA" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.tampering-alerts_function-changes-rule_88A59076.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on the rotation function qualisys-dev-secret-rotation at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "tampering-alerts_rotation-role-passed-rule_239BDA59" {
  description   = "Another function created or configured with the rotation function's role"
  event_pattern = jsonencode({ "source" = ["aws.lambda"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["lambda.amazonaws.com"], "eventName" = [{ "prefix" = "CreateFunction20150331" }, { "prefix" = "UpdateFunctionConfiguration" }], "requestParameters" = { "role" = [aws_iam_role.rotation-function_role_94F2315E.arn] } } })
  name          = "qualisys-dev-security-rotation-role-passed"
}

resource "aws_cloudwatch_event_target" "tampering-alerts_rotation-role-passed-to-topic_100F0AF1" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.tampering-alerts_rotation-role-passed-rule_239BDA59.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on a function given the rotation function's role at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}
