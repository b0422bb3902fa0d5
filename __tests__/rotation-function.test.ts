import { beforeAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildFunctionArchive } from "../assets/rotation-function-archive";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { SecretsStack } from "../stacks/secrets-stack";
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { arnOfReference, documentOf, SECRET_SUFFIX, simulate } from "./helpers/iam-simulator";
import { blockNamed, blocks, onlyBlock, synthSecretsStack, testNetwork, type TerraformJson } from "./helpers/stacks";

interface Statement {
  sid: string;
  effect?: string;
  actions: string[];
  resources: string[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/** The examples, synthesized once with validations on: production (VPC endpoint), staging (alternating users), dev. */
const stacks: Record<string, { stack: SecretsStack; json: TerraformJson }> = {};
beforeAll(() => {
  for (const environment of resolveEnvironments(exampleEnvironments)) {
    const stack = new SecretsStack(Testing.app(), `secrets-${environment.name}`, { environment });
    stacks[environment.name] = { stack, json: JSON.parse(Testing.synth(stack, true)) as TerraformJson };
  }
});

/** The function's permission statements, as synthesized. */
const statementsOf = (env: string): Statement[] => {
  const documents = Object.entries(blocks(stacks[env]!.json, "data", "aws_iam_policy_document"));
  return documents.find(([name]) => name.startsWith("rotation-function_permissions"))![1].statement as Statement[];
};
const dbSecretArnRef = "${aws_secretsmanager_secret.database_connection.arn}";

/** Where production's resources would be. */
const production = { partition: "aws", region: "us-east-1", accountId: "333333333333" };
const rotationRoleArn = "arn:aws:iam::333333333333:role/qualisys-production-secret-rotation";
const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-1:333333333333:secret:${name}-${SECRET_SUFFIX}`;
const documentNamed = (json: TerraformJson, prefix: string) =>
  Object.keys(blocks(json, "data", "aws_iam_policy_document")).find((name) => name.startsWith(prefix))!;

describe("the rotation function's permissions, evaluated by an IAM simulator", () => {
  const json = () => stacks.production!.json;
  const identity = () => documentOf(json(), documentNamed(json(), "rotation-function_permissions"), production);
  const secretPolicy = (slug: string) =>
    documentOf(json(), documentNamed(json(), `${slug}_resource-policy_document`), production);
  const keyPolicy = () => documentOf(json(), documentNamed(json(), "secrets-key_policy"), production);
  const secretsKeyArn = () => {
    const name = Object.keys(blocks(json(), "resource", "aws_kms_key")).find((n) => n.startsWith("secrets-key"))!;
    return arnOfReference(json(), `\${aws_kms_key.${name}.arn}`, production);
  };
  const asRotation = (action: string, resource: string, context?: Record<string, string>) => ({
    principalArn: rotationRoleArn,
    action,
    resource,
    context,
  });

  it.each([
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
  ])("may %s on the database secret, and on no other secret", async (action) => {
    expect(
      await simulate(
        asRotation(action, secretArn("qualisys/database/connection")),
        identity(),
        secretPolicy("database_connection"),
      ),
    ).toBe("Allowed");
    expect(
      await simulate(asRotation(action, secretArn("qualisys/llm/openai")), identity(), secretPolicy("llm_openai")),
    ).not.toBe("Allowed");
  });

  it.each([
    "secretsmanager:DeleteSecret",
    "secretsmanager:PutResourcePolicy",
    "secretsmanager:RotateSecret",
    "secretsmanager:UpdateSecret",
  ])("may not %s, even on the secret it rotates", async (action) => {
    expect(
      await simulate(
        asRotation(action, secretArn("qualisys/database/connection")),
        identity(),
        secretPolicy("database_connection"),
      ),
    ).not.toBe("Allowed");
  });

  it("may generate passwords", async () => {
    expect(await simulate(asRotation("secretsmanager:GetRandomPassword", "*"), identity())).toBe("Allowed");
  });

  it("may decrypt with the secrets key through Secrets Manager, never directly", async () => {
    const key = secretsKeyArn();
    const throughSecretsManager = {
      "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
      "kms:CallerAccount": "333333333333",
    };
    expect(await simulate(asRotation("kms:Decrypt", key, throughSecretsManager), identity(), keyPolicy())).toBe(
      "Allowed",
    );
    expect(
      await simulate(asRotation("kms:Decrypt", key, { "kms:CallerAccount": "333333333333" }), identity(), keyPolicy()),
    ).not.toBe("Allowed");
  });

  it("writes logs only to its own log group, and dead letters only to its own queue", async () => {
    const ownStream =
      "arn:aws:logs:us-east-1:333333333333:log-group:/aws/lambda/qualisys-production-secret-rotation:log-stream:2026/11/30/[$LATEST]abc";
    const otherStream = "arn:aws:logs:us-east-1:333333333333:log-group:/aws/lambda/another-function:log-stream:x";
    expect(await simulate(asRotation("logs:PutLogEvents", ownStream), identity())).toBe("Allowed");
    expect(await simulate(asRotation("logs:PutLogEvents", otherStream), identity())).toBe("ImplicitlyDenied");
    expect(
      await simulate(
        asRotation("sqs:SendMessage", "arn:aws:sqs:us-east-1:333333333333:qualisys-production-secret-rotation-dlq"),
        identity(),
      ),
    ).toBe("Allowed");
    expect(
      await simulate(asRotation("sqs:SendMessage", "arn:aws:sqs:us-east-1:333333333333:another-queue"), identity()),
    ).toBe("ImplicitlyDenied");
  });

  it("uses * as resource only for actions that take no resource in AWS's authorization data, and the network-interface actions Lambda's VPC guide grants on *", async () => {
    // The function never names its network interfaces: Lambda creates them in the function's subnets with
    // these actions, and AWS's guide (and its AWSLambdaVPCAccessExecutionRole) grants them on *.
    // see: https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
    const lambdaVpcActions = [
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ];
    for (const env of ["dev", "staging", "production"]) {
      for (const statement of statementsOf(env).filter((s) => s.resources.includes("*"))) {
        for (const action of statement.actions) {
          const [service, name] = action.split(":") as [string, string];
          expect(
            (await isWildcardOnlyAction(service, name)) || lambdaVpcActions.includes(action),
            `${env} ${statement.sid} ${action}`,
          ).toBe(true);
        }
      }
    }
  });

  it("names no action with a wildcard", () => {
    for (const env of ["dev", "staging", "production"]) {
      for (const s of statementsOf(env))
        expect(
          s.actions.filter((a) => a.includes("*")),
          s.sid,
        ).toEqual([]);
    }
  });

  it("binds the data keys of new versions to the secrets it rotates (a condition the simulator cannot evaluate)", () => {
    const statements = statementsOf("production");
    const generate = statements.filter(
      (s) => s.actions.includes("kms:GenerateDataKey") && s.resources.some((r) => r.includes("secrets-key")),
    );
    expect(generate).toHaveLength(1);
    expect(generate[0]!.condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: [dbSecretArnRef] },
      ]),
    );
  });

  it("read the superuser secret, and find its database through RDS, only for the alternating-users strategy", () => {
    for (const env of ["dev", "staging", "production"]) {
      const master = exampleEnvironments.find((e) => e.name === env)!.rotation!.masterSecretArn!;
      expect(statementsOf(env).find((s) => s.sid === "ReadTheSuperuserSecret")).toMatchObject({
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: [master],
      });
      expect(statementsOf(env).find((s) => s.sid === "FindTheDatabaseOfTheSuperuserSecret")?.actions).toEqual([
        "rds:DescribeDBInstances",
        "rds:DescribeDBClusters",
      ]);
    }
    // A single-user environment reads no superuser secret.
    const { json: singleUser } = synthSecretsStack({ rotation: { network: testNetwork() } });
    const singleUserStatements = blocks(singleUser, "data", "aws_iam_policy_document");
    expect(
      Object.entries(singleUserStatements)
        .filter(([name]) => name.startsWith("rotation-function_permissions"))
        .flatMap(([, d]) => (d.statement as { sid: string }[]).filter((st) => /Superuser/.test(st.sid))),
    ).toEqual([]);
    // an RDS-managed master secret under aws/secretsmanager needs no KMS grant; a customer-managed key gets one
    expect(statementsOf("production").find((s) => s.sid === "DecryptTheSuperuserSecret")).toBeUndefined();
  });

  it("may decrypt a superuser secret under a customer-managed key, through Secrets Manager only", () => {
    const keyArn = "arn:aws:kms:eu-central-1:123456789012:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
    const { json } = synthSecretsStack({
      rotation: {
        network: testNetwork(),
        strategy: "alternating-users",
        masterSecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-1-AbCdEf",
        masterSecretKmsKeyArn: keyArn,
      },
    });
    const document = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([n]) =>
      n.startsWith("rotation-function_permissions"),
    )![1];
    expect((document.statement as Statement[]).find((s) => s.sid === "DecryptTheSuperuserSecret")).toEqual({
      sid: "DecryptTheSuperuserSecret",
      actions: ["kms:Decrypt"],
      resources: [keyArn],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.eu-central-1.amazonaws.com"] },
      ],
    });
  });

  it("reach the role through an inline policy, and a trust limited to Lambda of this account", () => {
    const { json } = stacks.production!;
    const policy = blockNamed(json, "resource", "aws_iam_role_policy", "rotation-function_");
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.rotation-function_permissions_\w+\.json\}$/);
    const trust = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([name]) =>
      name.startsWith("rotation-function_trust"),
    )![1];
    expect(trust.statement).toEqual([
      expect.objectContaining({
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["333333333333"] }],
      }),
    ]);
  });
});

describe("the rotation function", () => {
  it("runs nodejs22.x on arm64 with the configured memory, timeout, concurrency, tracing and encrypted environment", () => {
    const fn = onlyBlock(stacks.production!.json, "resource", "aws_lambda_function");
    expect(fn).toMatchObject({
      function_name: "qualisys-production-secret-rotation",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 256,
      timeout: 30,
      tracing_config: { mode: "Active" },
      kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.operations-key_\w+\.arn\}$/),
      dead_letter_config: {
        target_arn: expect.stringMatching(/^\$\{aws_sqs_queue\.rotation-function_dead-letters_\w+\.arn\}$/),
      },
      environment: {
        variables: {
          AWS_ENDPOINT_URL_SECRETS_MANAGER: "https://secretsmanager.us-east-1.amazonaws.com",
          PASSWORD_LENGTH: "32",
          EXCLUDE_CHARACTERS: "/@\"'\\ ",
          DB_SSL_MODE: "verify-full",
          DB_CA_BUNDLE: "/var/runtime/ca-cert.pem",
        },
      },
      vpc_config: { subnet_ids: ["subnet-0c1b2c3d4e5f60011", "subnet-0c1b2c3d4e5f60012", "subnet-0c1b2c3d4e5f60013"] },
    });
  });

  it("tells the function the database's other names (RDS Proxy endpoints, DNS aliases) only when the configuration lists them", () => {
    const variables = (json: TerraformJson) =>
      (onlyBlock(json, "resource", "aws_lambda_function").environment as { variables: Record<string, string> })
        .variables;
    expect(variables(stacks.production!.json)).not.toHaveProperty("DB_HOST_ALIASES");
    const proxy = "qualisys-proxy.proxy-abcdefghijkl.us-east-1.rds.amazonaws.com";
    const { json } = synthSecretsStack({
      rotation: { network: testNetwork(), hostAliases: [proxy, "db.qualisys.internal"] },
    });
    expect(variables(json).DB_HOST_ALIASES).toBe(`${proxy},db.qualisys.internal`);
  });

  it("reserves no concurrency unless the configuration asks, so that the first apply works in a new account", () => {
    // Lambda refuses PutFunctionConcurrency when the account's unreserved concurrency would fall below 100
    // (UnreservedConcurrentExecutions minimum), which is any reservation while a new account's quota is low.
    // see: https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html
    // see: https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
    for (const env of ["dev", "staging", "production"]) {
      expect(onlyBlock(stacks[env]!.json, "resource", "aws_lambda_function"), env).not.toHaveProperty(
        "reserved_concurrent_executions",
      );
    }
    const { json } = synthSecretsStack({ rotation: { network: testNetwork(), reservedConcurrency: 2 } });
    expect(onlyBlock(json, "resource", "aws_lambda_function").reserved_concurrent_executions).toBe(2);
  });

  it("has its own KMS-encrypted log group with the configured retention, and a KMS-encrypted dead-letter queue", () => {
    const logs = blockNamed(stacks.dev!.json, "resource", "aws_cloudwatch_log_group", "rotation-function_");
    expect(logs).toMatchObject({
      name: "/aws/lambda/qualisys-dev-secret-rotation",
      retention_in_days: 30,
      kms_key_id: expect.stringMatching(/operations-key/),
    });
    expect(
      blockNamed(stacks.production!.json, "resource", "aws_cloudwatch_log_group", "rotation-function_")
        .retention_in_days,
    ).toBe(365);
    expect(onlyBlock(stacks.dev!.json, "resource", "aws_sqs_queue")).toMatchObject({
      kms_master_key_id: expect.stringMatching(/operations-key/),
    });
  });

  it("deploys the bundle the stack synthesized, with its SHA-256 as source_code_hash", () => {
    const { json, stack } = stacks.dev!;
    const fn = onlyBlock(json, "resource", "aws_lambda_function");
    const outdir = Testing.fullSynth(stack); // writes the assets too
    const zip = readFileSync(path.join(outdir, "stacks", "secrets-dev", String(fn.filename)));
    expect(fn.source_code_hash).toBe(createHash("sha256").update(zip).digest("base64"));
    expect(String(fn.filename)).toMatch(/^assets\/[\w-]+\/[0-9a-f]{64}\/rotation-function\.zip$/);
  });

  it("is built byte for byte the same from the same source", () => {
    const first = buildFunctionArchive(mkdtempSync(path.join(os.tmpdir(), "archive-a-")));
    const second = buildFunctionArchive(mkdtempSync(path.join(os.tmpdir(), "archive-b-")));
    expect(second.sha256Hex).toBe(first.sha256Hex);
    expect(readFileSync(second.file).equals(readFileSync(first.file))).toBe(true);
    // and the stacks deploy exactly that archive
    expect(onlyBlock(stacks.production!.json, "resource", "aws_lambda_function").source_code_hash).toBe(
      first.sha256Base64,
    );
  });
});
