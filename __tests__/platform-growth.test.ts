import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { renderAccessDiagram } from "../tooling/access-diagrams";
import { renderAccessMatrix } from "../tooling/docs-tables";
import { threatTable } from "../tooling/threat-table";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { simulate } from "./helpers/iam-simulator";
import { roleIdentityStatements, secretsWithPolicies } from "./helpers/policy-documents";
import { blocks, synthSecretsStack, testAccess, testEnvironment, type TerraformJson } from "./helpers/stacks";
import { productionWithWorker } from "./helpers/worker-environment";

// Issue 21's acceptance: a workload added by configuration alone gets everything the story's workloads get.
const WORKER_ROLE = "arn:aws:iam::333333333333:role/qualisys-production-worker";
const BROKER = "qualisys/queue/broker";

let environment: ResolvedEnvironment;
let secretsJson: TerraformJson;
let syncJson: TerraformJson;
beforeAll(async () => {
  const config = productionWithWorker();
  [environment] = resolveEnvironments([config]) as [ResolvedEnvironment];
  const dir = mkdtempSync(path.join(os.tmpdir(), "worker-"));
  await synthesizeToDirectory([config], path.join(dir, "out"));
  const read = (stack: string) =>
    JSON.parse(readFileSync(path.join(dir, "out", "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
  secretsJson = read("secrets-production");
  syncJson = read("external-secrets-sync-production");
  return () => rmSync(dir, { recursive: true, force: true });
});

const manifests = () =>
  Object.values(blocks(syncJson, "resource", "kubernetes_manifest")).map(
    (m) => m.manifest as { kind: string; metadata: { name: string; namespace: string }; spec: Record<string, unknown> },
  );

describe("a new workload `worker`, reading a new group, added by configuration only", () => {
  it("gets a SecretStore in its namespace that reads as its own service account", () => {
    const stores = manifests().filter((m) => m.kind === "SecretStore" && m.metadata.namespace === "qualisys-worker");
    expect(stores).toHaveLength(1);
    expect(stores[0]!.spec).toMatchObject({
      provider: { aws: { service: "SecretsManager", auth: { jwt: { serviceAccountRef: { name: "worker" } } } } },
    });
  });

  it("gets exactly its group's secret synced into its namespace, and no other namespace gets it", () => {
    const externalSecrets = manifests().filter((m) => m.kind === "ExternalSecret");
    expect(
      externalSecrets.filter((m) => m.metadata.namespace === "qualisys-worker").map((m) => m.metadata.name),
    ).toEqual(["queue-broker"]);
    expect(externalSecrets.filter((m) => m.metadata.name === "queue-broker").map((m) => m.metadata.namespace)).toEqual([
      "qualisys-worker",
    ]);
  });

  it("gets its IRSA role, trusting only its service account, with the new group's read policy by category prefix", () => {
    const roles = Object.values(blocks(secretsJson, "resource", "aws_iam_role"));
    const worker = roles.find((r) => r.name === "qualisys-production-worker")!;
    const trust = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(worker.assume_role_policy))![1]!;
    const statements = blocks(secretsJson, "data", "aws_iam_policy_document")[trust]!.statement;
    expect(JSON.stringify(statements)).toContain('"system:serviceaccount:qualisys-worker:worker"');
    const policies = Object.values(blocks(secretsJson, "resource", "aws_iam_policy"));
    expect(policies.map((p) => p.name)).toContain("production-secrets-read-jobs");
    const broker = Object.values(blocks(secretsJson, "resource", "aws_secretsmanager_secret")).find(
      (s) => s.name === BROKER,
    )!;
    expect(broker.tags).toEqual({ Category: "queue", AccessGroup: "jobs", Rotation: "manual-quarterly" });
  });

  it("reads exactly its group, as an IAM simulator evaluates the synthesized identity and resource policies", async () => {
    const identities = roleIdentityStatements(secretsJson, "aws", "us-east-1", "333333333333");
    const secrets = secretsWithPolicies(secretsJson, "aws", "us-east-1", "333333333333");
    const readable = async (principal: string) => {
      const names: string[] = [];
      for (const secret of secrets) {
        const request = { principalArn: principal, action: "secretsmanager:GetSecretValue", resource: secret.arn };
        if ((await simulate(request, identities.get(principal)!, secret.resourcePolicy)) === "Allowed")
          names.push(secret.name);
      }
      return names;
    };
    expect(await readable(WORKER_ROLE)).toEqual([BROKER]);
    // And no other workload or pipeline role reads the new group.
    for (const other of [
      "qualisys-production-api",
      "qualisys-production-ai-agent",
      "qualisys-production-ci-migrations",
    ])
      expect(await readable(`arn:aws:iam::333333333333:role/${other}`), other).not.toContain(BROKER);
  });

  it("appears in the access matrix, the threat table and the access diagram", () => {
    const matrix = renderAccessMatrix(environment);
    expect(matrix).toContain("| `qualisys-production-worker` | secrets-read-jobs |");
    expect(matrix).toMatch(/\| namespace `qualisys-worker` \(External Secrets\) \| consumed by the Worker pods \|/);
    const table = threatTable(environment);
    expect(table.classes.map((c) => c.id)).toContain("qualisys-production-worker");
    expect(table.cells.get("qualisys-production-worker")!.get("read")!.outcome).toBe("allowed");
    const diagram = renderAccessDiagram(environment);
    expect(diagram).toContain("SecretStore qualisys-worker/aws-secrets-manager (as worker)");
    expect(diagram).toContain("queue/broker");
  });
});

describe("the readers' roles under a path (access.readerRolePath)", () => {
  it("creates the roles under it, and each still reads exactly its grants through the resource policies", async () => {
    const { json } = synthSecretsStack({ access: testAccess({ readerRolePath: "/qualisys-readers/" }) });
    const roles = Object.values(blocks(json, "resource", "aws_iam_role")).filter((r) =>
      String(r.name).startsWith("test-"),
    );
    expect(roles.map((r) => [r.name, r.path]).sort()).toEqual([
      ["test-ai-agent", "/qualisys-readers/"],
      ["test-api", "/qualisys-readers/"],
    ]);
    const identities = roleIdentityStatements(json, "aws", "eu-central-1", "123456789012");
    const agent = "arn:aws:iam::123456789012:role/qualisys-readers/test-ai-agent";
    const readable: string[] = [];
    for (const secret of secretsWithPolicies(json, "aws", "eu-central-1", "123456789012")) {
      const request = { principalArn: agent, action: "secretsmanager:GetSecretValue", resource: secret.arn };
      if ((await simulate(request, identities.get(agent)!, secret.resourcePolicy)) === "Allowed")
        readable.push(secret.name);
    }
    expect(readable.sort()).toEqual(["qualisys/llm/anthropic", "qualisys/llm/openai"]);
  });

  it("refuses a path IAM would refuse", () => {
    expect(() =>
      resolveEnvironments([{ ...testEnvironment, access: testAccess({ readerRolePath: "qualisys-readers" }) }]),
    ).toThrow(
      `environment "test": access.readerRolePath is "qualisys-readers"; expected an IAM path: '/' or segments of letters, digits and +=,.@_- between slashes, e.g. /qualisys-readers/`,
    );
  });
});
