# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_iam_policy_document" "access-control_secrets-read-infra_document_04D8BCD2" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/database/*",
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/redis/*",
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/jwt/*"
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
  description = "Reads the infra secrets of staging (qualisys/*)"
  name        = "staging-secrets-read-infra"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-infra_document_04D8BCD2.json
}

data "aws_iam_policy_document" "access-control_secrets-read-llm_document_C3AB65C0" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/llm/*"
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
  description = "Reads the llm secrets of staging (qualisys/*)"
  name        = "staging-secrets-read-llm"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-llm_document_C3AB65C0.json
}

data "aws_iam_policy_document" "access-control_secrets-read-integrations_document_4EF5569A" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/oauth/*",
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/email/*",
      "arn:aws:secretsmanager:us-east-1:222222222222:secret:qualisys/integrations/*"
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
  description = "Reads the integrations secrets of staging (qualisys/*)"
  name        = "staging-secrets-read-integrations"
  policy      = data.aws_iam_policy_document.access-control_secrets-read-integrations_document_4EF5569A.json
}

data "aws_iam_policy_document" "access-control_role-qualisys-staging-api_trust_A664C603" {
  statement {
    actions = [
      "sts:AssumeRoleWithWebIdentity"
    ]
    condition {
      test = "StringEquals"
      values = [
        "sts.amazonaws.com"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/1A1B2C3D4E5F60718293A4B5C6D7E8F9:aud"
    }
    condition {
      test = "StringEquals"
      values = [
        "system:serviceaccount:qualisys-api:qualisys-api"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/1A1B2C3D4E5F60718293A4B5C6D7E8F9:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/1A1B2C3D4E5F60718293A4B5C6D7E8F9"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-staging-api_role_1B6EC7B0" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-staging-api_trust_A664C603.json
  description          = "API pods: database, Redis, JWT, OAuth and e-mail secrets"
  max_session_duration = 3600
  name                 = "qualisys-staging-api"
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-staging-api_policy-0_1A439332" {
  policy_arn = aws_iam_policy.access-control_secrets-read-infra_policy_0751D19E.arn
  role       = aws_iam_role.access-control_role-qualisys-staging-api_role_1B6EC7B0.name
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-staging-api_policy-1_9E2AAE5B" {
  policy_arn = aws_iam_policy.access-control_secrets-read-integrations_policy_19B2F5F8.arn
  role       = aws_iam_role.access-control_role-qualisys-staging-api_role_1B6EC7B0.name
}

data "aws_iam_policy_document" "access-control_role-qualisys-staging-ai-agent_trust_E5FCFE5B" {
  statement {
    actions = [
      "sts:AssumeRoleWithWebIdentity"
    ]
    condition {
      test = "StringEquals"
      values = [
        "sts.amazonaws.com"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/1A1B2C3D4E5F60718293A4B5C6D7E8F9:aud"
    }
    condition {
      test = "StringEquals"
      values = [
        "system:serviceaccount:qualisys-agents:ai-agent"
      ]
      variable = "oidc.eks.us-east-1.amazonaws.com/id/1A1B2C3D4E5F60718293A4B5C6D7E8F9:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/1A1B2C3D4E5F60718293A4B5C6D7E8F9"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-staging-ai-agent_role_D49226E8" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-staging-ai-agent_trust_E5FCFE5B.json
  description          = "AI agent pods: the LLM provider keys"
  max_session_duration = 3600
  name                 = "qualisys-staging-ai-agent"
}

resource "aws_iam_role_policy_attachment" "access-control_role-qualisys-staging-ai-agent_policy-0_29ABFA3F" {
  policy_arn = aws_iam_policy.access-control_secrets-read-llm_policy_93328824.arn
  role       = aws_iam_role.access-control_role-qualisys-staging-ai-agent_role_D49226E8.name
}

data "aws_iam_policy_document" "access-control_role-qualisys-staging-ci-migrations_trust_D013C962" {
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
        "repo:qualisys/qualisys:ref:refs/heads/main:job_workflow_ref:qualisys/qualisys/.github/workflows/migrate.yml@refs/heads/main"
      ]
      variable = "token.actions.githubusercontent.com:sub"
    }
    principals {
      identifiers = [
        "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"
      ]
      type = "Federated"
    }
  }
}

resource "aws_iam_role" "access-control_role-qualisys-staging-ci-migrations_role_E9D690EE" {
  assume_role_policy   = data.aws_iam_policy_document.access-control_role-qualisys-staging-ci-migrations_trust_D013C962.json
  description          = "Database migrations: the migrate workflow of the main branch, nothing else"
  max_session_duration = 3600
  name                 = "qualisys-staging-ci-migrations"
}

data "aws_iam_policy_document" "access-control_role-qualisys-staging-ci-migrations_granted-document_A797A118" {
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

resource "aws_iam_role_policy" "access-control_role-qualisys-staging-ci-migrations_granted_94ABFB28" {
  name   = "granted-secrets"
  policy = data.aws_iam_policy_document.access-control_role-qualisys-staging-ci-migrations_granted-document_A797A118.json
  role   = aws_iam_role.access-control_role-qualisys-staging-ci-migrations_role_E9D690EE.id
}
