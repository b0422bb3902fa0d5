# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_iam_policy_document" "access-control_secrets-read-infra_document_04D8BCD2" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/database/*",
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/redis/*",
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/jwt/*"
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
  description = "Reads the infra secrets of dev (qualisys/*)"
  name        = "dev-secrets-read-infra"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-infra_document_04D8BCD2.json
}

data "aws_iam_policy_document" "access-control_secrets-read-llm_document_C3AB65C0" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/llm/*"
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
  description = "Reads the llm secrets of dev (qualisys/*)"
  name        = "dev-secrets-read-llm"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-llm_document_C3AB65C0.json
}

data "aws_iam_policy_document" "access-control_secrets-read-integrations_document_4EF5569A" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/oauth/*",
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/email/*",
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/integrations/*"
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
  description = "Reads the integrations secrets of dev (qualisys/*)"
  name        = "dev-secrets-read-integrations"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-integrations_document_4EF5569A.json
}

data "aws_iam_policy_document" "access-control_role-qualisys-dev-api_trust_8917A96D" {
  statement {
    actions = [
      "sts:AssumeRoleWithWebIdentity"
    ]
    condition {
      test = "StringEquals"
      values = [
        "sts.amazonaws.com"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9:aud"
    }
    condition {
      test = "StringEquals"
      values = [
        "system:serviceaccount:qualisys-api:qualisys-api"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-dev-api_role_C1BD18C4" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-dev-api_trust_8917A96D.json
  description          = "API pods: database, Redis, JWT, OAuth and e-mail secrets"
  max_session_duration = 3600
  name                 = "qualisys-dev-api"
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-dev-api_policy-0_736E191D" {
  policy_arn = aws_iam_policy.access-control_secrets-read-infra_policy_0751D19E.arn
  role       = aws_iam_role.access-control_role-qualisys-dev-api_role_C1BD18C4.name
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-dev-api_policy-1_556F446F" {
  policy_arn = aws_iam_policy.access-control_secrets-read-integrations_policy_19B2F5F8.arn
  role       = aws_iam_role.access-control_role-qualisys-dev-api_role_C1BD18C4.name
}

data "aws_iam_policy_document" "access-control_role-qualisys-dev-ai-agent_trust_969068CE" {
  statement {
    actions = [
      "sts:AssumeRoleWithWebIdentity"
    ]
    condition {
      test = "StringEquals"
      values = [
        "sts.amazonaws.com"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9:aud"
    }
    condition {
      test = "StringEquals"
      values = [
        "system:serviceaccount:qualisys-agents:ai-agent"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-dev-ai-agent_role_5A7D5044" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-dev-ai-agent_trust_969068CE.json
  description          = "AI agent pods: the LLM provider keys"
  max_session_duration = 3600
  name                 = "qualisys-dev-ai-agent"
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-dev-ai-agent_policy-0_1257316C" {
  policy_arn = aws_iam_policy.access-control_secrets-read-llm_policy_93328824.arn
  role       = aws_iam_role.access-control_role-qualisys-dev-ai-agent_role_5A7D5044.name
}
