# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_iam_policy_document" "secrets-key_policy_726C5A7B" {
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
        "arn:aws:iam::333333333333:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    resources = [
      "*"
    ]
    sid = "AccountPrincipalsUseKeyOnlyThroughSecretsManager"
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
        "333333333333"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:aws:iam::333333333333:root"
      ]
      type = "AWS"
    }
  }
}

resource "aws_kms_key" "secrets-key_83928A38" {
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  deletion_window_in_days  = 30
  description              = "Encrypts the Qualisys secrets in Secrets Manager"
  enable_key_rotation      = true
  key_usage                = "ENCRYPT_DECRYPT"
  policy                   = data.aws_iam_policy_document.secrets-key_policy_726C5A7B.json
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "secrets-key_alias_85F0B20C" {
  name          = "alias/qualisys/secrets"
  target_key_id = aws_kms_key.secrets-key_83928A38.key_id
}

resource "aws_secretsmanager_secret" "database_connection" {
  description             = "PostgreSQL connection for the Qualisys API (rotated every 90 days by the rotation function)"
  kms_key_id              = aws_kms_key.secrets-key_83928A38.arn
  name                    = "qualisys/database/connection"
  recovery_window_in_days = 30
  tags = {
    Category    = "database"
    AccessGroup = "infra"
    Rotation    = "automatic-90d"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_version" "database_connection" {
  secret_id                = aws_secretsmanager_secret.database_connection.id
  secret_string_wo         = jsonencode({ "host" = var.database_host, "port" = var.database_port, "database" = var.database_name, "username" = var.database_username, "password" = (var.database_password == null) ? "SET_ME_WITH_put-secret-value" : var.database_password, "engine" = "postgres", "dbname" = var.database_name, "connection_string" = "postgresql://${urlencode(var.database_username)}:${urlencode((var.database_password == null) ? "SET_ME_WITH_put-secret-value" : var.database_password)}@${var.database_host}:${var.database_port}/${urlencode(var.database_name)}", "rotation_strategy" = "alternating-users", "masterarn" = "arn:aws:secretsmanager:us-east-1:333333333333:secret:rds!db-7c6b5a49-3d2e-1f0a-9b8c-7d6e5f4a3b2c-XyZ123" })
  secret_string_wo_version = 1
  lifecycle {
    ignore_changes = [
      secret_string,
      version_stages,
    ]
  }
}

data "aws_iam_policy_document" "database_connection_resource-policy_document_E5374A50" {
  statement {
    actions = [
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecret",
      "secretsmanager:UpdateSecretVersionStage"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyValueWritesExceptRotation"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.rotation-function_role_94F2315E.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:DeleteSecret"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyDeleteWhileRotationIsOn"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyReadExceptAllowedRoles"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.access-control_role-qualisys-production-api_role_51D266DA.arn}",
        "${aws_iam_role.access-control_role-qualisys-production-ci-migrations_role_02CCC84E.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan",
        "${aws_iam_role.rotation-function_role_94F2315E.arn}",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyPolicyChangesExceptAdministrators"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}

resource "aws_secretsmanager_secret_policy" "database_connection" {
  block_public_policy = true
  policy              = data.aws_iam_policy_document.database_connection_resource-policy_document_E5374A50.json
  secret_arn          = aws_secretsmanager_secret.database_connection.arn
}

resource "aws_secretsmanager_secret" "redis_connection" {
  description             = "ElastiCache Redis endpoints and AUTH token for the Qualisys API"
  kms_key_id              = aws_kms_key.secrets-key_83928A38.arn
  name                    = "qualisys/redis/connection"
  recovery_window_in_days = 30
  tags = {
    Category    = "redis"
    AccessGroup = "infra"
    Rotation    = "manual-on-demand"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_version" "redis_connection" {
  secret_id                = aws_secretsmanager_secret.redis_connection.id
  secret_string_wo         = jsonencode({ "primary_endpoint" = var.redis_primary_endpoint, "reader_endpoint" = var.redis_reader_endpoint, "port" = var.redis_port, "auth_token" = (var.redis_auth_token == null) ? "SET_ME_WITH_put-secret-value" : var.redis_auth_token })
  secret_string_wo_version = 1
  lifecycle {
    ignore_changes = [
      secret_string,
      version_stages,
    ]
  }
}

data "aws_iam_policy_document" "redis_connection_resource-policy_document_F7961516" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyReadExceptAllowedRoles"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.access-control_role-qualisys-production-api_role_51D266DA.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyPolicyChangesExceptAdministrators"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}

resource "aws_secretsmanager_secret_policy" "redis_connection" {
  block_public_policy = true
  policy              = data.aws_iam_policy_document.redis_connection_resource-policy_document_F7961516.json
  secret_arn          = aws_secretsmanager_secret.redis_connection.arn
}

resource "aws_secretsmanager_secret" "jwt_signing_key" {
  description             = "HMAC key that signs the Qualisys API's JSON Web Tokens"
  kms_key_id              = aws_kms_key.secrets-key_83928A38.arn
  name                    = "qualisys/jwt/signing-key"
  recovery_window_in_days = 30
  tags = {
    Category    = "jwt"
    AccessGroup = "infra"
    Rotation    = "manual-annual"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_version" "jwt_signing_key" {
  secret_id                = aws_secretsmanager_secret.jwt_signing_key.id
  secret_string_wo         = jsonencode({ "secret" = ephemeral.aws_secretsmanager_random_password.jwt_signing_key_secret.random_password })
  secret_string_wo_version = 1
  lifecycle {
    ignore_changes = [
      secret_string,
      version_stages,
    ]
  }
}

data "aws_iam_policy_document" "jwt_signing_key_resource-policy_document_B275AF13" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyReadExceptAllowedRoles"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.access-control_role-qualisys-production-api_role_51D266DA.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyPolicyChangesExceptAdministrators"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}

resource "aws_secretsmanager_secret_policy" "jwt_signing_key" {
  block_public_policy = true
  policy              = data.aws_iam_policy_document.jwt_signing_key_resource-policy_document_B275AF13.json
  secret_arn          = aws_secretsmanager_secret.jwt_signing_key.arn
}

resource "aws_secretsmanager_secret" "llm_openai" {
  description             = "OpenAI API key for the AI agents"
  kms_key_id              = aws_kms_key.secrets-key_83928A38.arn
  name                    = "qualisys/llm/openai"
  recovery_window_in_days = 30
  tags = {
    Category    = "llm"
    AccessGroup = "llm"
    Rotation    = "manual-quarterly"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_version" "llm_openai" {
  secret_id                = aws_secretsmanager_secret.llm_openai.id
  secret_string_wo         = jsonencode({ "api_key" = "SET_ME_WITH_put-secret-value" })
  secret_string_wo_version = 1
  lifecycle {
    ignore_changes = [
      secret_string,
      version_stages,
    ]
  }
}

data "aws_iam_policy_document" "llm_openai_resource-policy_document_0DA54F41" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyReadExceptAllowedRoles"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.access-control_role-qualisys-production-ai-agent_role_E37A256D.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyPolicyChangesExceptAdministrators"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}

resource "aws_secretsmanager_secret_policy" "llm_openai" {
  block_public_policy = true
  policy              = data.aws_iam_policy_document.llm_openai_resource-policy_document_0DA54F41.json
  secret_arn          = aws_secretsmanager_secret.llm_openai.arn
}

resource "aws_secretsmanager_secret" "llm_anthropic" {
  description             = "Anthropic API key for the AI agents"
  kms_key_id              = aws_kms_key.secrets-key_83928A38.arn
  name                    = "qualisys/llm/anthropic"
  recovery_window_in_days = 30
  tags = {
    Category    = "llm"
    AccessGroup = "llm"
    Rotation    = "manual-quarterly"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_version" "llm_anthropic" {
  secret_id                = aws_secretsmanager_secret.llm_anthropic.id
  secret_string_wo         = jsonencode({ "api_key" = "SET_ME_WITH_put-secret-value" })
  secret_string_wo_version = 1
  lifecycle {
    ignore_changes = [
      secret_string,
      version_stages,
    ]
  }
}

data "aws_iam_policy_document" "llm_anthropic_resource-policy_document_7ED64B34" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyReadExceptAllowedRoles"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.access-control_role-qualisys-production-ai-agent_role_E37A256D.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyPolicyChangesExceptAdministrators"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}

resource "aws_secretsmanager_secret_policy" "llm_anthropic" {
  block_public_policy = true
  policy              = data.aws_iam_policy_document.llm_anthropic_resource-policy_document_7ED64B34.json
  secret_arn          = aws_secretsmanager_secret.llm_anthropic.arn
}

resource "aws_secretsmanager_secret" "oauth_google" {
  description             = "Google OAuth client for sign-in to Qualisys"
  kms_key_id              = aws_kms_key.secrets-key_83928A38.arn
  name                    = "qualisys/oauth/google"
  recovery_window_in_days = 30
  tags = {
    Category    = "oauth"
    AccessGroup = "integrations"
    Rotation    = "manual-annual"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_version" "oauth_google" {
  secret_id                = aws_secretsmanager_secret.oauth_google.id
  secret_string_wo         = jsonencode({ "client_id" = "SET_ME_WITH_put-secret-value", "client_secret" = "SET_ME_WITH_put-secret-value" })
  secret_string_wo_version = 1
  lifecycle {
    ignore_changes = [
      secret_string,
      version_stages,
    ]
  }
}

data "aws_iam_policy_document" "oauth_google_resource-policy_document_F71D495B" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyReadExceptAllowedRoles"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.access-control_role-qualisys-production-api_role_51D266DA.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyPolicyChangesExceptAdministrators"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}

resource "aws_secretsmanager_secret_policy" "oauth_google" {
  block_public_policy = true
  policy              = data.aws_iam_policy_document.oauth_google_resource-policy_document_F71D495B.json
  secret_arn          = aws_secretsmanager_secret.oauth_google.arn
}

resource "aws_secretsmanager_secret" "email_postmark" {
  description             = "Postmark API key for transactional e-mail"
  kms_key_id              = aws_kms_key.secrets-key_83928A38.arn
  name                    = "qualisys/email/postmark"
  recovery_window_in_days = 30
  tags = {
    Category    = "email"
    AccessGroup = "integrations"
    Rotation    = "manual-on-demand"
  }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_secretsmanager_secret_version" "email_postmark" {
  secret_id                = aws_secretsmanager_secret.email_postmark.id
  secret_string_wo         = jsonencode({ "api_key" = "SET_ME_WITH_put-secret-value" })
  secret_string_wo_version = 1
  lifecycle {
    ignore_changes = [
      secret_string,
      version_stages,
    ]
  }
}

data "aws_iam_policy_document" "email_postmark_resource-policy_document_745DFE4B" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyReadExceptAllowedRoles"
    condition {
      test = "ArnNotLike"
      values = [
        "${aws_iam_role.access-control_role-qualisys-production-api_role_51D266DA.arn}",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenyPolicyChangesExceptAdministrators"
    condition {
      test = "ArnNotLike"
      values = [
        "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
        "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}

resource "aws_secretsmanager_secret_policy" "email_postmark" {
  block_public_policy = true
  policy              = data.aws_iam_policy_document.email_postmark_resource-policy_document_745DFE4B.json
  secret_arn          = aws_secretsmanager_secret.email_postmark.arn
}

data "aws_iam_policy_document" "operations-key_policy_A259D0EC" {
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
        "arn:aws:iam::333333333333:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:CreateGrant",
      "kms:DescribeKey"
    ]
    resources = [
      "*"
    ]
    sid = "AccountPrincipalsUseKeyThroughLambdaSqsSns"
    condition {
      test = "StringEquals"
      values = [
        "lambda.us-east-1.amazonaws.com",
        "sqs.us-east-1.amazonaws.com",
        "sns.us-east-1.amazonaws.com"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "333333333333"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:aws:iam::333333333333:root"
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
        "arn:aws:logs:us-east-1:333333333333:log-group:*"
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
  statement {
    actions = [
      "kms:GenerateDataKey",
      "kms:Decrypt"
    ]
    resources = [
      "*"
    ]
    sid = "EventBridgeAndCloudWatchPublishToEncryptedTopics"
    condition {
      test = "StringEquals"
      values = [
        "333333333333"
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

resource "aws_kms_key" "operations-key_A6A4566F" {
  deletion_window_in_days = 30
  description             = "Encrypts the logs, queues, topics and environment of the Qualisys secret management"
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.operations-key_policy_A259D0EC.json
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "operations-key_alias_E32DFC67" {
  name          = "alias/qualisys/secret-operations"
  target_key_id = aws_kms_key.operations-key_A6A4566F.key_id
}

resource "aws_cloudwatch_event_rule" "access-path-alerts_role-changes-rule_DB9847E7" {
  description   = "Trust or policy changes of the roles that read, rotate or deploy the secrets"
  event_pattern = jsonencode({ "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["iam.amazonaws.com"], "eventName" = ["UpdateAssumeRolePolicy", "PutRolePolicy", "AttachRolePolicy", "DeleteRolePolicy", "DetachRolePolicy", "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary", "DeleteRole"], "requestParameters" = { "roleName" = ["qualisys-production-api", "qualisys-production-ai-agent", "qualisys-production-ci-migrations", "qualisys-production-secret-rotation", "qualisys-production-terraform"] } } })
  name          = "qualisys-production-security-role-changes"
}

resource "aws_cloudwatch_event_target" "access-path-alerts_role-changes-to-topic_A73B513F" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.access-path-alerts_role-changes-rule_DB9847E7.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on a role that reads the secrets at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "access-path-alerts_cluster-access-changes-rule_1C50A9F4" {
  description   = "New access to the EKS cluster qualisys-production, whose pods can run as the workloads' service accounts"
  event_pattern = jsonencode({ "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["eks.amazonaws.com"], "eventName" = ["CreateAccessEntry", "UpdateAccessEntry", "AssociateAccessPolicy", "UpdateClusterConfig"], "requestParameters" = { "name" = ["qualisys-production"] } } })
  name          = "qualisys-production-security-cluster-access-changes"
}

resource "aws_cloudwatch_event_target" "access-path-alerts_cluster-access-changes-to-topic_B42FAAE5" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.access-path-alerts_cluster-access-changes-rule_1C50A9F4.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on the EKS cluster qualisys-production at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "silencing-alerts_rule-changes-rule_3A8F6801" {
  description   = "The environment's EventBridge rules disabled, deleted, redefined or re-targeted"
  event_pattern = jsonencode({ "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["events.amazonaws.com"], "eventName" = ["DisableRule", "DeleteRule", "PutRule", "RemoveTargets", "PutTargets"], "$or" = [{ "requestParameters" = { "name" = [{ "prefix" = "qualisys-production-" }] } }, { "requestParameters" = { "rule" = [{ "prefix" = "qualisys-production-" }] } }] } })
  name          = "qualisys-production-security-rule-changes"
}

resource "aws_cloudwatch_event_target" "silencing-alerts_rule-changes-to-topic_9FA45E11" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.silencing-alerts_rule-changes-rule_3A8F6801.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on an EventBridge rule of the environment at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "silencing-alerts_alarm-changes-rule_18FAD734" {
  description   = "The environment's CloudWatch alarms silenced, deleted or redefined"
  event_pattern = jsonencode({ "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["monitoring.amazonaws.com"], "eventName" = ["DisableAlarmActions", "DeleteAlarms", "PutMetricAlarm"], "$or" = [{ "requestParameters" = { "alarmNames" = [{ "prefix" = "qualisys-production-" }] } }, { "requestParameters" = { "alarmName" = [{ "prefix" = "qualisys-production-" }] } }] } })
  name          = "qualisys-production-security-alarm-changes"
}

resource "aws_cloudwatch_event_target" "silencing-alerts_alarm-changes-to-topic_A82E76B5" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.silencing-alerts_alarm-changes-rule_18FAD734.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on a CloudWatch alarm of the environment at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "silencing-alerts_log-changes-rule_1DE5765A" {
  description   = "Metric filters, log groups or retention of the trail's and the rotation function's logs changed"
  event_pattern = jsonencode({ "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["logs.amazonaws.com"], "eventName" = ["DeleteMetricFilter", "PutMetricFilter", "DeleteLogGroup", "PutRetentionPolicy"], "requestParameters" = { "logGroupName" = [aws_cloudwatch_log_group.audit-trail_logs_E5EA8BF2.name, aws_cloudwatch_log_group.rotation-function_logs_4A9963CF.name] } } })
  name          = "qualisys-production-security-log-changes"
}

resource "aws_cloudwatch_event_target" "silencing-alerts_log-changes-to-topic_8848584A" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.silencing-alerts_log-changes-rule_1DE5765A.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on a log group the alerts read at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}

resource "aws_cloudwatch_event_rule" "silencing-alerts_topic-changes-rule_49DD327B" {
  description   = "Subscriptions to the environment's topics removed or changed, topics deleted or reconfigured"
  event_pattern = jsonencode({ "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["sns.amazonaws.com"], "eventName" = ["Unsubscribe", "DeleteTopic", "SetTopicAttributes", "SetSubscriptionAttributes"], "$or" = [{ "requestParameters" = { "topicArn" = [{ "prefix" = "arn:aws:sns:us-east-1:333333333333:qualisys-production-" }] } }, { "requestParameters" = { "subscriptionArn" = [{ "prefix" = "arn:aws:sns:us-east-1:333333333333:qualisys-production-" }] } }] } })
  name          = "qualisys-production-security-topic-changes"
}

resource "aws_cloudwatch_event_target" "silencing-alerts_topic-changes-to-topic_320E6D46" {
  arn  = aws_sns_topic.security-alerts_security_topic_C94A5588.arn
  rule = aws_cloudwatch_event_rule.silencing-alerts_topic-changes-rule_49DD327B.name
  input_transformer {
    input_paths = {
      event   = "$.detail.eventName"
      who     = "$.detail.userIdentity.arn"
      time    = "$.time"
      account = "$.account"
      region  = "$.region"
    }
    input_template = "\"<who> called <event> on an SNS topic of the environment at <time> (account <account>, region <region>). If nobody planned this, follow infrastructure/runbooks/security-alerts.md.\""
  }
}
