import { beforeAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { SecretsStack } from "../stacks/secrets-stack";
import { arnOfReference, documentOf, simulate } from "./helpers/iam-simulator";
import { roleIdentityStatements, secretsWithPolicies, type DocumentStatement } from "./helpers/policy-documents";
import { blocks, blocksNamed, type TerraformJson } from "./helpers/stacks";

/** The examples, synthesized once with validations on. */
const examples: { environment: ResolvedEnvironment; json: TerraformJson }[] = [];
beforeAll(() => {
  for (const environment of resolveEnvironments(exampleEnvironments)) {
    const stack = new SecretsStack(Testing.app(), `secrets-${environment.name}`, { environment });
    examples.push({ environment, json: JSON.parse(Testing.synth(stack, true)) as TerraformJson });
  }
});
const example = (name: string) => examples.find((e) => e.environment.name === name)!;

/** Every identity statement of a stack: role inline and managed policies. */
function identityStatements(json: TerraformJson, environment: ResolvedEnvironment): DocumentStatement[] {
  return [
    ...roleIdentityStatements(json, environment.partition, environment.region, environment.accountId).values(),
  ].flat();
}

/** An administrator's identity policy (AdministratorAccess): only resource policies can stop it. */
const ADMINISTRATOR: DocumentStatement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];
const role = (environment: ResolvedEnvironment, nameWithPath: string) =>
  `arn:aws:iam::${environment.accountId}:role/${nameWithPath}`;
/** The role IAM Identity Center creates for a permission set: a region segment (newer roles) or none, and 16 hex characters. */
const ssoRole = (environment: ResolvedEnvironment, set: string, region = true) =>
  role(
    environment,
    `aws-reserved/sso.amazonaws.com/${region ? `${environment.region}/` : ""}AWSReservedSSO_${set}_0a1b2c3d4e5f6789`,
  );

/**
 * The principals of an environment, as the AWS account would have them: the stack's roles with their
 * synthesized identity policies, and principals of the account outside the stack (the operator's role,
 * whoever runs Terraform, break glass, other administrators) with AdministratorAccess, so that only
 * the secrets' resource policies decide.
 */
function principalsOf(env: string): Map<string, DocumentStatement[]> {
  const { environment, json } = example(env);
  const principals = roleIdentityStatements(json, environment.partition, environment.region, environment.accountId);
  const outside = [
    role(environment, `qualisys-${env}-external-secrets`), // the operator's former role: no reader any more
    role(environment, `qualisys-${env}-terraform`), // the name the project used to assume
    role(environment, "Admin"),
    ssoRole(environment, "PlatformEngineer"),
    ssoRole(environment, "PlatformEngineer", false),
    ssoRole(environment, "PlatformEngineer_ReadOnly"),
    role(environment, "ci/qualisys-staging-terraform"),
    role(environment, "hcp-terraform/qualisys-production-terraform"),
    ssoRole(environment, "BreakGlass"),
    ssoRole(environment, "BreakGlass", false),
    ssoRole(environment, "BreakGlass_ReadOnly"),
  ];
  for (const arn of outside) if (!principals.has(arn)) principals.set(arn, ADMINISTRATOR);
  return principals;
}

/** Who may GetSecretValue on each secret, as the IAM simulator decides on the synthesized policies. */
async function simulatedMatrix(env: string): Promise<Map<string, string[]>> {
  const { environment, json } = example(env);
  const principals = principalsOf(env);
  const matrix = new Map<string, string[]>();
  for (const secret of secretsWithPolicies(json, environment.partition, environment.region, environment.accountId)) {
    const readers: string[] = [];
    for (const [principalArn, identity] of principals) {
      if (
        (await simulate(
          { principalArn, action: "secretsmanager:GetSecretValue", resource: secret.arn },
          identity,
          secret.resourcePolicy,
        )) === "Allowed"
      )
        readers.push(principalArn);
    }
    matrix.set(secret.name, readers.sort());
  }
  return matrix;
}

