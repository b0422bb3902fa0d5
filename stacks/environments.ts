import type { EnvironmentConfig } from "./environment-config";

/**
 * The built-in example environments. Account ids, network ids and addresses here are placeholders:
 * replace them (and the backends) with your own before `terraform apply`; the AWS provider refuses
 * to act in any account other than the one named here.
 */
export const exampleEnvironments: readonly EnvironmentConfig[] = [
  {
    name: "dev",
    accountId: "111111111111",
    region: "us-east-1",
    emailProvider: "sendgrid",
    recoveryWindowInDays: 7,
    notificationEmails: ["platform-oncall+dev@qualisys.example"],
    rotation: {
      // From the database story's outputs.
      network: {
        vpcId: "vpc-0a1b2c3d4e5f60001",
        vpcCidr: "10.10.0.0/16",
        subnetIds: ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"],
        databaseSecurityGroupId: "sg-0a1b2c3d4e5f60021",
      },
      logRetentionInDays: 30,
    },
  },
  {
    name: "staging",
    accountId: "222222222222",
    region: "us-east-1",
    emailProvider: "sendgrid",
    recoveryWindowInDays: 7,
    backend: { type: "s3", bucket: "qualisys-terraform-state-222222222222", keyPrefix: "qualisys" },
    notificationEmails: ["platform-oncall+staging@qualisys.example"],
    rotation: {
      // Applications keep working credentials through a rotation: two users take turns.
      strategy: "alternating-users",
      masterSecretArn: "arn:aws:secretsmanager:us-east-1:222222222222:secret:rds!db-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-AbCdEf",
      network: {
        vpcId: "vpc-0b1b2c3d4e5f60001",
        vpcCidr: "10.20.0.0/16",
        subnetIds: ["subnet-0b1b2c3d4e5f60011", "subnet-0b1b2c3d4e5f60012"],
        databaseSecurityGroupId: "sg-0b1b2c3d4e5f60021",
      },
    },
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
    notificationEmails: ["platform-oncall@qualisys.example", "security@qualisys.example"],
    breakGlassRoleName: "qualisys-break-glass",
    rotation: {
      network: {
        vpcId: "vpc-0c1b2c3d4e5f60001",
        vpcCidr: "10.30.0.0/16",
        subnetIds: ["subnet-0c1b2c3d4e5f60011", "subnet-0c1b2c3d4e5f60012", "subnet-0c1b2c3d4e5f60013"],
        databaseSecurityGroupId: "sg-0c1b2c3d4e5f60021",
        // Secrets Manager through a VPC endpoint: the function needs no route to the internet.
        secretsManagerEndpoint: true,
      },
    },
  },
];
