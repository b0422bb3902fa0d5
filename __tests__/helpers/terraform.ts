import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Terraform on this machine, set up to install hashicorp/aws from the local provider mirror only. */
export interface TerraformTooling {
  /** Path or name of the terraform binary. */
  readonly bin: string;
  /** Environment for every terraform command: CLI config pointing at the mirror, no checkpoint calls. */
  readonly env: NodeJS.ProcessEnv;
}

const HOW_TO =
  "The tests run real `terraform init` and `terraform validate` against a provider filesystem mirror that holds " +
  "hashicorp/aws 5.100.0 (this machine has no registry access). Set TERRAFORM_BIN to a terraform >= 1.11 binary if it " +
  "is not on the PATH, and TF_PROVIDER_MIRROR to the mirror folder (the parent of its registry.terraform.io folder; " +
  "`find / -xdev -maxdepth 4 -type d -name registry.terraform.io` finds it). `.ci/run` sets both.";

function findMirror(): string | undefined {
  const configured = process.env.TF_PROVIDER_MIRROR;
  if (configured) return configured;
  try {
    const found = execFileSync(
      "find",
      ["/", "-xdev", "-maxdepth", "4", "-type", "d", "-name", "registry.terraform.io"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    const first = found.split("\n").find((line) => line.includes("registry.terraform.io"));
    return first ? path.dirname(first) : undefined;
  } catch (error) {
    // find exits non-zero on unreadable folders but still prints what it found.
    const stdout = (error as { stdout?: string }).stdout ?? "";
    const first = stdout.split("\n").find((line) => line.includes("registry.terraform.io"));
    return first ? path.dirname(first) : undefined;
  }
}

let tooling: TerraformTooling | undefined;

/**
 * Finds terraform and the provider mirror, and writes a CLI config for them.
 * @throws Error saying what is missing and how to provide it (never skips)
 */
export function terraformTooling(): TerraformTooling {
  if (tooling) return tooling;
  const bin = process.env.TERRAFORM_BIN ?? "terraform";
  try {
    execFileSync(bin, ["version"], { stdio: "ignore" });
  } catch {
    throw new Error(`terraform not found (tried "${bin}"). ${HOW_TO}`);
  }
  const mirror = findMirror();
  const awsProvider = mirror && path.join(mirror, "registry.terraform.io", "hashicorp", "aws");
  if (!mirror || !awsProvider || !existsSync(awsProvider)) {
    throw new Error(`no provider mirror with hashicorp/aws found${mirror ? ` at ${mirror}` : ""}. ${HOW_TO}`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "tf-cli-"));
  const cliConfig = path.join(dir, "terraform.rc");
  writeFileSync(
    cliConfig,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`,
  );
  tooling = {
    bin,
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
    },
  };
  return tooling;
}

/** Result of `terraform validate -json`. */
export interface ValidateResult {
  readonly valid: boolean;
  readonly error_count: number;
  readonly diagnostics: readonly { severity: string; summary: string; detail?: string }[];
}

/** Runs `terraform init -backend=false` and `terraform validate -json` in a folder. */
export async function terraformValidate(dir: string): Promise<ValidateResult> {
  const { bin, env } = terraformTooling();
  try {
    await run(bin, ["init", "-input=false", "-backend=false", "-no-color"], { cwd: dir, env });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform init failed in ${dir}:\n${e.stdout ?? ""}${e.stderr ?? ""}`, { cause: error });
  }
  // validate exits 1 on an invalid configuration but still prints its JSON report.
  const { stdout } = await run(bin, ["validate", "-json", "-no-color"], { cwd: dir, env }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  );
  return JSON.parse(stdout) as ValidateResult;
}
