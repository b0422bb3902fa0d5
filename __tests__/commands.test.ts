import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * What a user meets first: every npm script answers `--help` with its usage and exit code 0, refuses an
 * unknown option with exit code 2, and reports a misspelled configuration key the way `npm run synth`
 * does: the file, then one line per problem, and no stack trace or source.
 */
const root = path.resolve(__dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const COMMANDS = {
  synth: "cli/synth.ts",
  docs: "cli/docs.ts",
  export: "cli/export-terraform.ts",
  "export:kubernetes": "cli/export-kubernetes.ts",
  cost: "cli/cost.ts",
  verify: "cli/verify.ts",
} as const;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ["--disable-warning=DEP0044", ...args], {
      cwd: root,
      env: { ...process.env, AWS_REGION: "us-east-1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("every command", () => {
  it.each(Object.entries(COMMANDS))("npm run %s -- --help prints its usage and exits 0", async (name, file) => {
    const { code, stdout } = await run([file, "--help"]);
    expect(code).toBe(0);
    expect(stdout.toLowerCase()).toMatch(new RegExp(`^usage: npm run ${name.replace(":", "\\:")}`));
  });

  it.each(Object.entries(COMMANDS))("npm run %s refuses an unknown option with exit code 2", async (_name, file) => {
    const { code, stderr } = await run([file, "--no-such-option"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--no-such-option'");
  });

  it.each(Object.entries(COMMANDS))(
    "npm run %s reports a misspelled configuration key as synth does: the file and one line, no stack trace",
    async (_name, file) => {
      const { code, stderr } = await run(["__tests__/fixtures/with-misspelled-key.ts", file]);
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([
        "config/example-environments.ts: Invalid environment configuration (1 problem):",
        '  - environment "dev": recoveryWindowDays is not a setting; did you mean recoveryWindowInDays?',
      ]);
    },
  );
});
