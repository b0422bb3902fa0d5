/**
 * `npm run export [-- --check]`: synthesizes every stack and writes the reviewable Terraform layout to
 * infrastructure/terraform/<stack>/ (see tooling/terraform-export.ts). With --check, changes nothing and
 * exits 1 showing the difference when the committed files are not what the code produces; the test suite
 * runs the same check. Needs terraform (for `terraform fmt`).
 */
import "../tooling/fast-stack-traces"; // first: before cdktf loads
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exampleEnvironments } from "../config/example-environments";
import { renderTerraformExport, TERRAFORM_DIR } from "../tooling/terraform-export";
import { runCommand } from "./command";

const root = path.resolve(__dirname, "..");

function writeAll(files: Map<string, Buffer>, base: string): void {
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
    writeFileSync(path.join(base, file), content);
  }
}

const USAGE = `Usage: npm run export [-- --check]

Writes the reviewable Terraform of every stack to ${TERRAFORM_DIR}/<stack>/ (needs terraform, for
terraform fmt). With --check, changes nothing and exits 1 showing the difference when the committed
files are not what the code produces.`;

async function main(values: { check?: boolean }): Promise<number> {
  const files = await renderTerraformExport(exampleEnvironments);
  if (values.check) {
    const expected = mkdtempSync(path.join(os.tmpdir(), "terraform-export-check-"));
    try {
      writeAll(files, expected);
      execFileSync(
        "diff",
        [
          "-ru",
          "--exclude=.terraform",
          "--exclude=.terraform.lock.hcl",
          path.join(root, TERRAFORM_DIR),
          path.join(expected, TERRAFORM_DIR),
        ],
        { stdio: "inherit" },
      );
    } catch {
      console.error(
        `\n${TERRAFORM_DIR} is not what the code produces (lines with + are what it should be): run npm run export`,
      );
      return 1;
    } finally {
      rmSync(expected, { recursive: true, force: true });
    }
    console.log(`${TERRAFORM_DIR} is what the code produces (${files.size} files).`);
  } else {
    rmSync(path.join(root, TERRAFORM_DIR), { recursive: true, force: true });
    writeAll(files, root);
    console.log(`Wrote ${files.size} files under ${TERRAFORM_DIR}/`);
  }
  return 0;
}

runCommand(USAGE, { check: { type: "boolean", default: false } }, main);
