import { syncCanarySecret } from "../catalog/qualisys-secrets";
import type { AccessRoleConfig, AccessSettings } from "./access-settings";
import type { KubernetesSettings } from "./kubernetes-settings";
import type { EnvironmentConfig } from "./environment-config";

/**
 * The story's access groups: one read policy each, over the secrets of its categories. A team that adds
 * a category or a group adds it here (every secret's category belongs to exactly one group).
 */
export const storyAccessGroups = {
  infra: { categories: ["database", "redis", "jwt"], description: "Database, Redis and JWT secrets" },
  llm: { categories: ["llm"], description: "LLM provider keys" },
  integrations: { categories: ["oauth", "email", "integrations"], description: "OAuth, e-mail and integration keys" },
} as const satisfies AccessSettings["groups"];

/** The story's workloads and where they run in every environment's cluster (from the cluster story). */
export const storyWorkloads = {
  api: { namespace: "qualisys-api", description: "API pods" },
  "ai-agent": { namespace: "qualisys-agents", description: "AI agent pods" },
} as const satisfies KubernetesSettings["workloads"];

/** The application roles every environment has: the API pods and the AI agent pods, through IRSA. */
function applicationRoles(env: string): AccessRoleConfig[] {
  return [
    {
      name: `qualisys-${env}-api`,
      description: "API pods: database, Redis, JWT, OAuth and e-mail secrets",
      accessGroups: ["infra", "integrations"],
      trust: { kind: "eks-service-account", namespace: "qualisys-api", serviceAccount: "qualisys-api" },
    },
    {
      name: `qualisys-${env}-ai-agent`,
      description: "AI agent pods: the LLM provider keys",
      accessGroups: ["llm"],
      trust: { kind: "eks-service-account", namespace: "qualisys-agents", serviceAccount: "ai-agent" },
    },
  ];
}

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
    // What `npm run verify -- --sync-check` overwrites to prove new values reach the namespace; verify
    // may rotate and write here (and in staging, the drill before production).
    additionalSecrets: [syncCanarySecret()],
    verifyWrites: true,
    // A throwaway environment: `terraform destroy` takes it down (infrastructure/runbooks/teardown.md).
    allowTeardown: true,
    notificationEmails: ["platform-oncall+dev@qualisys.example"],
    access: {
      groups: storyAccessGroups,
      // Platform engineers apply dev from their workstations, signed in through IAM Identity Center.
      terraformPrincipals: [{ ssoPermissionSet: "PlatformEngineer" }],
      // The security team's emergency permission set, in every account (the runbooks' "break glass").
      breakGlassPrincipals: [{ ssoPermissionSet: "BreakGlass" }],
      // From the cluster story's outputs.
      eksOidcIssuer: "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9",
      roles: applicationRoles("dev"),
    },
    audit: {
      logRetentionInDays: 90,
      expireAfterDays: 365,
      securityNotificationEmails: ["platform-oncall+dev@qualisys.example"],
    },
    kubernetes: { clusterName: "qualisys-dev", workloads: storyWorkloads },
    rotation: {
      // The path production takes, exercised here first: two users take turns, with the RDS-managed
      // superuser secret (the RDS API finds the database through the VPC's NAT route).
      strategy: "alternating-users",
      masterSecretArn:
        "arn:aws:secretsmanager:us-east-1:111111111111:secret:rds!db-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-QwErTy",
      // From the database story's outputs.
      network: {
        vpcId: "vpc-0a1b2c3d4e5f60001",
        vpcCidr: "10.10.0.0/16",
        subnetIds: ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"],
        databaseSecurityGroupId: "sg-0a1b2c3d4e5f60021",
        // dev's database stack manages its group's rules as separate resources, so this stack may add one.
        databaseAccess: "ingress-rule",
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
    // The drill before production: `npm run verify -- --environment staging --rotate` runs a full
    // alternating rotation here (deploy guide, "After the first apply"); --sync-check overwrites the canary.
    additionalSecrets: [syncCanarySecret()],
    verifyWrites: true,
    // Shared by every team's pre-production work: a stray destroy of the keys or secrets stops at plan.
    preventDestroy: true,
    notificationEmails: ["platform-oncall+staging@qualisys.example"],
    access: {
      groups: storyAccessGroups,
      // The deploy pipeline's role (GitHub Actions, created by the platform team under the path /ci/).
      terraformPrincipals: [{ roleArn: "arn:aws:iam::222222222222:role/ci/qualisys-staging-terraform" }],
      breakGlassPrincipals: [{ ssoPermissionSet: "BreakGlass" }],
      eksOidcIssuer: "oidc.eks.us-east-1.amazonaws.com/id/1A1B2C3D4E5F60718293A4B5C6D7E8F9",
      roles: [
        ...applicationRoles("staging"),
        {
          name: "qualisys-staging-ci-migrations",
          description: "Database migrations: the migrate workflow of the main branch, nothing else",
          // The database secret only: the JWT signing key and the Redis token stay out of CI's reach.
          secrets: ["qualisys/database/connection"],
          trust: {
            kind: "github-actions",
            repository: "qualisys/qualisys",
            workflow: ".github/workflows/migrate.yml",
            ref: "refs/heads/main",
          },
        },
      ],
    },
    // The organization's trail records this account (its log group is in the log-archive account); denied
    // calls reach the security topic through an EventBridge rule of this account.
    audit: { trail: "organization", securityNotificationEmails: ["security@qualisys.example"] },
    kubernetes: { clusterName: "qualisys-staging", workloads: storyWorkloads, refreshInterval: "30m" },
    rotation: {
      // Applications keep working credentials through a rotation: two users take turns.
      strategy: "alternating-users",
      masterSecretArn:
        "arn:aws:secretsmanager:us-east-1:222222222222:secret:rds!db-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-AbCdEf",
      network: {
        vpcId: "vpc-0b1b2c3d4e5f60001",
        vpcCidr: "10.20.0.0/16",
        subnetIds: ["subnet-0b1b2c3d4e5f60011", "subnet-0b1b2c3d4e5f60012"],
        databaseSecurityGroupId: "sg-0b1b2c3d4e5f60021",
        // The database stack's group for its clients, which the database admits (its output).
        databaseAccess: { clientSecurityGroupId: "sg-0b1b2c3d4e5f60022" },
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
    // A stray `terraform destroy` of the keys or the secrets stops at plan.
    preventDestroy: true,
    backend: { type: "cloud", organization: "qualisys", workspacePrefix: "qualisys-" },
    notificationEmails: ["platform-oncall@qualisys.example", "security@qualisys.example"],
    access: {
      groups: storyAccessGroups,
      // HCP Terraform's dynamic provider credentials: the workspaces assume this role.
      terraformPrincipals: [{ roleArn: "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform" }],
      // HCP Terraform's separate plan role (TFC_AWS_PLAN_ROLE_ARN): reads to refresh, changes nothing.
      terraformPlanPrincipals: [
        { roleArn: "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform-plan" },
      ],
      // The security team's emergency permission set (IAM Identity Center); BreakGlass_ReadOnly does not match.
      breakGlassPrincipals: [{ ssoPermissionSet: "BreakGlass" }],
      eksOidcIssuer: "oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9",
      roles: [
        ...applicationRoles("production"),
        {
          name: "qualisys-production-ci-migrations",
          description: "Database migrations from the pipeline's production environment (reviewers approve)",
          secrets: ["qualisys/database/connection"],
          trust: { kind: "github-actions", repository: "qualisys/qualisys", environment: "production" },
        },
      ],
    },
    audit: {
      securityNotificationEmails: ["security@qualisys.example"],
      // Nobody, the account's root user included, can delete or overwrite a log file for a year.
      objectLock: { mode: "COMPLIANCE" },
    },
    kubernetes: {
      clusterName: "qualisys-production",
      workloads: storyWorkloads,
      // Two replicas of each operator component, with pod disruption budgets; metrics for Prometheus.
      operator: { replicaCount: 2, metrics: true },
    },
    rotation: {
      // Two users take turns: the credentials the API pods hold stay valid until the next rotation, so a
      // rotation breaks no connection. The superuser secret is the one RDS manages for the instance.
      strategy: "alternating-users",
      masterSecretArn:
        "arn:aws:secretsmanager:us-east-1:333333333333:secret:rds!db-7c6b5a49-3d2e-1f0a-9b8c-7d6e5f4a3b2c-XyZ123",
      network: {
        vpcId: "vpc-0c1b2c3d4e5f60001",
        vpcCidr: "10.30.0.0/16",
        subnetIds: ["subnet-0c1b2c3d4e5f60011", "subnet-0c1b2c3d4e5f60012", "subnet-0c1b2c3d4e5f60013"],
        databaseSecurityGroupId: "sg-0c1b2c3d4e5f60021",
        databaseAccess: { clientSecurityGroupId: "sg-0c1b2c3d4e5f60022" },
        // Secrets Manager through a new VPC endpoint: the function needs no route to the internet. The
        // endpoint's private DNS then serves every workload of the VPC (its security group admits the VPC).
        secretsManagerEndpoint: "create",
        // The function finds the RDS-managed superuser secret's database through the RDS API: an endpoint too.
        rdsApiEndpoint: "create",
      },
    },
  },
];
