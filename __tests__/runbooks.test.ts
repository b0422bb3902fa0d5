import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { arnOfReference, documentOf, simulate } from "./helpers/iam-simulator";
import { secretsWithPolicies, type DocumentStatement } from "./helpers/policy-documents";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * Every AWS CLI call of the runbooks, made by the identity its block names ("Run as **operator**" or
 * "Run as **break glass**"), must be allowed by the synthesized policies: an on-call engineer who
 * follows a runbook must not meet an AccessDenied that the runbook did not announce.
 */
const RUNBOOKS = path.resolve(__dirname, "..", "infrastructure", "runbooks");
const ROLES = ["operator", "break glass"] as const;
type Role = (typeof ROLES)[number];

interface Call {
  readonly file: string;
  readonly role: Role;
  readonly service: string;
  readonly command: string;
  readonly line: string;
}

/** The `aws <service> <command>` calls of every shell block, with the identity the block names. */
function runbookCalls(): Call[] {
  const calls: Call[] = [];
  for (const file of readdirSync(RUNBOOKS).filter((f) => f.endsWith(".md"))) {
    const lines = readFileSync(path.join(RUNBOOKS, file), "utf8").split("\n");
    let role: Role | undefined;
    let inBlock = false;
    for (const [i, line] of lines.entries()) {
      const marker = /Run as \*\*(operator|break glass)\*\*/.exec(line);
      if (marker) role = marker[1] as Role;
      if (/^\s*```sh\s*$/.test(line)) {
        inBlock = true;
        continue;
      }
      if (inBlock && /^\s*```\s*$/.test(line)) {
        inBlock = false;
        role = undefined; // each block names its own identity
        continue;
      }
      if (!inBlock) continue;
      for (const [, service, command] of line.matchAll(/\baws\s+([a-z0-9-]+)\s+([a-z0-9-]+)/g)) {
        if (!role)
          throw new Error(
            `${file}:${i + 1}: a block with AWS calls must say "Run as **operator**" or "Run as **break glass**" before it`,
          );
        calls.push({ file, role, service: service!, command: command!, line: line.trim() });
      }
    }
  }
  return calls;
}

/** The IAM action of a CLI command: its name in PascalCase, except where the CLI calls another API. */
function actionOf(call: Call): string {
  // `aws logs tail` reads with FilterLogEvents. see: https://awscli.amazonaws.com/v2/documentation/api/latest/reference/logs/tail.html
  const api: Record<string, string> = { "logs tail": "FilterLogEvents" };
  const name =
    api[`${call.service} ${call.command}`] ??
    call.command.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
  return `${call.service}:${name}`;
}

let outdir: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "runbooks-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});

const ADMINISTRATOR: DocumentStatement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];

