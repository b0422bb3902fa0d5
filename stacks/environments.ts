import type { EnvironmentConfig } from "./environment-config";

/**
 * The built-in example environments. Account ids here are placeholders: replace them
 * (and the backends) with your own before `terraform apply`; the AWS provider refuses
 * to act in any account other than the one named here.
 */
export const exampleEnvironments: readonly EnvironmentConfig[] = [
  {
    name: "dev",
    accountId: "111111111111",
    region: "us-east-1",
    emailProvider: "sendgrid",
    recoveryWindowInDays: 7,
  },
  {
    name: "staging",
    accountId: "222222222222",
    region: "us-east-1",
    emailProvider: "sendgrid",
    recoveryWindowInDays: 7,
    backend: { type: "s3", bucket: "qualisys-terraform-state-222222222222", keyPrefix: "qualisys" },
  },
  {
    name: "production",
    accountId: "333333333333",
    region: "us-east-1",
    emailProvider: "postmark",
    recoveryWindowInDays: 30,
    // No secret value in state or plan (needs Terraform >= 1.11 wherever the stack runs).
    writeOnlySecrets: true,
    backend: { type: "cloud", organization: "qualisys", workspacePrefix: "qualisys-" },
  },
];
