# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

output "database_connection_secret_arn" {
  value       = aws_secretsmanager_secret.database_connection.arn
  description = "ARN of the secret qualisys/database/connection"
}

output "redis_connection_secret_arn" {
  value       = aws_secretsmanager_secret.redis_connection.arn
  description = "ARN of the secret qualisys/redis/connection"
}

output "jwt_signing_key_secret_arn" {
  value       = aws_secretsmanager_secret.jwt_signing_key.arn
  description = "ARN of the secret qualisys/jwt/signing-key"
}

output "llm_openai_secret_arn" {
  value       = aws_secretsmanager_secret.llm_openai.arn
  description = "ARN of the secret qualisys/llm/openai"
}

output "llm_anthropic_secret_arn" {
  value       = aws_secretsmanager_secret.llm_anthropic.arn
  description = "ARN of the secret qualisys/llm/anthropic"
}

output "oauth_google_secret_arn" {
  value       = aws_secretsmanager_secret.oauth_google.arn
  description = "ARN of the secret qualisys/oauth/google"
}

output "email_sendgrid_secret_arn" {
  value       = aws_secretsmanager_secret.email_sendgrid.arn
  description = "ARN of the secret qualisys/email/sendgrid"
}

output "integrations_sync_canary_secret_arn" {
  value       = aws_secretsmanager_secret.integrations_sync_canary.arn
  description = "ARN of the secret qualisys/integrations/sync-canary"
}

output "rotation_function_arn" {
  value       = aws_lambda_function.rotation-function_382175A3.arn
  description = "ARN of the secret rotation function"
}

output "rotation_notifications_topic_arn" {
  value       = aws_sns_topic.rotation-notifications_topic_740009A4.arn
  description = "ARN of the SNS topic told of every rotation outcome and rotation alarm"
}

output "read_policy_arns" {
  value = {
    infra        = "${aws_iam_policy.access-control_secrets-read-infra_policy_0751D19E.arn}"
    llm          = "${aws_iam_policy.access-control_secrets-read-llm_policy_93328824.arn}"
    integrations = "${aws_iam_policy.access-control_secrets-read-integrations_policy_19B2F5F8.arn}"
  }
  description = "ARN of each access group's read policy, by access group"
}

output "access_role_arns" {
  value = {
    qualisys-staging-api           = "${aws_iam_role.access-control_role-qualisys-staging-api_role_1B6EC7B0.arn}"
    qualisys-staging-ai-agent      = "${aws_iam_role.access-control_role-qualisys-staging-ai-agent_role_D49226E8.arn}"
    qualisys-staging-ci-migrations = "${aws_iam_role.access-control_role-qualisys-staging-ci-migrations_role_E9D690EE.arn}"
  }
  description = "ARN of each role that reads secrets, by role name"
}

output "security_topic_arn" {
  value       = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  description = "ARN of the SNS topic told of denied secret reads and of changes to secrets and their policies"
}

output "secret_arns" {
  value = {
    "qualisys/database/connection"      = "${aws_secretsmanager_secret.database_connection.arn}"
    "qualisys/redis/connection"         = "${aws_secretsmanager_secret.redis_connection.arn}"
    "qualisys/jwt/signing-key"          = "${aws_secretsmanager_secret.jwt_signing_key.arn}"
    "qualisys/llm/openai"               = "${aws_secretsmanager_secret.llm_openai.arn}"
    "qualisys/llm/anthropic"            = "${aws_secretsmanager_secret.llm_anthropic.arn}"
    "qualisys/oauth/google"             = "${aws_secretsmanager_secret.oauth_google.arn}"
    "qualisys/email/sendgrid"           = "${aws_secretsmanager_secret.email_sendgrid.arn}"
    "qualisys/integrations/sync-canary" = "${aws_secretsmanager_secret.integrations_sync_canary.arn}"
  }
  description = "ARN of every secret of the environment, by secret name"
}

output "kms_key_arn" {
  value       = aws_kms_key.secrets-key_83928A38.arn
  description = "ARN of the customer-managed KMS key that encrypts the secrets"
}

output "kms_key_alias" {
  value       = aws_kms_alias.secrets-key_alias_85F0B20C.name
  description = "Alias of the customer-managed KMS key that encrypts the secrets"
}
