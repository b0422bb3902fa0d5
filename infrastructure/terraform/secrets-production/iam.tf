# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_iam_policy_document" "access-control_secrets-read-infra_document_04D8BCD2" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/database/*",
      "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/redis/*",
      "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/jwt/*"
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

resource "aws_iam_policy" "access-control_secrets-read-infra_policy_0751D19E" {
  description = "Reads the infra secrets of production (qualisys/*)"
  name        = "production-secrets-read-infra"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-infra_document_04D8BCD2.json
}

data "aws_iam_policy_document" "access-control_secrets-read-llm_document_C3AB65C0" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/llm/*"
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

resource "aws_iam_policy" "access-control_secrets-read-llm_policy_93328824" {
  description = "Reads the llm secrets of production (qualisys/*)"
  name        = "production-secrets-read-llm"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-llm_document_C3AB65C0.json
}

data "aws_iam_policy_document" "access-control_secrets-read-integrations_document_4EF5569A" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/oauth/*",
      "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/email/*"
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

resource "aws_iam_policy" "access-control_secrets-read-integrations_policy_19B2F5F8" {
  description = "Reads the integrations secrets of production (qualisys/*)"
  name        = "production-secrets-read-integrations"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-integrations_document_4EF5569A.json
}

data "aws_iam_policy_document" "access-control_role-qualisys-production-api_trust_244E0B48" {
  statement {
    actions = [
      "sts:AssumeRoleWithWebIdentity"
    ]
    condition {
      test = "StringEquals"
      values = [
        "sts.amazonaws.com"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9:aud"
    }
    condition {
      test = "StringEquals"
      values = [
        "system:serviceaccount:qualisys-api:qualisys-api"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::333333333333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-production-api_role_51D266DA" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-production-api_trust_244E0B48.json
  description          = "API pods: database, Redis, JWT, OAuth and e-mail secrets"
  max_session_duration = 3600
  name                 = "qualisys-production-api"
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-production-api_policy-0_1E87C903" {
  policy_arn = aws_iam_policy.access-control_secrets-read-infra_policy_0751D19E.arn
  role       = aws_iam_role.access-control_role-qualisys-production-api_role_51D266DA.name
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-production-api_policy-1_16F54E51" {
  policy_arn = aws_iam_policy.access-control_secrets-read-integrations_policy_19B2F5F8.arn
  role       = aws_iam_role.access-control_role-qualisys-production-api_role_51D266DA.name
}

data "aws_iam_policy_document" "access-control_role-qualisys-production-ai-agent_trust_BE2769C7" {
  statement {
    actions = [
      "sts:AssumeRoleWithWebIdentity"
    ]
    condition {
      test = "StringEquals"
      values = [
        "sts.amazonaws.com"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9:aud"
    }
    condition {
      test = "StringEquals"
      values = [
        "system:serviceaccount:qualisys-agents:ai-agent"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::333333333333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-production-ai-agent_role_E37A256D" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-production-ai-agent_trust_BE2769C7.json
  description          = "AI agent pods: the LLM provider keys"
  max_session_duration = 3600
  name                 = "qualisys-production-ai-agent"
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-production-ai-agent_policy-0_14CC0306" {
  policy_arn = aws_iam_policy.access-control_secrets-read-llm_policy_93328824.arn
  role       = aws_iam_role.access-control_role-qualisys-production-ai-agent_role_E37A256D.name
}

data "aws_iam_policy_document" "access-control_role-qualisys-production-ci-migrations_trust_57923CB5" {
  statement {
    actions = [
      "sts:AssumeRoleWithWebIdentity"
    ]
    condition {
      test = "StringEquals"
      values = [
        "sts.amazonaws.com"
      ]
      variable = "token.actions.githubusercontent.com:aud"
    }
    condition {
      test = "StringEquals"
      values = [
        "repo:qualisys/qualisys:environment:production"
      ]
      variable = "token.actions.githubusercontent.com:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-production-ci-migrations_role_02CCC84E" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-production-ci-migrations_trust_57923CB5.json
  description          = "Database migrations from the pipeline's production environment (reviewers approve)"
  max_session_duration = 3600
  name                 = "qualisys-production-ci-migrations"
}

data "aws_iam_policy_document" "access-control_role-qualisys-production-ci-migrations_granted-document_4C83D0E2" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/database/connection-??????"
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

resource "aws_iam_role_policy" "access-control_role-qualisys-production-ci-migrations_granted_0778045C" {
  name   = "granted-secrets"
  policy = data.aws_iam_policy_document.access-control_role-qualisys-production-ci-migrations_granted-document_4C83D0E2.json
  role   = aws_iam_role.access-control_role-qualisys-production-ci-migrations_role_02CCC84E.id
}
