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
  description   = "Deletions, restores, updates and policy changes of the secrets under qualisys/"
  event_pattern = "{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],\"detail\":{\"eventSource\":[\"secretsmanager.amazonaws.com\"],\"eventName\":[\"DeleteSecret\",\"PutResourcePolicy\",\"DeleteResourcePolicy\",\"RestoreSecret\",\"UpdateSecret\"],\"requestParameters\":{\"secretId\":[{\"prefix\":\"qualisys/\"},{\"prefix\":\"arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/\"}]}}}"
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
    input_template = "\"<who> called <event> on <secret> at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/emergency-rotation.md.\""
  }
}
