import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { simulate } from "./helpers/iam-simulator";
import { mergedSecretsStacks } from "./helpers/merged-stacks";
import { roleIdentityStatements, secretsWithPolicies, type DocumentStatement } from "./helpers/policy-documents";
import { blocks, type TerraformJson } from "./helpers/stacks";
import { productionWithWorker } from "./helpers/worker-environment";
import { withJobsStack } from "./helpers/team-stack-environment";

const ACCOUNT = "333333333333";
let whole: string;
let split: string;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "team-stacks-"));
  whole = path.join(dir, "whole");
  split = path.join(dir, "split");
  await synthesizeToDirectory([productionWithWorker()], whole);
  await synthesizeToDirectory([withJobsStack(productionWithWorker())], split);
  return () => rmSync(dir, { recursive: true, force: true });
});
const stackJson = (outdir: string, stack: string) =>
  JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
const names = (json: TerraformJson, type: string, attribute = "name") =>
  Object.values(blocks(json, "resource", type)).map((b) => String(b[attribute]));

describe("a group in a stack of its own (access.groups.<group>.ownStack)", () => {
  it("moves the group's secrets, read policy, role and ExternalSecrets, and nothing else, to stacks of their own", () => {
    const main = stackJson(split, "secrets-production");
    const team = stackJson(split, "secrets-production-jobs");
    expect(names(team, "aws_secretsmanager_secret")).toEqual(["qualisys/queue/broker"]);
    expect(names(team, "aws_iam_policy")).toEqual(["production-secrets-read-jobs"]);
    expect(names(team, "aws_iam_role")).toEqual(["qualisys-production-worker"]);
    expect(names(main, "aws_secretsmanager_secret")).not.toContain("qualisys/queue/broker");
    expect(names(main, "aws_iam_role")).not.toContain("qualisys-production-worker");
    // The environment's stack keeps the key, trail, alerts and rotation; the team's finds the key by alias.
    expect(Object.keys(blocks(team, "resource", "aws_kms_key"))).toEqual([]);
    expect(Object.values(blocks(team, "data", "aws_kms_key")).map((k) => k.key_id)).toEqual(["alias/qualisys/secrets"]);
    expect(Object.keys(blocks(team, "resource", "aws_cloudtrail"))).toEqual([]);
    // Everything else of the environment's stack is as it was without the split.
    const before = stackJson(whole, "secrets-production");
    const without = (json: TerraformJson, type: string) =>
      Object.keys(blocks(json, "resource", type)).filter((n) => !/worker|jobs|queue_broker/.test(n));
    for (const type of Object.keys(before.resource!)) expect(without(main, type), type).toEqual(without(before, type));
    const syncOf = (stack: string) =>
      Object.values(blocks(stackJson(split, stack), "resource", "kubernetes_manifest")).map(
        (m) => (m.manifest as { metadata: { namespace: string } }).metadata.namespace,
      );
    expect(new Set(syncOf("external-secrets-sync-production-jobs"))).toEqual(new Set(["qualisys-worker"]));
    expect(syncOf("external-secrets-sync-production")).not.toContain("qualisys-worker");
  });

  it("has a state of its own, and is deployed after the environment's stack", () => {
    const manifest = JSON.parse(readFileSync(path.join(split, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(manifest.stacks["secrets-production-jobs"]!.dependencies).toEqual(["secrets-production"]);
    expect(manifest.stacks["external-secrets-sync-production-jobs"]!.dependencies).toEqual([
      "external-secrets-operator-production",
    ]);
    const workspace = (stack: string) =>
      (stackJson(split, stack).terraform as unknown as { cloud: { workspaces: { name: string } } }).cloud.workspaces
        .name;
    expect(workspace("secrets-production-jobs")).toBe("qualisys-secrets-production-jobs");
    expect(workspace("secrets-production")).toBe("qualisys-secrets-production");
  });

  it("keeps who reads what exactly as it was, as the IAM simulator evaluates every principal on every secret", async () => {
    const matrix = async (json: TerraformJson) => {
      const identities = roleIdentityStatements(json, "aws", "us-east-1", ACCOUNT);
      const admin: DocumentStatement[] = [{ effect: "Allow", actions: ["*"], resources: ["*"] }];
      const outsiders = [
        "hcp-terraform/qualisys-production-terraform",
        "hcp-terraform/qualisys-production-terraform-plan",
        "aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_BreakGlass_0a1b2c3d4e5f6789",
        "Admin",
      ].map((p) => `arn:aws:iam::${ACCOUNT}:role/${p}`);
      for (const arn of outsiders) identities.set(arn, admin);
      const result: Record<string, string[]> = {};
      for (const secret of secretsWithPolicies(json, "aws", "us-east-1", ACCOUNT)) {
        const readers: string[] = [];
        for (const [principal, statements] of identities) {
          const request = { principalArn: principal, action: "secretsmanager:GetSecretValue", resource: secret.arn };
          if ((await simulate(request, statements, secret.resourcePolicy)) === "Allowed") readers.push(principal);
        }
        result[secret.name] = readers.sort();
      }
      return result;
    };
    const before = await matrix(stackJson(whole, "secrets-production"));
    const after = await matrix(mergedSecretsStacks(split, ["secrets-production", "secrets-production-jobs"]));
    expect(Object.keys(before)).toHaveLength(8);
    expect(after).toEqual(before);
  });
});
