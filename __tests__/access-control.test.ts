import { beforeAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { SecretsStack } from "../stacks/secrets-stack";
import { evaluate, roleIdentityStatements, secretsWithPolicies, type DocumentStatement } from "./helpers/access-evaluator";
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
  return [...roleIdentityStatements(json, environment.partition, environment.region, environment.accountId).values()].flat();
}

/** Who may read each secret, by evaluating the synthesized policies. Principals without a synthesized identity get `identity`. */
function evaluatedMatrix(name: string, extra: Record<string, DocumentStatement[]>): Map<string, Set<string>> {
  const { environment, json } = example(name);
  const identities = roleIdentityStatements(json, environment.partition, environment.region, environment.accountId);
  for (const [arn, statements] of Object.entries(extra)) if (!identities.has(arn)) identities.set(arn, statements);
  const matrix = new Map<string, Set<string>>();
  for (const secret of secretsWithPolicies(json, environment.partition, environment.region, environment.accountId)) {
    const readers = new Set<string>();
    for (const [principalArn, identity] of identities) {
      if (evaluate({ principalArn, action: "secretsmanager:GetSecretValue", resource: secret.arn }, identity, secret.resourcePolicy) === "allow") readers.add(principalArn);
    }
    matrix.set(secret.name, readers);
  }
  return matrix;
}

const readAll = (environment: ResolvedEnvironment): DocumentStatement[] => [
  { effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: [`arn:aws:secretsmanager:${environment.region}:${environment.accountId}:secret:qualisys/*`] },
];
const roleArn = (environment: ResolvedEnvironment, name: string) => `arn:aws:iam::${environment.accountId}:role/${name}`;

describe("the access matrix, evaluated from the synthesized policies", () => {
  it.each(["dev", "staging", "production"])("%s: API pods read database, redis, jwt, oauth and e-mail, and nothing in llm; AI agents read only llm", (env) => {
    const { environment } = example(env);
    const matrix = evaluatedMatrix(env, {});
    const readsOf = (role: string) => [...matrix].filter(([, readers]) => readers.has(roleArn(environment, role))).map(([secret]) => secret).sort();
    expect(readsOf(`qualisys-${env}-api`)).toEqual(
      ["qualisys/database/connection", "qualisys/redis/connection", "qualisys/jwt/signing-key", "qualisys/oauth/google", `qualisys/email/${environment.emailProvider}`].sort(),
    );
    expect(readsOf(`qualisys-${env}-ai-agent`)).toEqual(["qualisys/llm/anthropic", "qualisys/llm/openai"]);
  });

  it.each(["dev", "staging", "production"])("%s: a principal with secretsmanager:* on * but not among the readers is denied every secret", (env) => {
    const { environment, json } = example(env);
    const intruder = roleArn(environment, "broad-admin");
    const identity: DocumentStatement[] = [{ effect: "Allow", actions: ["secretsmanager:*"], resources: ["*"] }];
    for (const secret of secretsWithPolicies(json, environment.partition, environment.region, environment.accountId)) {
      expect(evaluate({ principalArn: intruder, action: "secretsmanager:GetSecretValue", resource: secret.arn }, identity, secret.resourcePolicy), secret.name).toBe("explicit-deny");
      // and the resource policy does not stop its management actions (the deny covers reads only)
      expect(evaluate({ principalArn: intruder, action: "secretsmanager:DescribeSecret", resource: secret.arn }, identity, secret.resourcePolicy)).toBe("allow");
    }
  });

  /**
   * Who reads what, written out from the story and the example configuration (not computed by the
   * code under test): the workloads' roles by access group, the External Secrets Operator and
   * Terraform everywhere, the rotation function on the database secret, staging's and production's
   * migration pipelines on the infra group, and production's break-glass role everywhere.
   */
  const expectedReaders: Record<string, Record<string, string[]>> = (() => {
    const table: Record<string, Record<string, string[]>> = {};
    for (const env of ["dev", "staging", "production"]) {
      const email = env === "production" ? "postmark" : "sendgrid";
      const always = [`qualisys-${env}-external-secrets`, `qualisys-${env}-terraform`, ...(env === "production" ? ["qualisys-break-glass"] : [])];
      const infra = [`qualisys-${env}-api`, ...(env === "dev" ? [] : [`qualisys-${env}-ci-migrations`]), ...always];
      table[env] = {
        "qualisys/database/connection": [...infra, `qualisys-${env}-secret-rotation`],
        "qualisys/redis/connection": infra,
        "qualisys/jwt/signing-key": infra,
        "qualisys/llm/openai": [`qualisys-${env}-ai-agent`, ...always],
        "qualisys/llm/anthropic": [`qualisys-${env}-ai-agent`, ...always],
        "qualisys/oauth/google": [`qualisys-${env}-api`, ...always],
        [`qualisys/email/${email}`]: [`qualisys-${env}-api`, ...always],
      };
    }
    return table;
  })();

  it.each(["dev", "staging", "production"])("%s: exactly the expected principals read each secret, however broad anyone's identity policy", (env) => {
    const { environment } = example(env);
    // The operator's, Terraform's and the break-glass roles live outside this stack: give them, and a stranger, broad reads; the resource policy decides.
    const outside = Object.fromEntries(
      [environment.access.externalSecretsRoleName, environment.access.deployerRoleName, "qualisys-break-glass", "someone-else"].map((name) => [roleArn(environment, name), readAll(environment)]),
    );
    const matrix = evaluatedMatrix(env, outside);
    expect([...matrix.keys()].sort()).toEqual(Object.keys(expectedReaders[env]!).sort());
    for (const [secret, readers] of matrix) {
      expect([...readers].sort(), secret).toEqual(expectedReaders[env]![secret]!.map((name) => roleArn(environment, name)).sort());
    }
  });
});

