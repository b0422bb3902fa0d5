import { beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { OPERATOR_PLACEHOLDER } from "../catalog/secret-catalog";
import { ConfigError } from "../config/config-error";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import type { TerraformJson } from "./helpers/stacks";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..");
const ENVIRONMENTS = ["dev", "staging", "production"];
const SECRET_STACKS = ENVIRONMENTS.map((e) => `secrets-${e}`);
const STACKS = [
  ...SECRET_STACKS,
  ...ENVIRONMENTS.flatMap((e) => [`external-secrets-operator-${e}`, `external-secrets-sync-${e}`]),
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

let outdir: string;
let stdout: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "synth-")), "cdktf.out");
  ({ stdout } = await run("npm", ["run", "--silent", "synth", "--", "--outdir", outdir], { cwd: root }));
});

describe("npm run synth", () => {
  it("writes every stack of the example environments and says where", () => {
    for (const stack of STACKS) {
      expect(existsSync(path.join(outdir, "stacks", stack, "cdk.tf.json")), stack).toBe(true);
      expect(stdout).toContain(path.join(outdir, "stacks", stack, "cdk.tf.json"));
    }
    expect(stdout).toContain(`Synthesized ${STACKS.length} stacks into ${path.join(outdir, "stacks")}`);
  });

  it("produces the same stacks as `cdktf synth`", async () => {
    const cliOut = path.join(mkdtempSync(path.join(os.tmpdir(), "cdktf-cli-")), "out");
    await run("npx", ["cdktf", "synth", "--output", cliOut], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
    });
    expect(readdirSync(path.join(cliOut, "stacks")).sort()).toEqual(readdirSync(path.join(outdir, "stacks")).sort());
    for (const stack of STACKS) {
      expect(readFileSync(path.join(cliOut, "stacks", stack, "cdk.tf.json"), "utf8"), stack).toBe(
        readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"),
      );
    }
  });
});

describe("no secret value in the synthesized output", () => {
  it("reads no environment variable during synthesis but the build switches listed here", () => {
    // Secret values reach the stacks only as Terraform variables, generated values or placeholders, never
    // from the synthesizing process's environment: every process.env read of the code synthesis runs is one of these.
    const allowed = new Set([
      "SYNTH_HCL_OUTPUT", // cdktf's switch to HCL output (the export)
      "QUALISYS_SOURCE_MAPS", // source-mapped stack traces for debugging
      "TERRAFORM_BIN", // which terraform formats the export
      "tooling/terraform-export.ts: (the whole environment)", // handed to `terraform fmt`, which reads no value into the stacks
      "tooling/verify/command.ts: KUBECONFIG", // verify finds the caller's kubeconfig; it synthesizes nothing
    ]);
    const reads: string[] = [];
    for (const folder of ["catalog", "config", "constructs", "kubernetes", "stacks", "tooling", "assets", "cli"]) {
      for (const file of filesUnder(path.join(root, folder)).filter((f) => f.endsWith(".ts"))) {
        const text = readFileSync(file, "utf8");
        for (const match of text.matchAll(/process\.env(?:\.(\w+)|\[([^\]]+)\])?/g)) {
          const name = match[1] ?? match[2] ?? "(the whole environment)";
          const where = `${path.relative(root, file)}: ${name}`;
          if (!allowed.has(name) && !allowed.has(where)) reads.push(where);
        }
      }
    }
    expect(reads).toEqual([]);
  });

  it("gives no variable a default value: the two initial secret values are optional with null, nothing else has a default", () => {
    for (const stack of SECRET_STACKS) {
      const json = JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
      const variables = Object.entries(json.variable ?? {});
      expect(variables.filter(([, v]) => v.sensitive).map(([name]) => name)).toEqual([
        "database_password",
        "redis_auth_token",
      ]);
      for (const [name, variable] of variables)
        if (variable.sensitive) expect(variable.default, name).toBeNull();
        else expect(variable, name).not.toHaveProperty("default");
    }
  });

  it("builds every secret value only from references, the operator placeholder and non-secret constants", () => {
    // The string literals a value may contain: JSON keys, the placeholder, the engine, and the URL's punctuation.
    // "never": the sync canary's initial timestamp (dev), which holds no credential.
    const allowed = new Set([OPERATOR_PLACEHOLDER, "postgres", "alternating-users", "never"]);
    const environments = resolveEnvironments(exampleEnvironments);
    for (const stack of SECRET_STACKS) {
      const json = JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
      let fieldsChecked = 0;
      for (const [name, version] of Object.entries(json.resource?.aws_secretsmanager_secret_version ?? {})) {
        // An initial secret value falls back to the placeholder when not given (it is optional after the first apply).
        const expression = String(version.secret_string ?? version.secret_string_wo).replace(
          /\(var\.(database_password|redis_auth_token) == null\) \? "SET_ME_WITH_put-secret-value" : var\.\1/g,
          "var.$1",
        );
        const object = /^\$\{jsonencode\(\{(.*)\}\)\}$/.exec(expression)?.[1];
        expect(object, `${stack} ${name}`).toBeDefined();
        for (const [, key, value] of object!.matchAll(/"(\w+)" = ("(?:[^"\\]|\\.)*"|[\w.]+)/g)) {
          fieldsChecked++;
          if (value!.startsWith('"')) {
            // A literal: allowed constant, or a template made only of interpolations and URL punctuation.
            const literal = value!.slice(1, -1);
            const rest = literal
              .replace(/\$\{[^}]*\}/g, "")
              .replace(/^postgresql:\/\//, "")
              .replace(/[:@/]/g, "");
            // The superuser secret's ARN (alternating users) names a secret; it holds none.
            const isArn =
              key === "masterarn" && /^arn:aws:secretsmanager:[\w-]+:\d{12}:secret:[\w/+=.@!-]+$/.test(literal);
            expect(allowed.has(literal) || rest === "" || isArn, `${stack} ${name}.${key} = ${value}`).toBe(true);
          } else {
            expect(value, `${stack} ${name}.${key}`).toMatch(
              /^(var\.\w+|random_bytes\.\w+\.hex|ephemeral\.aws_secretsmanager_random_password\.\w+\.random_password)$/,
            );
          }
        }
      }
      // Every field of every catalog secret was looked at.
      const catalog = environments.find((e) => `secrets-${e.name}` === stack)!.catalog;
      expect(fieldsChecked, stack).toBe(catalog.reduce((n, d) => n + Object.keys(d.fields).length, 0));
      expect(fieldsChecked).toBeGreaterThanOrEqual(18);
    }
  });
});

