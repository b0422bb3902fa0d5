import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { resolveEnvironments, type EnvironmentConfig, type ResolvedEnvironment } from "../../config/environment-config";
import { SecretsStack, secretsStackName } from "../../stacks/secrets-stack";
import { storyAccessGroups } from "../../config/example-environments";

/** The seven secret names of the story, written out as the story's table has them. */
export function storySecretNames(emailProvider: string): string[] {
  return [
    "qualisys/database/connection",
    "qualisys/redis/connection",
    "qualisys/jwt/signing-key",
    "qualisys/llm/openai",
    "qualisys/llm/anthropic",
    "qualisys/oauth/google",
    `qualisys/email/${emailProvider}`,
  ];
}

/**
 * The cluster's issuer, and the IRSA roles of the two workloads' service accounts (their namespaces'
 * SecretStores read as them): every secret of the story has a reader, as the configuration requires.
 */
const workloadAccess: EnvironmentConfig["access"] = {
  groups: storyAccessGroups,
  terraformPrincipals: [{ ssoPermissionSet: "PlatformEngineer" }],
  eksOidcIssuer: "oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789",
  roles: [
    {
      name: "test-api",
      accessGroups: ["infra", "integrations"],
      trust: { kind: "eks-service-account", namespace: "qualisys-api", serviceAccount: "qualisys-api" },
    },
    {
      name: "test-ai-agent",
      accessGroups: ["llm"],
      trust: { kind: "eks-service-account", namespace: "qualisys-agents", serviceAccount: "ai-agent" },
    },
  ],
};

/** A valid environment for tests; tests override one field at a time. */
export const testEnvironment: EnvironmentConfig = {
  name: "test",
  accountId: "123456789012",
  region: "eu-central-1",
  emailProvider: "sendgrid",
  recoveryWindowInDays: 7,
  // A permission set: valid in whatever account or partition a test moves the environment to.
  access: workloadAccess,
  audit: { nobodyToNotifyBecause: "a test environment: nobody reads its alerts" },
  rotation: { network: testNetwork() },
};

/** The access of {@link testEnvironment}: the cluster's issuer and the two workloads' IRSA roles. */
export function testWorkloadAccess(): EnvironmentConfig["access"] {
  return testAccess({});
}

/** {@link testEnvironment}'s access settings with the given changes. */
export function testAccess(changes: Partial<EnvironmentConfig["access"]>): EnvironmentConfig["access"] {
  return { ...testEnvironment.access, ...changes };
}

/** A valid rotation network for tests. */
export function testNetwork(): NonNullable<NonNullable<EnvironmentConfig["rotation"]>["network"]> {
  return {
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.0.0.0/16",
    subnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
    databaseSecurityGroupId: "sg-0123456789abcdef3",
    databaseAccess: "ingress-rule",
  };
}

/** Synthesized Terraform JSON of one stack. */
export type TerraformJson = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

/** Resolves one environment built from {@link testEnvironment} and the overrides. */
export function resolveTestEnvironment(overrides: Partial<EnvironmentConfig> = {}): ResolvedEnvironment {
  const [environment] = resolveEnvironments([{ ...testEnvironment, ...overrides }]);
  return environment!;
}

/** Builds `secrets-<env>` in a fresh test app and synthesizes it with validations on. */
export function synthSecretsStack(overrides: Partial<EnvironmentConfig> = {}): {
  stack: SecretsStack;
  json: TerraformJson;
} {
  const environment = resolveTestEnvironment(overrides);
  const stack = new SecretsStack(Testing.app(), secretsStackName(environment.name), { environment });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) as TerraformJson };
}

/** Synthesizes what `build` adds to a bare stack that has only an AWS provider, with validations on. */
export function synthConstruct<T>(build: (scope: Construct) => T): {
  built: T;
  stack: TerraformStack;
  json: TerraformJson;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  const built = build(stack);
  return { built, stack, json: JSON.parse(Testing.synth(stack, true)) as TerraformJson };
}

/** Every block of one type in a section (`resource`, `data`, `ephemeral`), by name; `{}` when there is none. */
export function blocks(json: TerraformJson, section: string, type: string): Record<string, Record<string, unknown>> {
  return json[section]?.[type] ?? {};
}

/** The one block of a type in a section; fails when there is not exactly one. */
export function onlyBlock(json: TerraformJson, section: string, type: string): Record<string, unknown> {
  const found = Object.values(blocks(json, section, type));
  if (found.length !== 1) throw new Error(`expected exactly one ${section}.${type}, found ${found.length}`);
  return found[0]!;
}

/** The one block of a type whose Terraform name starts with `prefix` (a construct's id); fails otherwise. */
export function blockNamed(
  json: TerraformJson,
  section: string,
  type: string,
  prefix: string,
): Record<string, unknown> {
  const found = Object.entries(blocks(json, section, type)).filter(([name]) => name.startsWith(prefix));
  if (found.length !== 1)
    throw new Error(
      `expected one ${section}.${type} named ${prefix}*, found ${found.map(([n]) => n).join(", ") || "none"}`,
    );
  return found[0]![1];
}

/** The blocks of a type whose Terraform name starts with `prefix`. */
export function blocksNamed(
  json: TerraformJson,
  section: string,
  type: string,
  prefix: string,
): Record<string, unknown>[] {
  return Object.entries(blocks(json, section, type))
    .filter(([name]) => name.startsWith(prefix))
    .map(([, block]) => block);
}