describe("identity policies", () => {
  it.each(["dev", "staging", "production"])("%s: no Secrets Manager or KMS action on *, but GetRandomPassword; no wildcard action", (env) => {
    const { environment, json } = example(env);
    for (const statement of identityStatements(json, environment)) {
      const actions = statement.actions ?? [];
      expect(actions.filter((a) => a.endsWith("*")), statement.sid).toEqual([]);
      if ((statement.resources ?? []).includes("*")) {
        // GetRandomPassword acts on no resource: AWS accepts only *.
        expect(actions.filter((a) => (a.startsWith("secretsmanager:") && a !== "secretsmanager:GetRandomPassword") || a.startsWith("kms:")), statement.sid).toEqual([]);
      }
    }
  });

  it("give each access group a policy named after the environment that reads its secrets by exact ARN pattern", () => {
    const { json } = example("production");
    const policies = Object.values(blocks(json, "resource", "aws_iam_policy")).map((p) => p.name).sort();
    expect(policies).toEqual(["production-secrets-read-infra", "production-secrets-read-integrations", "production-secrets-read-llm"]);
    const document = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) => n.startsWith("access-control_secrets-read-llm"))![1];
    expect(document.statement).toEqual([
      {
        sid: "ReadSecrets",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: [
          "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/llm/openai-??????",
          "arn:aws:secretsmanager:us-east-1:333333333333:secret:qualisys/llm/anthropic-??????",
        ],
      },
      {
        sid: "DecryptSecretsThroughSecretsManager",
        actions: ["kms:Decrypt"],
        resources: [expect.stringMatching(/^\$\{aws_kms_key\.secrets-key_\w+\.arn\}$/)],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.us-east-1.amazonaws.com"] }],
      },
    ]);
  });
});

describe("role trusts", () => {
  const trustOf = (json: TerraformJson, role: string) =>
    Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) => n.startsWith(`access-control_role-${role}_trust`))![1].statement;

  it("pin IRSA roles to the cluster's OIDC provider, the STS audience and one service account", () => {
    const { json } = example("production");
    const issuer = "oidc.eks.us-east-1.amazonaws.com/id/2A1B2C3D4E5F60718293A4B5C6D7E8F9";
    expect(trustOf(json, "qualisys-production-api")).toEqual([
      {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [`arn:aws:iam::333333333333:oidc-provider/${issuer}`] }],
        condition: [
          { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
          { test: "StringEquals", variable: `${issuer}:sub`, values: ["system:serviceaccount:qualisys-api:qualisys-api"] },
        ],
      },
    ]);
  });

  it("pin the CI role to one repository and one deployment environment of GitHub Actions", () => {
    const { json } = example("production");
    expect(trustOf(json, "qualisys-production-ci-migrations")).toEqual([
      expect.objectContaining({
        principals: [{ type: "Federated", identifiers: ["arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com"] }],
        condition: [
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:sub", values: ["repo:qualisys/qualisys:environment:production"] },
        ],
      }),
    ]);
  });

  it("attach exactly the access groups the config names", () => {
    const { json } = example("staging");
    const attachments = blocksNamed(json, "resource", "aws_iam_role_policy_attachment", "access-control_role-qualisys-staging-api");
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
    for (const policy of Object.values(blocks(json, "resource", "aws_secretsmanager_secret_policy"))) expect(policy.block_public_policy).toBe(true);
    for (const secret of secrets) {
      const deny = secret.resourcePolicy.find((s) => s.sid === "DenyReadExceptAllowedRoles")!;
      expect(deny).toMatchObject({ effect: "Deny", actions: ["secretsmanager:GetSecretValue"], principals: [{ type: "AWS", identifiers: ["*"] }] });
      expect(deny.condition).toEqual([{ test: "StringNotEquals", variable: "aws:PrincipalArn", values: expect.arrayContaining([`arn:aws:iam::333333333333:role/qualisys-production-terraform`]) }]);
    }
  });
});

describe("the evaluator the matrix relies on", () => {
  const request = { principalArn: "arn:aws:iam::123456789012:role/app", action: "secretsmanager:GetSecretValue", resource: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:qualisys/llm/openai-Ab3dE9" };
  const allow: DocumentStatement = { effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:eu-central-1:123456789012:secret:qualisys/llm/openai-??????"] };

  it("allows on an identity allow, and denies implicitly without one", () => {
    expect(evaluate(request, [allow], [])).toBe("allow");
    expect(evaluate(request, [], [])).toBe("implicit-deny");
  });

  it("matches ?????? to exactly six characters", () => {
    expect(evaluate({ ...request, resource: `${request.resource.slice(0, -6)}-other-Ab3dE9` }, [allow], [])).toBe("implicit-deny");
  });

  it("lets an explicit deny of the resource policy win, unless its condition exempts the principal", () => {
    const deny: DocumentStatement = {
      effect: "Deny",
      actions: ["secretsmanager:GetSecretValue"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: ["*"] }],
      condition: [{ test: "StringNotEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::123456789012:role/reader"] }],
    };
    expect(evaluate(request, [allow], [deny])).toBe("explicit-deny");
    expect(evaluate({ ...request, principalArn: "arn:aws:iam::123456789012:role/reader" }, [allow], [deny])).toBe("allow");
  });

  it("refuses a condition it cannot evaluate", () => {
    const odd: DocumentStatement = { ...allow, condition: [{ test: "StringEquals", variable: "aws:SourceVpc", values: ["vpc-1"] }] };
    expect(() => evaluate(request, [odd], [])).toThrow("the evaluator does not know the condition key aws:SourceVpc");
  });
});
