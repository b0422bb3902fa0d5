import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exampleEnvironments } from "../config/example-environments";
import { GROWN, scaledEnvironment } from "../config/scaled-example";
import { App } from "cdktf";
import { resolveEnvironments } from "../config/environment-config";
import { SecretsStack } from "../stacks/secrets-stack";
import { TeamSecretsStack } from "../stacks/team-secrets-stack";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { terraformTooling, terraformValidate, type ValidateResult } from "./helpers/terraform";

// Real `terraform init` + `terraform validate` against the mirrored hashicorp/aws 5.100.0. Write-only mode
// needs no other provider, so every environment is validated in that mode (dev and staging are switched to it).
const writeOnly = exampleEnvironments.map((environment) => ({ ...environment, writeOnlySecrets: true }));
let outdir: string;
const results: Record<string, ValidateResult> = {};

beforeAll(async () => {
  terraformTooling(); // fails here, loudly, when terraform or the mirror is missing
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "validate-")), "out");
  const stacks = (await synthesizeToDirectory(writeOnly, outdir)).filter((name) => name.startsWith("secrets-"));
  const validated = await Promise.all(
    stacks.map(async (name) => [name, await terraformValidate(path.join(outdir, "stacks", name))] as const),
  );
  Object.assign(results, Object.fromEntries(validated));
});

describe("terraform validate (write-only mode)", () => {
  it.each(exampleEnvironments.map((e) => `secrets-${e.name}`))("%s is valid", (stack) => {
    const result = results[stack];
    expect(result, `no validate result for ${stack}`).toBeDefined();
    expect(result!.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result!.valid).toBe(true);
  });

  it("catches a mistake the TypeScript types let through (the check can fail)", async () => {
    // Given a copy of secrets-dev with a KMS key usage the provider does not accept
    const dir = mkdtempSync(path.join(os.tmpdir(), "validate-broken-"));
    const json = JSON.parse(readFileSync(path.join(outdir, "stacks", "secrets-dev", "cdk.tf.json"), "utf8")) as {
      resource: { aws_kms_key: Record<string, Record<string, unknown>> };
    };
    for (const key of Object.values(json.resource.aws_kms_key)) key.key_usage = "ENCRYPT_EVERYTHING";
    writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
    // When terraform validates it, Then it reports the attribute
    const result = await terraformValidate(dir);
    expect(result.valid).toBe(false);
    expect(JSON.stringify(result.diagnostics)).toContain("key_usage");
  });
});

describe("terraform validate of production grown to 1,000 secrets, 50 workloads, 10 groups (issue 21)", () => {
  it("is valid in one secrets stack, and a team's own stack is valid beside it", async () => {
    const production = writeOnly.find((e) => e.name === "production")!;
    const grown = scaledEnvironment(production, { ...GROWN, readerRolePath: "/qualisys-readers/" });
    const split = {
      ...grown,
      access: {
        ...grown.access,
        groups: { ...grown.access.groups, "team-01": { categories: ["team-01"], ownStack: true } },
      },
    };
    // Only the two secrets stacks validated here are synthesized (not the clusters' stacks).
    const outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "validate-grown-")), "out");
    const [wholeEnvironment] = resolveEnvironments([grown]);
    const [splitEnvironment] = resolveEnvironments([{ ...split, name: "split" }]);
    const app = new App({ outdir, stackTraces: false });
    new SecretsStack(app, "secrets-production", { environment: wholeEnvironment! });
    new TeamSecretsStack(app, "secrets-split-team-01", { environment: splitEnvironment!, team: "team-01" });
    app.synth();
    const [whole, team] = await Promise.all([
      terraformValidate(path.join(outdir, "stacks", "secrets-production")),
      terraformValidate(path.join(outdir, "stacks", "secrets-split-team-01")),
    ]);
    expect(whole.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(whole.valid).toBe(true);
    expect(team.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(team.valid).toBe(true);
  });
});
