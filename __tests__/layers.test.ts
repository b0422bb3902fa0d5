import { describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import { readFileSync } from "node:fs";
import path from "node:path";
import tseslint from "typescript-eslint";

const root = path.resolve(__dirname, "..");

/** Lints `code` as if it were the file at `file` (nothing is written), with the project's import rules alone. */
async function importProblems(file: string, code: string): Promise<string[]> {
  // eslint.config.mjs is ES modules; its layer rules are what `npm run lint` applies.
  const { layerRules } = (await import(path.join(root, "eslint.config.mjs"))) as { layerRules: object };
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, layerRules],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("npm run lint keeps test-only libraries out of what the commands run", () => {
  it("fails on tooling importing a devDependency (the IAM simulator), and lets a test import it", async () => {
    const { dependencyRules } = (await import(path.join(root, "eslint.config.mjs"))) as { dependencyRules: object };
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, dependencyRules],
    });
    const code = 'import { runSimulation } from "@cloud-copilot/iam-simulate";\nexport const x = runSimulation;\n';
    const lint = async (file: string) =>
      (await eslint.lintText(code, { filePath: path.join(root, file) }))[0]!.messages.map((m) => m.ruleId);
    expect(await lint("tooling/verify/throwaway.ts")).toEqual(["import-x/no-extraneous-dependencies"]);
    expect(await lint("__tests__/helpers/throwaway.ts")).toEqual([]);
  });
});

describe("npm run lint keeps files and functions readable", () => {
  it("fails on a function over 60 lines and a file over 250 in the layers that grow, and not in the tests", async () => {
    const { sizeRules } = (await import(path.join(root, "eslint.config.mjs"))) as { sizeRules: object };
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, sizeRules],
    });
    const longFunction = `export function f(): number {\n${"  void 0;\n".repeat(60)}  return 1;\n}\n`;
    const longFile = "export const x = 1;\n".repeat(251);
    const lint = async (code: string, file: string) =>
      (await eslint.lintText(code, { filePath: path.join(root, file) }))[0]!.messages.map((m) => m.ruleId);
    expect(await lint(longFunction, "config/throwaway.ts")).toEqual(["max-lines-per-function"]);
    expect(await lint(longFile, "tooling/throwaway.ts")).toEqual(["max-lines"]);
    expect(await lint(longFunction + longFile, "__tests__/throwaway.ts")).toEqual([]);
  });
});

describe("npm run lint keeps imports running downward", () => {
  it("fails on a command's code importing the tests' and benchmarks' harness, and lets a bench import it", async () => {
    const code = 'import { startPostgres } from "../../harness/postgres";\nexport const x = startPostgres;\n';
    expect(await importProblems("tooling/verify/throwaway.ts", code)).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*harness\/ serves the tests and the benchmarks/),
    ]);
    expect(
      await importProblems(
        "bench/throwaway.ts",
        'import { startPostgres } from "../harness/postgres";\nexport const x = startPostgres;\n',
      ),
    ).toEqual([]);
  });

  it("fails on an upward import: the catalog importing a stack", async () => {
    const problems = await importProblems(
      "catalog/throwaway.ts",
      'import { addEnvironmentStacks } from "../stacks/app";\nexport const x = addEnvironmentStacks;\n',
    );
    expect(problems).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*catalog\/ is below .*stacks/)]);
  });

  it("fails on a construct importing build tooling above it, and the rotation function importing the project", async () => {
    expect(
      await importProblems(
        "constructs/throwaway.ts",
        'import { synthesizeToDirectory } from "../tooling/synthesize";\nexport const x = synthesizeToDirectory;\n',
      ),
    ).toHaveLength(1);
    expect(
      await importProblems(
        "lambda/rotation/throwaway.ts",
        'import { ACCESS_GROUPS } from "../../catalog/secret-catalog";\nexport const x = ACCESS_GROUPS;\n',
      ),
    ).toHaveLength(1);
  });

  it("fails on a cycle inside one layer", async () => {
    // config/environment-config.ts imports config/field-checks.ts; field-checks importing it back closes a cycle.
    const fieldChecks = readFileSync(path.join(root, "config", "field-checks.ts"), "utf8");
    const problems = await importProblems(
      "config/field-checks.ts",
      `import { resolveEnvironments } from "./environment-config";\nexport const y = resolveEnvironments;\n${fieldChecks}`,
    );
    expect(problems).toEqual([expect.stringMatching(/^import-x\/no-cycle: /)]);
  });

  it("passes a downward import", async () => {
    expect(
      await importProblems(
        "stacks/throwaway.ts",
        'import { ManagedSecret } from "../constructs/managed-secret";\nexport const x = ManagedSecret;\n',
      ),
    ).toEqual([]);
  });
});