describe("a bad configuration", () => {
  it("fails before writing anything, and leaves the previous output as it was", async () => {
    // Given an output directory from an earlier synth
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "synth-bad-")), "cdktf.out");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "earlier.txt"), "earlier synth");
    const bad = exampleEnvironments.map((e) => (e.name === "production" ? { ...e, region: "moon-1" } : e));
    // When the synth of a bad configuration fails
    await expect(synthesizeToDirectory(bad, dir)).rejects.toThrow(ConfigError);
    // Then the earlier output is untouched and nothing else was written beside it
    expect(readdirSync(dir)).toEqual(["earlier.txt"]);
    expect(readdirSync(path.dirname(dir))).toEqual(["cdktf.out"]);
  });

  /** Runs `npm run synth`'s script after `change` (TypeScript statements on `environments`) altered the example environments. */
  async function synthAfter(change: string): Promise<{ code: number; stderr: string; wroteOutput: boolean }> {
    const project = mkdtempSync(path.join(os.tmpdir(), "bad-config-"));
    const script = path.join(project, "synth-bad.ts");
    writeFileSync(
      script,
      `import { exampleEnvironments } from ${JSON.stringify(path.join(root, "config", "example-environments"))};
const environments = exampleEnvironments as unknown as Record<string, unknown>[];
${change}
void import(${JSON.stringify(path.join(root, "cli", "synth"))});`,
    );
    const result = await run("npx", ["tsx", script, "--outdir", path.join(project, "out")], { cwd: root }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    return { ...result, wroteOutput: existsSync(path.join(project, "out")) };
  }

  it("makes `npm run synth` exit non-zero with the message and no stack trace", async () => {
    const result = await synthAfter(`environments[0]!.accountId = "12345";`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('environment "dev": accountId is "12345"; expected a 12-digit AWS account id');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.wroteOutput).toBe(false);
  });

  it("fails `npm run synth` on a key no setting has, naming the environment, the key and the nearest known key", async () => {
    // recoveryWindowDays: 3 used to synthesize silently with the default of 30 days.
    const result = await synthAfter(`environments[1]!.recoveryWindowDays = 3;`);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").slice(1)).toEqual([
      '  - environment "staging": recoveryWindowDays is not a setting; did you mean recoveryWindowInDays?',
    ]);
    expect(result.wroteOutput).toBe(false);
  });
});
