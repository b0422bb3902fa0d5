# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

resource "aws_sns_topic" "security-alerts_security_topic_C94A5588" {
  display_name      = "Qualisys security"
  kms_master_key_id = aws_kms_key.operations-key_A6A4566F.arn
  name              = "qualisys-staging-security"
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
        "222222222222"
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
  endpoint  = "security@qualisys.example"
  protocol  = "email"
  topic_arn = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
}

resource "aws_cloudwatch_event_rule" "security-alerts_denied-calls-rule_0163413C" {
  description   = "Secrets Manager calls that IAM or a resource policy denied (read-only calls included)"
  event_pattern = "{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],\"detail\":{\"eventSource\":[\"secretsmanager.amazonaws.com\"],\"errorCode\":[{\"prefix\":\"AccessDenied\"},{\"suffix\":\"UnauthorizedOperation\"}]}}"
  name          = "qualisys-staging-security-secretsmanager-denied-calls"
  state         = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
}

resource "aws_cloudwatch_event_target" "security-alerts_denied-calls-to-topic_8FAD1DDA" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.security-alerts_denied-calls-rule_0163413C.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      error   = "$.detail.errorCode"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"Denied: <who> called <event> (<error>) at <time> (account <account>, region <region>). See infrastructure/runbooks/emergency-rotation.md, step 4.\""
  }
}

resource "aws_cloudwatch_event_rule" "security-alerts_sensitive-changes_8FE169D3" {
  description   = "Deletions, restores, updates, new values, stage moves, rotation changes, replication and policy changes of the secrets under qualisys/"
  event_pattern = "{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],\"detail\":{\"eventSource\":[\"secretsmanager.amazonaws.com\"],\"$or\":[{\"eventName\":[\"DeleteSecret\",\"PutResourcePolicy\",\"DeleteResourcePolicy\",\"RestoreSecret\",\"UpdateSecret\",\"RotateSecret\",\"CancelRotateSecret\",\"ReplicateSecretToRegions\"]},{\"eventName\":[\"PutSecretValue\",\"UpdateSecretVersionStage\"],\"userIdentity\":{\"arn\":[{\"anything-but\":{\"prefix\":\"arn:aws:sts::222222222222:assumed-role/qualisys-staging-secret-rotation/\"}}]}}],\"requestParameters\":{\"secretId\":[{\"prefix\":\"qualisys/\"},{\"prefix\":\"arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/\"}]}}}"
  name          = "qualisys-staging-security-secret-changes"
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
  event_pattern = jsonencode({ "source" = ["aws.kms"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["kms.amazonaws.com"], "eventName" = ["PutKeyPolicy", "DisableKey", "ScheduleKeyDeletion"], "resources" = { "ARN" = [aws_kms_key.secrets-key_83928A38.arn, aws_kms_key.operations-key_A6A4566F.arn] } } })
  name          = "qualisys-staging-security-key-changes"
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
  name          = "qualisys-staging-security-trail-changes"
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
  event_pattern = jsonencode({ "source" = ["aws.lambda"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["lambda.amazonaws.com"], "eventName" = [{ "prefix" = "UpdateFunctionCode" }, { "prefix" = "UpdateFunctionConfiguration" }, { "prefix" = "AddPermission" }, { "prefix" = "CreateFunctionUrlConfig" }, { "prefix" = "UpdateFunctionUrlConfig" }], "requestParameters" = { "functionName" = ["qualisys-staging-secret-rotation", { "suffix" = ":function:qualisys-staging-secret-rotation" }] } } })
  name          = "qualisys-staging-security-function-changes"
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
    input_template = "\"<who> called <event> on the rotation function qualisys-staging-secret-rotation at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "tampering-alerts_rotation-role-passed-rule_239BDA59" {
  description   = "Another function created or configured with the rotation function's role"
  event_pattern = jsonencode({ "source" = ["aws.lambda"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["lambda.amazonaws.com"], "eventName" = [{ "prefix" = "CreateFunction20150331" }, { "prefix" = "UpdateFunctionConfiguration" }], "requestParameters" = { "role" = [aws_iam_role.rotation-function_role_94F2315E.arn] } } })
  name          = "qualisys-staging-security-rotation-role-passed"
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
