# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

resource "aws_security_group" "rotation-network_security-group_3BA3E27F" {
  description = "Secret rotation function: the database port and HTTPS to Secrets Manager, nothing else"
  name        = "qualisys-staging-secret-rotation"
  vpc_id      = "vpc-0b1b2c3d4e5f60001"
}

resource "aws_vpc_security_group_egress_rule" "rotation-network_egress-database_C31FC2B5" {
  cidr_ipv4         = "10.20.0.0/16"
  description       = "PostgreSQL inside the VPC"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.rotation-network_security-group_3BA3E27F.id
  to_port           = 5432
}

resource "aws_vpc_security_group_egress_rule" "rotation-network_egress-secrets-manager_62350BEA" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "AWS APIs (Secrets Manager, RDS) through NAT"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.rotation-network_security-group_3BA3E27F.id
  to_port           = 443
}

resource "aws_cloudwatch_log_group" "rotation-function_logs_4A9963CF" {
  kms_key_id        = aws_kms_key.operations-key_A6A4566F.arn
  name              = "/aws/lambda/qualisys-staging-secret-rotation"
  retention_in_days = 365
}

resource "aws_sqs_queue" "rotation-function_dead-letters_50E29BC3" {
  kms_master_key_id         = aws_kms_key.operations-key_A6A4566F.arn
  message_retention_seconds = 1209600
  name                      = "qualisys-staging-secret-rotation-dlq"
}

data "aws_iam_policy_document" "rotation-function_trust_774062FB" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    condition {
      test = "StringEquals"
      values = [
        "222222222222"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "lambda.amazonaws.com"
      ]
      type = "Service"
    }
  }
}

resource "aws_iam_role" "rotation-function_role_94F2315E" {
  assume_role_policy = data.aws_iam_policy_document.rotation-function_trust_774062FB.json
  description        = "Execution role of the Qualisys secret rotation function"
  name               = "qualisys-staging-secret-rotation"
}

data "aws_iam_policy_document" "rotation-function_permissions_9C4DB163" {
  statement {
    actions = [
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage"
    ]
    resources = [
      "${aws_secretsmanager_secret.database_connection.arn}"
    ]
    sid = "WriteVersionsOfTheseSecrets"
  }
  statement {
    actions = [
      "secretsmanager:GetRandomPassword"
    ]
    resources = [
      "*"
    ]
    sid = "GeneratePasswords"
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    resources = [
      "${aws_kms_key.secrets-key_83928A38.arn}"
    ]
    sid = "EncryptNewVersionsOfTheseSecrets"
    condition {
      test = "StringEquals"
      values = [
        "secretsmanager.us-east-1.amazonaws.com"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${aws_secretsmanager_secret.database_connection.arn}"
      ]
      variable = "kms:EncryptionContext:SecretARN"
    }
  }
  statement {
    actions = [
      "kms:DescribeKey"
    ]
    resources = [
      "${aws_kms_key.secrets-key_83928A38.arn}"
    ]
    sid = "DescribeTheSecretsKey"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    resources = [
      "${aws_kms_key.operations-key_A6A4566F.arn}"
    ]
    sid = "UseTheOperationsKeyForEnvironmentAndDeadLetters"
    condition {
      test = "StringEquals"
      values = [
        "lambda.us-east-1.amazonaws.com",
        "sqs.us-east-1.amazonaws.com"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses"
    ]
    resources = [
      "*"
    ]
    sid = "ManageNetworkInterfacesInTheVpc"
  }
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    resources = [
      "${aws_cloudwatch_log_group.rotation-function_logs_4A9963CF.arn}:*"
    ]
    sid = "WriteOwnLogsOnly"
  }
  statement {
    actions = [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords"
    ]
    resources = [
      "*"
    ]
    sid = "WriteTraces"
  }
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    resources = [
      "${aws_sqs_queue.rotation-function_dead-letters_50E29BC3.arn}"
    ]
    sid = "SendToOwnDeadLetterQueue"
  }
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:rds!db-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-AbCdEf"
    ]
    sid = "ReadTheSuperuserSecret"
  }
  statement {
    actions = [
      "rds:DescribeDBInstances",
      "rds:DescribeDBClusters"
    ]
    resources = [
      "arn:aws:rds:us-east-1:222222222222:db:*",
      "arn:aws:rds:us-east-1:222222222222:cluster:*"
    ]
    sid = "FindTheDatabaseOfTheSuperuserSecret"
  }
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/database/connection-??????"
    ]
    sid = "ReadSecrets"
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    resources = [
      "${aws_kms_key.secrets-key_83928A38.arn}"
    ]
    sid = "DecryptSecretsThroughSecretsManager"
    condition {
      test = "StringEquals"
      values = [
        "secretsmanager.us-east-1.amazonaws.com"
      ]
      variable = "kms:ViaService"
    }
  }
}