/**
 * Who reads what, written out from the story and the example configuration (not computed by the
 * code under test): the workloads' roles by access group (the External Secrets Operator reads as them), whoever runs
 * Terraform (dev: the PlatformEngineer permission set, with or without a region segment; staging: the
 * pipeline's role under /ci/; production: HCP Terraform's dynamic-credentials role), the rotation
 * function on the database secret, staging's and production's migration pipelines on the database secret only,
 * and the BreakGlass permission set of every environment (not BreakGlass_ReadOnly).
 */
function expectedReaders(env: string): Record<string, string[]> {
  const { environment } = example(env);
  const email = env === "production" ? "postmark" : "sendgrid";
  const terraform = {
    dev: [ssoRole(environment, "PlatformEngineer"), ssoRole(environment, "PlatformEngineer", false)],
    staging: [role(environment, "ci/qualisys-staging-terraform")],
    production: [role(environment, "hcp-terraform/qualisys-production-terraform")],
  }[env as "dev"];
  // No External Secrets Operator role: each namespace's SecretStore reads as its workload's role.
  const always = [...terraform, ssoRole(environment, "BreakGlass"), ssoRole(environment, "BreakGlass", false)];
  const infra = [role(environment, `qualisys-${env}-api`), ...always];
  // The migration pipelines read the database secret and nothing else of the infra group (issue 18:
  // a compromised workflow must not get the JWT signing key or the Redis token).
  const migrations = env === "dev" ? [] : [role(environment, `qualisys-${env}-ci-migrations`)];
  const table: Record<string, string[]> = {
    "qualisys/database/connection": [...infra, ...migrations, role(environment, `qualisys-${env}-secret-rotation`)],
    "qualisys/redis/connection": infra,
    "qualisys/jwt/signing-key": infra,
    "qualisys/llm/openai": [role(environment, `qualisys-${env}-ai-agent`), ...always],
    "qualisys/llm/anthropic": [role(environment, `qualisys-${env}-ai-agent`), ...always],
    "qualisys/oauth/google": [role(environment, `qualisys-${env}-api`), ...always],
    [`qualisys/email/${email}`]: [role(environment, `qualisys-${env}-api`), ...always],
    // dev's and staging's own: what `npm run verify -- --sync-check` overwrites.
    ...(env !== "production"
      ? { "qualisys/integrations/sync-canary": [role(environment, `qualisys-${env}-api`), ...always] }
      : {}),
  };
  return Object.fromEntries(Object.entries(table).map(([secret, readers]) => [secret, [...readers].sort()]));
}

describe("the access matrix, as an IAM simulator evaluates the synthesized policies", () => {
  it.each(["dev", "staging", "production"])(
    "%s: exactly the expected principals read each secret; administrators outside the list, and look-alike permission sets, do not",
    async (env) => {
      const matrix = await simulatedMatrix(env);
      expect(Object.fromEntries(matrix)).toEqual(expectedReaders(env));
    },
  );

  it.each(["dev", "staging", "production"])(
    "%s: whoever runs Terraform can refresh every secret: describe it, read its version, decrypt it through Secrets Manager",
    async (env) => {
      const { environment, json } = example(env);
      const deployer = expectedReaders(env)["qualisys/jwt/signing-key"]!.find((arn) =>
        /terraform|PlatformEngineer/.test(arn),
      )!;
      const keyName = Object.keys(blocks(json, "resource", "aws_kms_key")).find((n) => n.startsWith("secrets-key"))!;
      const keyArn = arnOfReference(json, `\${aws_kms_key.${keyName}.arn}`, environment);
      const keyPolicy = documentOf(
        json,
        Object.keys(blocks(json, "data", "aws_iam_policy_document")).find((n) => n.startsWith("secrets-key_policy"))!,
        environment,
      );
      for (const secret of secretsWithPolicies(
        json,
        environment.partition,
        environment.region,
        environment.accountId,
      )) {
        for (const action of ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]) {
          expect(
            await simulate(
              { principalArn: deployer, action, resource: secret.arn },
              ADMINISTRATOR,
              secret.resourcePolicy,
            ),
            `${action} ${secret.name}`,
          ).toBe("Allowed");
        }
      }
      const throughSecretsManager = {
        "kms:ViaService": `secretsmanager.${environment.region}.amazonaws.com`,
        "kms:CallerAccount": environment.accountId,
      };
      expect(
        await simulate(
          { principalArn: deployer, action: "kms:Decrypt", resource: keyArn, context: throughSecretsManager },
          ADMINISTRATOR,
          keyPolicy,
        ),
      ).toBe("Allowed");
    },
  );

  it.each(["dev", "staging", "production"])(
    "%s: an administrator outside the list is denied the values, but not the secrets' management (the deny covers reads)",
    async (env) => {
      const { environment, json } = example(env);
      for (const secret of secretsWithPolicies(
        json,
        environment.partition,
        environment.region,
        environment.accountId,
      )) {
        expect(
          await simulate(
            { principalArn: role(environment, "Admin"), action: "secretsmanager:GetSecretValue", resource: secret.arn },
            ADMINISTRATOR,
            secret.resourcePolicy,
          ),
          secret.name,
        ).toBe("ExplicitlyDenied");
        expect(
          await simulate(
            { principalArn: role(environment, "Admin"), action: "secretsmanager:DescribeSecret", resource: secret.arn },
            ADMINISTRATOR,
            secret.resourcePolicy,
          ),
        ).toBe("Allowed");
      }
    },
  );

  it.each(["dev", "staging", "production"])(
    "%s: the rotation function's role reads the database secret and nothing else",
    async (env) => {
      const matrix = await simulatedMatrix(env);
      const rotation = role(example(env).environment, `qualisys-${env}-secret-rotation`);
      expect([...matrix].filter(([, readers]) => readers.includes(rotation)).map(([secret]) => secret)).toEqual([
        "qualisys/database/connection",
      ]);
    },
  );
});

