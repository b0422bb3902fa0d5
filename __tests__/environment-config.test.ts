import { describe, expect, it } from "vitest";
import { field, type SecretDefinition } from "../catalog/secret-catalog";
import { ConfigError } from "../config/config-error";
import type { AccessRoleConfig } from "../config/access-settings";
import { resolveEnvironments, type EnvironmentConfig } from "../config/environment-config";
import { exampleEnvironments, storyAccessGroups, storyWorkloads } from "../config/example-environments";
import { testAccess, testEnvironment, testNetwork } from "./helpers/stacks";

/** Resolves the configs and returns the ConfigError they raise; fails the test when none is raised. */
function configError(configs: readonly EnvironmentConfig[]): ConfigError {
  try {
    resolveEnvironments(configs);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

const integrationsSecret: SecretDefinition = {
  name: "qualisys/integrations/github",
  description: "GitHub App private key",
  fields: { private_key: field.operator() },
  consumers: ["api"],
  rotation: { kind: "manual", cadence: "annual", procedure: "new key in GitHub" },
  responsible: "Integrations team",
  environmentVariables: { private_key: "GITHUB_APP_PRIVATE_KEY" },
};

describe("resolveEnvironments", () => {
  it("accepts the built-in examples and fills in defaults", () => {
    // Given the example environments, When they are resolved
    const resolved = resolveEnvironments(exampleEnvironments);
    // Then every environment is there with its partition and catalog
    expect(resolved.map((e) => e.name)).toEqual(["dev", "staging", "production"]);
    expect(resolved.every((e) => e.partition === "aws" && e.dnsSuffix === "amazonaws.com")).toBe(true);
    expect(resolved.find((e) => e.name === "production")?.writeOnlySecrets).toBe(true);
    expect(resolved.find((e) => e.name === "production")?.recoveryWindowInDays).toBe(30);
    expect(resolved.find((e) => e.name === "dev")?.recoveryWindowInDays).toBe(7);
  });

  it("defaults to a 30-day recovery window, default mode, local state and rotation on", () => {
    const [env] = resolveEnvironments([
      {
        name: "x",
        accountId: "123456789012",
        region: "eu-west-1",
        emailProvider: "postmark",
        access: testEnvironment.access,
        audit: testEnvironment.audit,
        rotation: { network: testNetwork() },
      },
    ]);
    expect(env).toMatchObject({
      recoveryWindowInDays: 30,
      writeOnlySecrets: false,
      backend: { type: "local" },
      notificationEmails: [],
    });
    expect(env?.rotation).toMatchObject({
      rotateImmediately: false,
      strategy: "single-user",
      memorySize: 256,
      timeoutSeconds: 30,
      architecture: "arm64",
      logRetentionInDays: 365,
      passwordLength: 32,
      network: { databasePort: 5432, secretsManagerEndpoint: "none" },
    });
    expect(env?.access.breakGlassPrincipals).toEqual([]);
  });

  it("knows the partition of China and GovCloud regions", () => {
    const [cn, gov] = resolveEnvironments([
      { ...testEnvironment, name: "cn", region: "cn-north-1" },
      { ...testEnvironment, name: "gov", region: "us-gov-west-1" },
    ]);
    expect(cn).toMatchObject({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
    expect(gov).toMatchObject({ partition: "aws-us-gov", dnsSuffix: "amazonaws.com" });
  });

  it("adds an environment's own secrets to the catalog", () => {
    const [env] = resolveEnvironments([{ ...testEnvironment, additionalSecrets: [integrationsSecret] }]);
    expect(env?.catalog.map((s) => s.name)).toContain("qualisys/integrations/github");
    expect(env?.catalog).toHaveLength(8);
  });
});

describe("resolveEnvironments rejects bad input with environment, field, value and what is allowed", () => {
  it("an account id that is not 12 digits", () => {
    const error = configError([{ ...testEnvironment, accountId: "12345" }]);
    expect(error.problems).toEqual([
      expect.objectContaining({ environment: "test", field: "accountId", value: "12345" }),
    ]);
    expect(error.message).toContain('environment "test": accountId is "12345"; expected a 12-digit AWS account id');
  });

  it("an account id given as a number", () => {
    const error = configError([{ ...testEnvironment, accountId: 123456789012 as unknown as string }]);
    expect(error.message).toContain(
      'environment "test": accountId is 123456789012; expected a 12-digit AWS account id as a string',
    );
  });

  it("a verifyWrites that is not a boolean", () => {
    const error = configError([{ ...testEnvironment, verifyWrites: "yes" as unknown as boolean }]);
    expect(error.message).toContain('environment "test": verifyWrites is "yes"; expected true or false');
  });

  it("an unknown region", () => {
    const error = configError([{ ...testEnvironment, region: "eu-middle-9" }]);
    expect(error.message).toMatch(
      /environment "test": region is "eu-middle-9"; expected one of af-south-1, .*eu-central-1, .*us-west-2/,
    );
  });

  it("a secret name outside the naming convention", () => {
    const bad = { ...integrationsSecret, name: "qualisys/Integrations/GitHub" };
    const error = configError([{ ...testEnvironment, additionalSecrets: [bad] }]);
    expect(error.problems).toEqual([
      expect.objectContaining({ field: "additionalSecrets[0].name", value: "qualisys/Integrations/GitHub" }),
    ]);
    expect(error.message).toContain(
      'environment "test": additionalSecrets[0].name is "qualisys/Integrations/GitHub"; expected a name matching ^qualisys/<category>/[a-z0-9][a-z0-9-]*$ (at most 512 characters)',
    );
  });

  it("a secret name with an unknown category", () => {
    const error = configError([
      { ...testEnvironment, additionalSecrets: [{ ...integrationsSecret, name: "qualisys/payments/stripe" }] },
    ]);
    expect(error.message).toContain(
      'environment "test": additionalSecrets[0].name is "qualisys/payments/stripe"; expected a secret whose category belongs to an access group: infra (database, redis, jwt); llm (llm); integrations (oauth, email, integrations)',
    );
  });

  it("a duplicate secret name", () => {
    const duplicate = { ...integrationsSecret, name: "qualisys/llm/openai" };
    const error = configError([{ ...testEnvironment, additionalSecrets: [duplicate] }]);
    expect(error.message).toContain(
      'environment "test": additionalSecrets[0].name is "qualisys/llm/openai"; expected a name no other secret uses (catalog[3] already has it)',
    );
  });

  it("an unknown e-mail provider", () => {
    const error = configError([{ ...testEnvironment, emailProvider: "mailgun" as "sendgrid" }]);
    expect(error.message).toContain(
      'environment "test": emailProvider is "mailgun"; expected one of sendgrid, postmark',
    );
  });

  it.each([1, 6, 31, 7.5, -1])("a recovery window of %s days", (days) => {
    const error = configError([{ ...testEnvironment, recoveryWindowInDays: days }]);
    expect(error.message).toContain(
      `environment "test": recoveryWindowInDays is ${days}; expected 0 (delete without recovery) or a whole number of days from 7 to 30`,
    );
  });

  it.each([0, 7, 30])("accepts a recovery window of %s days", (days) => {
    expect(() => resolveEnvironments([{ ...testEnvironment, recoveryWindowInDays: days }])).not.toThrow();
  });

  it.each(["accountId", "region", "emailProvider", "name"] as const)("a missing required setting: %s", (missing) => {
    const config: Record<string, unknown> = { ...testEnvironment };
    delete config[missing];
    const error = configError([config as unknown as EnvironmentConfig]);
    expect(error.problems.map((p) => p.field)).toContain(missing);
    expect(error.message).toMatch(new RegExp(`environment "[^"]+": ${missing} is missing; expected `));
  });

  it("an S3 backend without a valid bucket", () => {
    const error = configError([{ ...testEnvironment, backend: { type: "s3", bucket: "Bad_Bucket" } }]);
    expect(error.message).toContain('environment "test": backend.bucket is "Bad_Bucket"; expected an S3 bucket name');
  });

  it("a Terraform Cloud backend without an organization", () => {
    const error = configError([
      { ...testEnvironment, backend: { type: "cloud" } as unknown as EnvironmentConfig["backend"] },
    ]);
    expect(error.message).toContain(
      'environment "test": backend.organization is missing; expected an HCP Terraform organization name',
    );
  });

  it("an unknown backend type", () => {
    const error = configError([
      { ...testEnvironment, backend: { type: "gcs" } as unknown as EnvironmentConfig["backend"] },
    ]);
    expect(error.message).toContain('environment "test": backend.type is "gcs"; expected one of local, s3, cloud');
  });

  it("two environments with the same name", () => {
    const error = configError([testEnvironment, { ...testEnvironment, accountId: "210987654321" }]);
    expect(error.message).toContain('environment "test": name is "test"; expected a name no other environment uses');
  });

  it("two environments in the same account and region, whose secret names would collide", () => {
    const error = configError([testEnvironment, { ...testEnvironment, name: "other" }]);
    expect(error.message).toContain(
      `environment "other": accountId is "123456789012"; expected an account or region other than environment "test"'s`,
    );
  });

  it("lists every problem of every environment at once", () => {
    const error = configError([
      { ...testEnvironment, accountId: "1" },
      { ...testEnvironment, name: "second", accountId: "210987654321", region: "nowhere-1" },
    ]);
    expect(error.problems.map((p) => `${p.environment}.${p.field}`)).toEqual(["test.accountId", "second.region"]);
    expect(error.message.split("\n")).toHaveLength(3);
  });
});

describe("rotation settings reject bad input with the field named", () => {
  const withRotation = (rotation: NonNullable<EnvironmentConfig["rotation"]>) =>
    configError([{ ...testEnvironment, rotation }]);

  it.each([0, 1001, 45.5])("rotation days of %s", (days) => {
    const error = withRotation({ network: testNetwork(), automaticallyAfterDays: days });
    expect(error.message).toContain(
      `environment "test": rotation.automaticallyAfterDays is ${days}; expected a whole number from 1 to 1000`,
    );
  });

  it("a network that does not say how the database admits the function", () => {
    const { databaseAccess: _, ...network } = testNetwork();
    const error = withRotation({ network: network as ReturnType<typeof testNetwork> });
    expect(error.message).toContain(
      'environment "test": rotation.network.databaseAccess is missing; expected { clientSecurityGroupId: "sg-..." } (a security group the database stack owns and its database admits: recommended) or "ingress-rule"',
    );
  });

  it("a host alias that is not a host name", () => {
    const error = withRotation({ network: testNetwork(), hostAliases: ["*.proxy.rds.amazonaws.com"] });
    expect(error.message).toContain(
      'environment "test": rotation.hostAliases[0] is "*.proxy.rds.amazonaws.com"; expected a host name (an RDS Proxy endpoint or a DNS alias of the database), without wildcards',
    );
  });

  it("rotation on without a network", () => {
    const error = withRotation({});
    expect(error.message).toContain(
      'environment "test": rotation.network is missing; expected the database\'s vpcId, vpcCidr, subnetIds and databaseSecurityGroupId, because rotation is on',
    );
  });

  it("rotation on without subnets", () => {
    const error = withRotation({ network: { ...testNetwork(), subnetIds: [] } });
    expect(error.message).toContain(
      'environment "test": rotation.network.subnetIds is []; expected at least one private subnet id (subnet-...) of the database\'s VPC, because rotation is on',
    );
  });

  it("rotation on without the database's security group", () => {
    const { databaseSecurityGroupId: _sg, ...network } = testNetwork();
    const error = withRotation({ network: network as ReturnType<typeof testNetwork> });
    expect(error.message).toContain(
      'environment "test": rotation.network.databaseSecurityGroupId is missing; expected the database\'s security group id (sg-...), because rotation is on',
    );
  });

  it("an unknown architecture", () => {
    const error = withRotation({ network: testNetwork(), architecture: "mips" as "arm64" });
    expect(error.message).toContain(
      'environment "test": rotation.architecture is "mips"; expected one of arm64, x86_64',
    );
  });

  it("a log retention CloudWatch does not accept", () => {
    const error = withRotation({ network: testNetwork(), logRetentionInDays: 100 });
    expect(error.message).toContain(
      'environment "test": rotation.logRetentionInDays is 100; expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120',
    );
  });

  it("malformed network ids", () => {
    const error = withRotation({
      network: { ...testNetwork(), vpcId: "vpc-xyz", vpcCidr: "10.0.0.0/33", subnetIds: ["subnet-1"] },
    });
    expect(error.problems.map((p) => p.field)).toEqual([
      "rotation.network.vpcId",
      "rotation.network.vpcCidr",
      "rotation.network.subnetIds[0]",
    ]);
  });

  it("the alternating-users strategy without the superuser secret", () => {
    const error = withRotation({ network: testNetwork(), strategy: "alternating-users" });
    expect(error.message).toContain(
      'environment "test": rotation.masterSecretArn is missing; expected the ARN of the database\'s superuser secret in eu-central-1',
    );
  });

  it("turned off, needs no network and builds no function", () => {
    const [env] = resolveEnvironments([{ ...testEnvironment, rotation: { enabled: false } }]);
    expect(env?.rotation).toBeUndefined();
  });

  it("a notification address that is not an e-mail address", () => {
    const error = configError([{ ...testEnvironment, notificationEmails: ["oncall"] }]);
    expect(error.message).toContain(
      'environment "test": notificationEmails[0] is "oncall"; expected an e-mail address',
    );
  });
});

describe("access and audit settings reject bad input with the field named", () => {
  const issuer = "oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
  const role = (overrides: Partial<AccessRoleConfig>): AccessRoleConfig => ({
    name: "qualisys-test-api",
    accessGroups: ["infra"],
    trust: { kind: "eks-service-account", namespace: "qualisys-api", serviceAccount: "qualisys-api" },
    ...overrides,
  });
  const withAccess = (access: Partial<EnvironmentConfig["access"]>) =>
    configError([{ ...testEnvironment, access: testAccess(access) }]);

  it("a role granted an unknown access group", () => {
    const error = withAccess({ eksOidcIssuer: issuer, roles: [role({ accessGroups: ["payments"] })] });
    expect(error.message).toContain(
      'environment "test": access.roles[0].accessGroups[0] is "payments"; expected one of infra, llm, integrations',
    );
  });

  it("an OIDC subject with a wildcard namespace", () => {
    const error = withAccess({
      eksOidcIssuer: issuer,
      roles: [role({ trust: { kind: "eks-service-account", namespace: "*", serviceAccount: "qualisys-api" } })],
    });
    expect(error.message).toContain(
      'environment "test": access.roles[0].trust.namespace is "*"; expected a Kubernetes namespace name, lowercase letters, digits and \'-\' (no wildcard',
    );
  });

  it("a trust with no conditions", () => {
    const error = withAccess({
      roles: [
        role({
          trust: {
            kind: "web-identity",
            providerArn: "arn:aws:iam::123456789012:oidc-provider/example.com",
            conditions: [],
          },
        }),
      ],
    });
    expect(error.message).toContain(
      'environment "test": access.roles[0].trust.conditions is []; expected at least one condition on <issuer>:sub that names the subject',
    );
  });

  it("a GitHub Actions trust without a workflow or environment", () => {
    const error = withAccess({ roles: [role({ trust: { kind: "github-actions", repository: "qualisys/qualisys" } })] });
    expect(error.message).toContain(
      'environment "test": access.roles[0].trust is {}; expected either environment (a GitHub environment) or workflow and ref together',
    );
  });

  it("a GitHub Actions trust on a branch alone, which would admit every workflow on it", () => {
    const trust = { kind: "github-actions", repository: "qualisys/qualisys", ref: "refs/heads/main" } as const;
    const error = withAccess({ roles: [role({ trust })] });
    expect(error.message).toContain(
      'environment "test": access.roles[0].trust is {"ref":"refs/heads/main"}; expected either environment (a GitHub environment) or workflow and ref together',
    );
  });

  it("a workflow that is not a file of .github/workflows", () => {
    const trust = {
      kind: "github-actions",
      repository: "qualisys/qualisys",
      workflow: "migrate.yml",
      ref: "refs/heads/main",
    } as const;
    const error = withAccess({ roles: [role({ trust })] });
    expect(error.message).toContain(
      'environment "test": access.roles[0].trust.workflow is "migrate.yml"; expected .github/workflows/<file>.yml (or .yaml), without wildcards',
    );
  });

  it("a role that reads a secret the catalog does not have, or nothing at all", () => {
    const error = withAccess({
      roles: [
        role({ accessGroups: [], secrets: ["qualisys/database/conection"] }),
        role({ name: "none", accessGroups: [] }),
      ],
    });
    expect(error.message).toContain(
      'environment "test": access.roles[0].secrets[0] is "qualisys/database/conection"; expected a secret of the environment\'s catalog (qualisys/database/connection,',
    );
    expect(error.message).toContain(
      'environment "test": access.roles[1].accessGroups is []; expected one or more of infra, llm, integrations, or single secrets in access.roles[1].secrets',
    );
  });

  it("a service-account trust without the cluster's OIDC issuer", () => {
    const error = withAccess({ eksOidcIssuer: undefined, roles: [role({})] });
    expect(error.message).toContain(
      'environment "test": access.eksOidcIssuer is missing; expected the EKS cluster\'s OIDC issuer, which access.roles[0].trust trusts',
    );
  });

  it("a security topic nobody is subscribed to, unless the configuration says why", () => {
    const error = configError([{ ...testEnvironment, audit: {} }]);
    expect(error.message).toContain(
      'environment "test": audit.securityNotificationEmails is []; expected at least one address told of the security alerts',
    );
  });

  it("a log retention CloudWatch does not accept, for the trail", () => {
    const error = configError([{ ...testEnvironment, audit: { logRetentionInDays: 42 } }]);
    expect(error.message).toContain(
      'environment "test": audit.logRetentionInDays is 42; expected one of 1, 3, 5, 7, 14, 30, 60, 90',
    );
  });

  it("log files that would expire before they are archived", () => {
    const error = configError([
      { ...testEnvironment, audit: { transitionToGlacierAfterDays: 400, expireAfterDays: 365 } },
    ]);
    expect(error.message).toContain(
      'environment "test": audit.expireAfterDays is 365; expected more days than audit.transitionToGlacierAfterDays (400)',
    );
  });
});

describe("the principals of the configuration (Terraform, break glass, readers managed elsewhere)", () => {
  const withAccess = (access: Partial<EnvironmentConfig["access"]>) =>
    configError([{ ...testEnvironment, access: testAccess(access) }]);

  it("must name who runs Terraform: the provider reads every secret version back, and the resource policies admit only named readers", () => {
    const error = configError([{ ...testEnvironment, access: {} as EnvironmentConfig["access"] }]);
    expect(error.message).toContain(
      'environment "test": access.terraformPrincipals is missing; expected who runs terraform plan and apply for this environment',
    );
  });

  it("take roles with a path, as HCP Terraform's and CI roles often have", () => {
    const [env] = resolveEnvironments([
      {
        ...testEnvironment,
        access: testAccess({
          terraformPrincipals: [{ roleArn: "arn:aws:iam::123456789012:role/hcp-terraform/deployer" }],
        }),
      },
    ]);
    expect(env!.access.terraformPrincipals).toEqual([
      {
        name: "deployer",
        arnPattern: "arn:aws:iam::123456789012:role/hcp-terraform/deployer",
        description: "the role arn:aws:iam::123456789012:role/hcp-terraform/deployer",
      },
    ]);
  });

  it("build an IAM Identity Center pattern from the permission set: an optional region segment, then exactly sixteen characters", () => {
    const [env] = resolveEnvironments([
      { ...testEnvironment, access: testAccess({ breakGlassPrincipals: [{ ssoPermissionSet: "BreakGlass" }] }) },
    ]);
    expect(env!.access.breakGlassPrincipals[0]!.arnPattern).toBe(
      "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_????????????????",
    );
  });

  it.each([
    [
      { roleArn: "arn:aws:iam::999999999999:role/deployer" },
      'access.terraformPrincipals[0].roleArn is "arn:aws:iam::999999999999:role/deployer"; expected a role of the environment\'s account 123456789012',
    ],
    [
      { roleArn: "arn:aws-cn:iam::123456789012:role/deployer" },
      "expected a role of the partition aws (the environment's region)",
    ],
    [
      { roleArn: "arn:aws:iam::123456789012:role/deploy*" },
      "expected a role name of 1-64 letters, digits and +=,.@_- (no wildcards)",
    ],
    [
      { roleArn: "arn:aws:iam::123456789012:user/alice" },
      "expected a role ARN, arn:aws:iam::123456789012:role/<path/>name",
    ],
    [
      { ssoPermissionSet: "Break Glass" },
      'access.terraformPrincipals[0].ssoPermissionSet is "Break Glass"; expected an IAM Identity Center permission set name',
    ],
    [
      { roleArn: "arn:aws:iam::123456789012:role/x", ssoPermissionSet: "X" },
      'expected { roleArn: "arn:aws:iam::123456789012:role/<path/>name" } or { ssoPermissionSet: "<permission set name>" }',
    ],
  ])("reject %j, naming the field and what is allowed", (principal, message) => {
    expect(withAccess({ terraformPrincipals: [principal as never] }).message).toContain(message);
  });

  it("reject a reader managed elsewhere without access groups or a reason", () => {
    const error = withAccess({
      extraReaders: [{ principal: { roleArn: "arn:aws:iam::123456789012:role/data" }, accessGroups: [], reason: "" }],
    });
    expect(error.message).toContain(
      'environment "test": access.extraReaders[0].accessGroups is []; expected a list of one or more access groups (infra, llm, integrations)',
    );
    expect(error.message).toContain('environment "test": access.extraReaders[0].reason is ""; expected why it reads');
  });
});

describe("every problem at once", () => {
  it("reports a bad account id and a bad Kubernetes setting together, from every section", () => {
    const error = configError([
      {
        ...testEnvironment,
        accountId: "12345",
        kubernetes: { clusterName: "qualisys-test", workloads: {}, refreshInterval: "soon" },
      },
    ]);
    expect(error.message).toContain('environment "test": accountId is "12345"');
    expect(error.message).toContain('environment "test": kubernetes.refreshInterval is "soon"');
  });
});

describe("unknown keys, at every level", () => {
  // A misspelled key is an error naming the nearest real one, wherever it is (tsx runs the configuration
  // without type-checking it, so the types alone would not catch it).
  const misspelled = (config: Record<string, unknown>) => configError([config as unknown as EnvironmentConfig]).message;

  it.each([
    ["the environment", { ...testEnvironment, recoveryWindowDays: 7 }, "recoveryWindowDays", "recoveryWindowInDays"],
    [
      "access",
      { ...testEnvironment, access: { ...testAccess({}), terraformPrincipal: [] } },
      "access.terraformPrincipal",
      "access.terraformPrincipals",
    ],
    [
      "a role's trust",
      {
        ...testEnvironment,
        access: testAccess({
          eksOidcIssuer: "oidc.eks.eu-central-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9",
          roles: [
            {
              name: "test-api",
              accessGroups: ["infra"],
              trust: { kind: "eks-service-account", namespace: "qualisys-api", serviceAcount: "x" } as never,
            },
          ],
        }),
      },
      "access.roles[0].trust.serviceAcount",
      "access.roles[0].trust.serviceAccount",
    ],
    [
      "an access group",
      {
        ...testEnvironment,
        access: testAccess({
          groups: { ...storyAccessGroups, llm: { categories: ["llm"], descripton: "x" } as never },
        }),
      },
      "access.groups.llm.descripton",
      "access.groups.llm.description",
    ],
    [
      "a workload",
      {
        ...testEnvironment,
        kubernetes: {
          clusterName: "qualisys-test",
          workloads: { ...storyWorkloads, api: { namespace: "qualisys-api", additionalSecret: [] } as never },
        },
      },
      "kubernetes.workloads.api.additionalSecret",
      "kubernetes.workloads.api.additionalSecrets",
    ],
    [
      "audit",
      { ...testEnvironment, audit: { ...testEnvironment.audit, objectLok: {} } },
      "audit.objectLok",
      "audit.objectLock",
    ],
    [
      "the rotation network",
      { ...testEnvironment, rotation: { network: { ...testNetwork(), subnetId: [] } } },
      "rotation.network.subnetId",
      "rotation.network.subnetIds",
    ],
  ])("in %s", (_where, config, field, nearest) => {
    expect(misspelled(config)).toContain(`environment "test": ${field} is not a setting; did you mean ${nearest}?`);
  });
});

describe("access groups and workloads are configuration, checked like every other setting", () => {
  const queueSecret: SecretDefinition = {
    ...integrationsSecret,
    name: "qualisys/queue/broker",
    consumers: ["worker"],
    environmentVariables: { private_key: "BROKER_KEY" },
  };
  const withGroups = (groups: unknown, roles = testEnvironment.access.roles) =>
    configError([{ ...testEnvironment, access: testAccess({ groups: groups as never, roles }) }]).message;
  const cluster = (workloads: Record<string, unknown>) => ({
    clusterName: "qualisys-test",
    workloads: workloads as never,
  });

  it("access.groups is required: every read policy and every grant is named after one", () => {
    expect(withGroups(undefined)).toContain(
      'environment "test": access.groups is missing; expected the access groups by name, each with the categories it reads',
    );
  });

  it("a malformed group name, an empty category list, a malformed category", () => {
    const message = withGroups({
      ...storyAccessGroups,
      Jobs: { categories: ["queue"] },
      empty: { categories: [] },
      odd: { categories: ["Queue_2"] },
    });
    expect(message).toContain(
      `environment "test": access.groups.Jobs is "Jobs"; expected a group name: a lowercase letter, then up to 31 lowercase letters, digits and '-'`,
    );
    expect(message).toContain(
      'environment "test": access.groups.empty.categories is []; expected a list of one or more categories',
    );
    expect(message).toContain(
      `environment "test": access.groups.odd.categories[0] is "Queue_2"; expected a category name: a lowercase letter, then up to 31 lowercase letters, digits and '-'`,
    );
  });

  it("a category two groups claim (one name prefix per category)", () => {
    expect(withGroups({ ...storyAccessGroups, models: { categories: ["llm"] } })).toContain(
      'environment "test": access.groups.models.categories[0] is "llm"; expected a category of no other group (access.groups.llm reads it)',
    );
  });

  it("a role or a reader managed elsewhere granted a group that does not exist", () => {
    const message = configError([
      {
        ...testEnvironment,
        access: testAccess({
          roles: [
            { ...testEnvironment.access.roles![0]!, accessGroups: ["infra", "integrations", "jobs"] },
            testEnvironment.access.roles![1]!,
          ],
          extraReaders: [
            {
              principal: { roleArn: "arn:aws:iam::123456789012:role/reports" },
              accessGroups: ["reports"],
              reason: "reports",
            },
          ],
        }),
      },
    ]).message;
    expect(message).toContain(
      'environment "test": access.roles[0].accessGroups[2] is "jobs"; expected one of infra, llm, integrations (access.groups)',
    );
    expect(message).toContain(
      'environment "test": access.extraReaders[0].accessGroups[0] is "reports"; expected one of infra, llm, integrations (access.groups)',
    );
  });

  it("a secret no one reads: its group is granted to no role and no reader", () => {
    const error = configError([
      {
        ...testEnvironment,
        additionalSecrets: [queueSecret],
        access: testAccess({ groups: { ...storyAccessGroups, jobs: { categories: ["queue"] } } }),
      },
    ]);
    expect(error.message).toContain(
      'environment "test": additionalSecrets[0].name is "qualisys/queue/broker"; expected a secret someone reads: no role of access.roles and no access.extraReaders entry is granted its group (jobs) or the secret',
    );
  });

  it("a consumer with no workload entry, a workload that consumes nothing, a namespace two workloads claim", () => {
    const message = configError([
      {
        ...testEnvironment,
        additionalSecrets: [queueSecret],
        access: testAccess({
          groups: { ...storyAccessGroups, jobs: { categories: ["queue"] } },
          roles: [
            ...testEnvironment.access.roles!,
            {
              name: "test-worker",
              accessGroups: ["jobs"],
              trust: { kind: "eks-service-account", namespace: "qualisys-worker", serviceAccount: "worker" },
            },
          ],
        }),
        kubernetes: cluster({ ...storyWorkloads, idle: { namespace: "qualisys-api" } }),
      },
    ]).message;
    expect(message).toContain(
      'environment "test": kubernetes.workloads.worker is missing; expected the namespace of the workload worker, which consumes qualisys/queue/broker',
    );
    expect(message).toContain(
      'environment "test": kubernetes.workloads.idle is "idle"; expected a workload that consumes a secret',
    );
    expect(message).toContain(
      'environment "test": kubernetes.workloads.idle.namespace is "qualisys-api"; expected a namespace no other workload uses (kubernetes.workloads.api runs there)',
    );
  });

  it("a malformed secret name that a workload consumes is one problem among the others, not a crash", () => {
    const error = configError([
      {
        ...testEnvironment,
        kubernetes: cluster({ ...storyWorkloads }),
        additionalSecrets: [{ ...integrationsSecret, name: "qualisys/Bad/Name" }],
      },
    ]);
    expect(error.problems).toEqual([
      expect.objectContaining({ field: "additionalSecrets[0].name", value: "qualisys/Bad/Name" }),
    ]);
  });

  it("a workload name Kubernetes labels cannot carry", () => {
    expect(
      configError([
        { ...testEnvironment, kubernetes: cluster({ ...storyWorkloads, Batch_Jobs: { namespace: "batch" } }) },
      ]).message,
    ).toContain(
      `environment "test": kubernetes.workloads.Batch_Jobs is "Batch_Jobs"; expected a workload name: up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
  });
});

describe("a group in a stack of its own is checked to stand alone", () => {
  const own = (group: keyof typeof storyAccessGroups) =>
    configError([
      {
        ...testEnvironment,
        access: testAccess({
          groups: { ...storyAccessGroups, [group]: { ...storyAccessGroups[group], ownStack: true } },
        }),
      },
    ]).message;

  it("refuses a group that holds a rotated secret: rotation lives in the environment's stack", () => {
    expect(own("infra")).toContain(
      `environment "test": access.groups.infra.ownStack is true; expected false while the group holds a secret rotated automatically (qualisys/database/connection): rotation lives in the environment's stack`,
    );
  });

  it("refuses a role that reads both inside and outside the group's stack", () => {
    expect(own("integrations")).toContain(
      `environment "test": access.roles[0] is "test-api"; expected a role that reads within one stack: it reads from the environment's stack and the integrations team's stack (give it a role per stack)`,
    );
  });

  it("refuses an ownStack that is not true or false", () => {
    expect(
      configError([
        {
          ...testEnvironment,
          access: testAccess({
            groups: { ...storyAccessGroups, llm: { categories: ["llm"], ownStack: "yes" as never } },
          }),
        },
      ]).message,
    ).toContain('environment "test": access.groups.llm.ownStack is "yes"; expected true or false');
  });
});