describe("the runbooks' commands, under the synthesized policies", () => {
  const calls = runbookCalls();

  it("name an identity for every block of AWS calls, and call secrets of the catalog", () => {
    expect(calls.length).toBeGreaterThan(10);
    expect(new Set(calls.map((c) => c.role))).toEqual(new Set(ROLES));
  });

  it.each(resolveEnvironments(exampleEnvironments).map((e) => [e.name, e] as const))(
    "%s: each call is allowed for the identity its block names",
    async (env, environment) => {
      const json = JSON.parse(
        readFileSync(path.join(outdir, "stacks", `secrets-${env}`, "cdk.tf.json"), "utf8"),
      ) as TerraformJson;
      const place = environment;
      const secrets = secretsWithPolicies(json, environment.partition, environment.region, environment.accountId);
      const keyName = Object.keys(blocks(json, "resource", "aws_kms_key")).find((n) => n.startsWith("secrets-key"))!;
      const keyArn = arnOfReference(json, `\${aws_kms_key.${keyName}.arn}`, place);
      const keyPolicy = documentOf(
        json,
        Object.keys(blocks(json, "data", "aws_iam_policy_document")).find((n) => n.startsWith("secrets-key_policy"))!,
        place,
      );
      const ssoRole = (set: string) =>
        `arn:aws:iam::${environment.accountId}:role/aws-reserved/sso.amazonaws.com/${environment.region}/AWSReservedSSO_${set}_0a1b2c3d4e5f6789`;
      // The operator is an administrator the resource policies do not name; break glass, the configured permission set.
      const principal: Record<Role, string> = { operator: ssoRole("OnCall"), "break glass": ssoRole("BreakGlass") };
      const account = `arn:aws:%s:${environment.region}:${environment.accountId}:`;
      const problems: string[] = [];
      for (const call of calls) {
        const action = actionOf(call);
        const who = principal[call.role];
        let resource = "*";
        let resourcePolicy: DocumentStatement[] | undefined;
        const secretId = /--secret-id\s+(\S+)/.exec(call.line)?.[1];
        if (call.service === "secretsmanager" && secretId) {
          // A placeholder (`<secret>`) stands for any secret of the catalog: the call must be allowed on each.
          const targets = secretId.startsWith("<") ? secrets : secrets.filter((s) => s.name === secretId);
          if (targets.length === 0) problems.push(`${call.file}: ${secretId} is not a secret of ${env}`);
          for (const secret of targets) {
            const decision = await simulate(
              { principalArn: principal[call.role], action, resource: secret.arn },
              ADMINISTRATOR,
              secret.resourcePolicy,
            );
            if (decision !== "Allowed")
              problems.push(`${call.file} (${call.role}): ${action} on ${secret.name} is ${decision}: ${call.line}`);
          }
          if (targets.length !== 1) continue;
          resource = targets[0]!.arn;
          resourcePolicy = targets[0]!.resourcePolicy;
        } else if (call.service === "logs") {
          resource = `${account.replace("%s", "logs")}log-group:/aws/lambda/qualisys-${env}-secret-rotation:*`;
        } else if (call.service === "sqs") {
          resource = `${account.replace("%s", "sqs")}qualisys-${env}-secret-rotation-dlq`;
        }
        const decision = await simulate({ principalArn: who, action, resource }, ADMINISTRATOR, resourcePolicy);
        if (decision !== "Allowed")
          problems.push(`${call.file} (${call.role}): ${action} on ${resource} is ${decision}: ${call.line}`);
        // Reading and writing a value also use the secrets key, through Secrets Manager.
        const keyAction = {
          "secretsmanager:GetSecretValue": "kms:Decrypt",
          "secretsmanager:PutSecretValue": "kms:GenerateDataKey",
        }[action];
        if (keyAction) {
          const context = {
            "kms:ViaService": `secretsmanager.${environment.region}.amazonaws.com`,
            "kms:CallerAccount": environment.accountId,
          };
          const keyDecision = await simulate(
            { principalArn: who, action: keyAction, resource: keyArn, context },
            ADMINISTRATOR,
            keyPolicy,
          );
          if (keyDecision !== "Allowed")
            problems.push(`${call.file} (${call.role}): ${keyAction} through Secrets Manager is ${keyDecision}`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it("would fail a reading step marked for the operator: the resource policies deny the operator every value", async () => {
    const reads = calls.filter((c) => actionOf(c) === "secretsmanager:GetSecretValue");
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((c) => c.role === "break glass")).toBe(true);
    const json = JSON.parse(
      readFileSync(path.join(outdir, "stacks", "secrets-production", "cdk.tf.json"), "utf8"),
    ) as TerraformJson;
    const database = secretsWithPolicies(json, "aws", "us-east-1", "333333333333").find(
      (s) => s.name === "qualisys/database/connection",
    )!;
    const operator =
      "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_OnCall_0a1b2c3d4e5f6789";
    expect(
      await simulate(
        { principalArn: operator, action: "secretsmanager:GetSecretValue", resource: database.arn },
        ADMINISTRATOR,
        database.resourcePolicy,
      ),
    ).toBe("ExplicitlyDenied");
  });
});
