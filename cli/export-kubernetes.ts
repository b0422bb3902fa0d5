/**
 * `npm run export:kubernetes [-- --check]`: writes infrastructure/kubernetes/external-secrets/<env>/
 * (values.yaml, and per namespace its SecretStore and ExternalSecrets) from the same objects the stacks
 * synthesize, for a GitOps tool that applies YAML. With --check, changes nothing and exits 1 listing what
 * differs (the test suite runs the same check).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffFiles, filesUnder, GITOPS_DIR, renderGitOpsFiles } from "../tooling/gitops-export";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { runCommand } from "./command";

const USAGE = `Usage: npm run export:kubernetes [-- --check]

Writes ${GITOPS_DIR}/<env>/ (the chart values and each namespace's SecretStore and ExternalSecrets) for
a GitOps tool. With --check, changes nothing and exits 1 listing what differs.`;

const root = path.resolve(__dirname, "..");
runCommand(USAGE, { check: { type: "boolean", default: false } }, (values) => {
  const expected = renderGitOpsFiles(resolveEnvironments(exampleEnvironments));
  const differences = diffFiles(expected, filesUnder(root, GITOPS_DIR));
  if (values.check) {
    if (differences.length > 0) {
      console.error(
        `${GITOPS_DIR} is not what the code produces (run npm run export:kubernetes):\n${differences.map((d) => `  ${d}`).join("\n")}`,
      );
      return 1;
    }
    console.log(`${GITOPS_DIR} is what the code produces (${expected.size} files).`);
    return 0;
  }
  rmSync(path.join(root, GITOPS_DIR), { recursive: true, force: true });
  for (const [file, content] of expected) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  console.log(`Wrote ${expected.size} files under ${GITOPS_DIR}/`);
  return 0;
});