resource "aws_iam_role_policy" "rotation-function_role-policy_AC9EDA93" {
  name   = "rotate-secrets"
  policy = data.aws_iam_policy_document.rotation-function_permissions_9C4DB163.json
  role   = aws_iam_role.rotation-function_role_94F2315E.id
}

resource "aws_lambda_function" "rotation-function_382175A3" {
  architectures = [
    "arm64"
  ]
  description      = "Rotates PostgreSQL secrets of Secrets Manager (four-step protocol)"
  filename         = "${path.module}/../assets/rotation-function.zip"
  function_name    = "qualisys-staging-secret-rotation"
  handler          = "index.handler"
  kms_key_arn      = aws_kms_key.operations-key_A6A4566F.arn
  memory_size      = 256
  role             = aws_iam_role.rotation-function_role_94F2315E.arn
  runtime          = "nodejs22.x"
  source_code_hash = "n5AXjP24CCEKu7ddCsgp4PR7NE29i1h/VCNfEYHLSYU="
  timeout          = 30
  dead_letter_config {
    target_arn = aws_sqs_queue.rotation-function_dead-letters_50E29BC3.arn
  }
  environment {
    variables = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER = "https://secretsmanager.us-east-1.amazonaws.com"
      PASSWORD_LENGTH                  = "32"
      EXCLUDE_CHARACTERS               = "/@\"'\\ "
      DB_SSL_MODE                      = "verify-full"
      DB_CA_BUNDLE                     = "/var/runtime/ca-cert.pem"
    }
  }
  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.rotation-function_logs_4A9963CF.name
  }
  tracing_config {
    mode = "Active"
  }
  vpc_config {
    security_group_ids = [
      "${aws_security_group.rotation-network_security-group_3BA3E27F.id}",
      "sg-0b1b2c3d4e5f60022"
    ]
    subnet_ids = [
      "subnet-0b1b2c3d4e5f60011",
      "subnet-0b1b2c3d4e5f60012"
    ]
  }
  depends_on = [
    aws_iam_role_policy.rotation-function_role-policy_AC9EDA93,
    aws_cloudwatch_log_group.rotation-function_logs_4A9963CF,
  ]
}

resource "aws_lambda_permission" "database_connection-rotation_invoke_A4E9387D" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotation-function_382175A3.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = "222222222222"
  source_arn     = aws_secretsmanager_secret.database_connection.arn
  statement_id   = "SecretsManagerRotates-database_connection"
}

resource "aws_secretsmanager_secret_rotation" "database_connection" {
  rotate_immediately  = false
  rotation_lambda_arn = aws_lambda_function.rotation-function_382175A3.arn
  secret_id           = aws_secretsmanager_secret.database_connection.arn
  rotation_rules {
    automatically_after_days = 90
  }
  depends_on = [
    aws_lambda_permission.database_connection-rotation_invoke_A4E9387D,
    aws_secretsmanager_secret_version.database_connection,
    aws_vpc_security_group_egress_rule.rotation-network_egress-database_C31FC2B5,
    aws_vpc_security_group_egress_rule.rotation-network_egress-secrets-manager_62350BEA,
  ]
}