describe("identity policies", () => {
  it.each(["dev", "staging", "production"])(
    "%s: no Secrets Manager or KMS action on *, but GetRandomPassword; no wildcard action",
    (env) => {
      const { environment, json } = example(env);
      for (const statement of identityStatements(json, environment)) {
        const actions = statement.actions ?? [];
        expect(
          actions.filter((a) => a.endsWith("*")),
          statement.sid,
        ).toEqual([]);
        if ((statement.resources ?? []).includes("*")) {
          // GetRandomPassword acts on no resource: AWS accepts only *.
          expect(
            actions.filter(
              (a) =>
                (a.startsWith("secretsmanager:") && a !== "secretsmanager:GetRandomPassword") || a.startsWith("kms:"),
            ),
            statement.sid,
          ).toEqual([]);
        }
      }
    },
  );

  it("give each access group a policy named after the environment that reads its categories by name prefix (its size does not grow with the catalog)", () => {
    const { json } = example("production");
    const policies = Object.values(blocks(json, "resource", "aws_iam_policy"))
      .map((p) => p.name)
      .sort();
    expect(policies).toEqual([
      "production-secrets-read-infra",
      "production-secrets-read-integrations",
      "production-secrets-read-llm",
    ]);
    const document = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) =>
      n.startsWith("access-control_secrets-read-llm"),
    )![1];
    expect(document.statement).toEqual([
      {
        sid: "ReadSecrets",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: ["arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/llm/*"],
      },
      {
        sid: "DecryptSecretsThroughSecretsManager",
        actions: ["kms:Decrypt"],
        resources: [expect.stringMatching(/^\$\{aws_kms_key\.secrets-key_\w+\.arn\}$/)],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.us-east-1.amazonaws.com"] },
        ],
      },
    ]);
  });
});

