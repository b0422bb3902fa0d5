# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

data "aws_iam_policy_document" "operator-role_trust_F2D4195F" {
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
        "system:serviceaccount:external-secrets:external-secrets"
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

resource "aws_iam_role" "operator-role_C453F691" {
  assume_role_policy = data.aws_iam_policy_document.operator-role_trust_F2D4195F.json
  description        = "External Secrets Operator: reads the qualisys/ secrets for the cluster"
  name               = "qualisys-dev-external-secrets"
}

data "aws_iam_policy_document" "operator-role_permissions_D2359F5E" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
      "secretsmanager:GetResourcePolicy"
    ]
    resources = [
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/*"
    ]
    sid = "ReadTheQualisysSecrets"
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    resources = [
      "arn:aws:kms:us-east-1:111111111111:key/*"
    ]
    sid = "DecryptWithTheSecretsKeyThroughSecretsManager"
    condition {
      test = "ForAnyValue:StringEquals"
      values = [
        "alias/qualisys/secrets"
      ]
      variable = "kms:ResourceAliases"
    }
    condition {
      test = "StringEquals"
      values = [
        "secretsmanager.us-east-1.amazonaws.com"
      ]
      variable = "kms:ViaService"
    }
  }
}

resource "aws_iam_role_policy" "operator-role_policy_F20579C8" {
  name   = "read-qualisys-secrets"
  policy = data.aws_iam_policy_document.operator-role_permissions_D2359F5E.json
  role   = aws_iam_role.operator-role_C453F691.id
}
