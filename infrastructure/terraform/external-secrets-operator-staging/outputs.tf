# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.

output "operator_role_arn" {
  value       = aws_iam_role.operator-role_C453F691.arn
  description = "ARN of the External Secrets Operator's IRSA role"
}