describe("role trusts", () => {
  const trustOf = (json: TerraformJson, role: string) =>
    Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) =>
      n.startsWith(`access-control_role-${role}_trust`),
    )![1].statement;

  it("pin IRSA roles to the cluster's OIDC provider, the STS audience and one service account", () => {
    const { json } = example("production");
    const issuer = "oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9";
    expect(trustOf(json, "qualisys-production-api")).toEqual([
      {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [`arn:aws:iam::333333333333:oidc-provider/${issuer}`] }],
        condition: [
          { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
          {
            test: "StringEquals",
            variable: `${issuer}:sub`,
            values: ["system:serviceaccount:qualisys-api:qualisys-api"],
          },
        ],
      },
    ]);
  });

  it("pin staging's CI role to one workflow file at one branch (the subject of GitHub's job_workflow_ref template)", () => {
    const { json } = example("staging");
    expect(trustOf(json, "qualisys-staging-ci-migrations")).toEqual([
      expect.objectContaining({
        condition: [
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
          {
            test: "StringEquals",
            variable: "token.actions.githubusercontent.com:sub",
            // see: https://docs.github.com/en/actions/reference/security/oidc (include_claim_keys repo, context, job_workflow_ref)
            values: [
              "repo:qualisys/qualisys:ref:refs/heads/main:job_workflow_ref:qualisys/qualisys/.github/workflows/migrate.yml@refs/heads/main",
            ],
          },
        ],
      }),
    ]);
  });

  it("pin the CI role to one repository and one deployment environment of GitHub Actions", () => {
    const { json } = example("production");
    expect(trustOf(json, "qualisys-production-ci-migrations")).toEqual([
      expect.objectContaining({
        principals: [
          {
            type: "Federated",
            identifiers: ["arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com"],
          },
        ],
        condition: [
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
          {
            test: "StringEquals",
            variable: "token.actions.githubusercontent.com:sub",
            values: ["repo:qualisys/qualisys:environment:production"],
          },
        ],
      }),
    ]);
  });

  it("attach exactly the access groups the config names", () => {
    const { json } = example("staging");
    const attachments = blocksNamed(
      json,
      "resource",
      "aws_iam_role_policy_attachment",
      "access-control_role-qualisys-staging-api",
    );
    expect(attachments.map((a) => a.policy_arn).sort()).toEqual([
      expect.stringMatching(/secrets-read-infra/),
      expect.stringMatching(/secrets-read-integrations/),
    ]);
  });
});

describe("secret resource policies", () => {
  it("exist on every secret, with public policies blocked and a read deny naming the readers by aws:PrincipalArn (who they are: the matrix above)", () => {
    const { environment, json } = example("production");
    const secrets = secretsWithPolicies(json, environment.partition, environment.region, environment.accountId);
    expect(secrets).toHaveLength(7);
    for (const policy of Object.values(blocks(json, "resource", "aws_secretsmanager_secret_policy")))
      expect(policy.block_public_policy).toBe(true);
    for (const secret of secrets) {
      const deny = secret.resourcePolicy.find((s) => s.sid === "DenyReadExceptAllowedRoles")!;
      expect(deny).toMatchObject({
        effect: "Deny",
        actions: ["secretsmanager:GetSecretValue"],
        principals: [{ type: "AWS", identifiers: ["*"] }],
      });
      expect(deny.condition).toEqual([
        {
          test: "ArnNotLike",
          variable: "aws:PrincipalArn",
          values: expect.arrayContaining([
            "arn:aws:iam::333333333333:role/hcp-terraform/qualisys-production-terraform",
          ]),
        },
      ]);
    }
  });
});

describe("changes to the secrets' resource policies", () => {
  it.each(["dev", "staging", "production"])(
    "%s: only whoever runs Terraform and break glass may change or delete them; an administrator cannot remove the read guard",
    async (env) => {
      const { environment, json } = example(env);
      const terraform = expectedReaders(env)["qualisys/jwt/signing-key"]!.find((arn) =>
        /terraform|PlatformEngineer/.test(arn),
      )!;
      for (const secret of secretsWithPolicies(
        json,
        environment.partition,
        environment.region,
        environment.accountId,
      )) {
        for (const action of ["secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"]) {
          expect(
            await simulate(
              { principalArn: role(environment, "Admin"), action, resource: secret.arn },
              ADMINISTRATOR,
              secret.resourcePolicy,
            ),
            `${action} ${secret.name}`,
          ).toBe("ExplicitlyDenied");
          expect(
            await simulate(
              { principalArn: terraform, action, resource: secret.arn },
              ADMINISTRATOR,
              secret.resourcePolicy,
            ),
          ).toBe("Allowed");
          expect(
            await simulate(
              { principalArn: ssoRole(environment, "BreakGlass"), action, resource: secret.arn },
              ADMINISTRATOR,
              secret.resourcePolicy,
            ),
          ).toBe("Allowed");
        }
      }
    },
  );
});