resource "aws_sns_topic" "rotation-notifications_topic_740009A4" {
  display_name      = "Qualisys secret rotation"
  kms_master_key_id = aws_kms_key.operations-key_A6A4566F.arn
  name              = "qualisys-staging-secret-rotation"
}

data "aws_iam_policy_document" "rotation-notifications_policy-document_70DD7630" {
  statement {
    actions = [
      "sns:Publish"
    ]
    resources = [
      "${aws_sns_topic.rotation-notifications_topic_740009A4.arn}"
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

resource "aws_sns_topic_policy" "rotation-notifications_policy_01DA0516" {
  arn    = aws_sns_topic.rotation-notifications_topic_740009A4.arn
  policy = data.aws_iam_policy_document.rotation-notifications_policy-document_70DD7630.json
}

resource "aws_sns_topic_subscription" "rotation-notifications_email-0_D4A447C6" {
  endpoint  = "platform-oncall+staging@qualisys.example"
  protocol  = "email"
  topic_arn = aws_sns_topic.rotation-notifications_topic_740009A4.arn
}

resource "aws_cloudwatch_event_rule" "rotation-notifications_rule_47FCF17C" {
  description   = "Outcome of every rotation of the secrets under qualisys/"
  event_pattern = "{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"AWS Service Event via CloudTrail\"],\"detail\":{\"eventSource\":[\"secretsmanager.amazonaws.com\"],\"eventName\":[\"RotationSucceeded\",\"RotationFailed\",\"RotationAbandoned\",\"TestRotationFailed\"],\"additionalEventData\":{\"SecretId\":[{\"prefix\":\"arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/\"}]}}}"
  name          = "qualisys-staging-secret-rotation"
}

resource "aws_cloudwatch_event_target" "rotation-notifications_to-topic_1D14EE67" {
  arn  = aws_sns_topic.rotation-notifications_topic_740009A4.arn
  rule = aws_cloudwatch_event_rule.rotation-notifications_rule_47FCF17C.name
  input_transformer {
    input_paths = {
      secret  = "$.detail.additionalEventData.SecretId"
      event   = "$.detail.eventName"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"Secrets Manager reported <event> for <secret> at <time> (account <account>, region <region>). Runbooks: infrastructure/runbooks/ (failed-rotation.md for RotationFailed, TestRotationFailed and RotationAbandoned).\""
  }
}

resource "aws_cloudwatch_metric_alarm" "rotation-notifications_function-errors_47939196" {
  alarm_actions = [
    "${aws_sns_topic.rotation-notifications_topic_740009A4.arn}"
  ]
  alarm_description   = "The secret rotation function failed an invocation. See infrastructure/runbooks/failed-rotation.md."
  alarm_name          = "qualisys-staging-secret-rotation-function-errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    FunctionName = "${aws_lambda_function.rotation-function_382175A3.function_name}"
  }
  evaluation_periods = 1
  metric_name        = "Errors"
  namespace          = "AWS/Lambda"
  ok_actions = [
    "${aws_sns_topic.rotation-notifications_topic_740009A4.arn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "rotation-notifications_dead-letters_2B3BEBAF" {
  alarm_actions = [
    "${aws_sns_topic.rotation-notifications_topic_740009A4.arn}"
  ]
  alarm_description   = "Messages wait in the secret rotation function's dead-letter queue. See infrastructure/runbooks/failed-rotation.md."
  alarm_name          = "qualisys-staging-secret-rotation-dead-letters"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    QueueName = "${aws_sqs_queue.rotation-function_dead-letters_50E29BC3.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateNumberOfMessagesVisible"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${aws_sns_topic.rotation-notifications_topic_740009A4.arn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
