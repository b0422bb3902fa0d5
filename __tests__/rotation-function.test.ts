import { beforeAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildFunctionArchive } from "../lambda/bundle";
import { resolveEnvironments } from "../stacks/environment-config";
import { exampleEnvironments } from "../stacks/environments";
import { SecretsStack } from "../stacks/secrets-stack";
import { blockNamed, blocks, onlyBlock, type TerraformJson } from "./helpers/stacks";

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

describe("the rotation function's permissions", () => {
  it("allow the four secret actions on the database secret's ARN only", () => {
    const statements = statementsOf("production");
    const secretActions = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"];
    const granting = statements.filter((s) => s.actions.some((a) => secretActions.includes(a)));
    expect(granting).toHaveLength(1);
    expect(granting[0]!.actions.sort()).toEqual([...secretActions].sort());
    expect(granting[0]!.resources).toEqual([dbSecretArnRef]);
  });

  it("use * only where AWS accepts no narrower resource: GetRandomPassword, network interfaces, X-Ray", () => {
    const wildcards = statementsOf("production").filter((s) => s.resources.includes("*"));
    expect(wildcards.map((s) => s.sid).sort()).toEqual(["GeneratePasswords", "ManageNetworkInterfacesInTheVpc", "WriteTraces"]);
    expect(wildcards.find((s) => s.sid === "GeneratePasswords")?.actions).toEqual(["secretsmanager:GetRandomPassword"]);
    expect(wildcards.find((s) => s.sid === "WriteTraces")?.actions).toEqual(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]);
    for (const s of wildcards) expect(s.actions.some((a) => a.startsWith("kms:") || (a.startsWith("secretsmanager:") && a !== "secretsmanager:GetRandomPassword"))).toBe(false);
  });

  it("name no action with a wildcard", () => {
    for (const env of ["dev", "staging", "production"]) {
      for (const s of statementsOf(env)) expect(s.actions.filter((a) => a.includes("*")), s.sid).toEqual([]);
    }
  });

  it("use the secrets key only for this secret, through Secrets Manager", () => {
    const kms = statementsOf("production").find((s) => s.sid === "UseTheSecretsKeyForTheseSecrets")!;
    expect(kms.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(kms.resources).toEqual([expect.stringMatching(/^\$\{aws_kms_key\.secrets-key_\w+\.arn\}$/)]);
    expect(kms.condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: [dbSecretArnRef] },
        { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.us-east-1.amazonaws.com"] },
      ]),
    );
    const describe = statementsOf("production").find((s) => s.sid === "DescribeTheSecretsKey")!;
    expect(describe.actions).toEqual(["kms:DescribeKey"]);
  });

  it("write logs only to its own group and dead letters only to its own queue", () => {
    const logs = statementsOf("production").find((s) => s.sid === "WriteOwnLogsOnly")!;
    expect(logs.resources).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.rotation-function_logs_\w+\.arn\}:\*$/)]);
    const sqs = statementsOf("production").find((s) => s.sid === "SendToOwnDeadLetterQueue")!;
    expect(sqs.actions).toEqual(["sqs:SendMessage"]);
    expect(sqs.resources).toEqual([expect.stringMatching(/^\$\{aws_sqs_queue\.rotation-function_dead-letters_\w+\.arn\}$/)]);
  });

  it("read the superuser secret only for the alternating-users strategy", () => {
    const master = exampleEnvironments.find((e) => e.name === "staging")!.rotation!.masterSecretArn!;
    expect(statementsOf("staging").find((s) => s.sid === "ReadTheSuperuserSecret")).toMatchObject({ actions: ["secretsmanager:GetSecretValue"], resources: [master] });
    expect(statementsOf("production").find((s) => s.sid === "ReadTheSuperuserSecret")).toBeUndefined();
  });

  it("reach the role through an inline policy, and a trust limited to Lambda of this account", () => {
    const { json } = stacks.production!;
    const policy = blockNamed(json, "resource", "aws_iam_role_policy", "rotation-function_");
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.rotation-function_permissions_\w+\.json\}$/);
    const trust = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([name]) => name.startsWith("rotation-function_trust"))![1];
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
      reserved_concurrent_executions: 2,
      tracing_config: { mode: "Active" },
      kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.operations-key_\w+\.arn\}$/),
      dead_letter_config: { target_arn: expect.stringMatching(/^\$\{aws_sqs_queue\.rotation-function_dead-letters_\w+\.arn\}$/) },
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

  it("has its own KMS-encrypted log group with the configured retention, and a KMS-encrypted dead-letter queue", () => {
    const logs = blockNamed(stacks.dev!.json, "resource", "aws_cloudwatch_log_group", "rotation-function_");
    expect(logs).toMatchObject({ name: "/aws/lambda/qualisys-dev-secret-rotation", retention_in_days: 30, kms_key_id: expect.stringMatching(/operations-key/) });
    expect(blockNamed(stacks.production!.json, "resource", "aws_cloudwatch_log_group", "rotation-function_").retention_in_days).toBe(365);
    expect(onlyBlock(stacks.dev!.json, "resource", "aws_sqs_queue")).toMatchObject({ kms_master_key_id: expect.stringMatching(/operations-key/) });
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
    expect(onlyBlock(stacks.production!.json, "resource", "aws_lambda_function").source_code_hash).toBe(first.sha256Base64);
  });
});

describe("the rotation function's network", () => {
  const egress = (env: string) => Object.values(blocks(stacks[env]!.json, "resource", "aws_vpc_security_group_egress_rule"));

  it("lets it out only to the database port inside the VPC and to HTTPS for Secrets Manager", () => {
    expect(egress("dev").map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      ["tcp", 5432, 5432, "10.10.0.0/16"],
      ["tcp", 443, 443, "0.0.0.0/0"],
    ]);
    const group = Object.values(blocks(stacks.dev!.json, "resource", "aws_security_group"));
    expect(group).toHaveLength(1);
    expect(group[0]).not.toHaveProperty("egress");
    expect(group[0]).not.toHaveProperty("ingress");
  });

  it("admits it to the database's security group on the database port", () => {
    const ingress = Object.values(blocks(stacks.dev!.json, "resource", "aws_vpc_security_group_ingress_rule"));
    expect(ingress).toEqual([
      expect.objectContaining({
        security_group_id: "sg-0a1b2c3d4e5f60021",
        from_port: 5432,
        to_port: 5432,
        referenced_security_group_id: expect.stringMatching(/^\$\{aws_security_group\.rotation-function_security-group_\w+\.id\}$/),
      }),
    ]);
  });

  it("with the VPC endpoint option, reaches Secrets Manager through a private-DNS interface endpoint inside the VPC", () => {
    expect(onlyBlock(stacks.production!.json, "resource", "aws_vpc_endpoint")).toMatchObject({
      service_name: "com.amazonaws.us-east-1.secretsmanager",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      vpc_id: "vpc-0c1b2c3d4e5f60001",
    });
    expect(egress("production").find((r) => r.from_port === 443)?.cidr_ipv4).toBe("10.30.0.0/16");
    expect(blocks(stacks.dev!.json, "resource", "aws_vpc_endpoint")).toEqual({});
  });
});
