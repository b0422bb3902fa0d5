/**
 * `npm run verify -- --environment <name> [--json] [--context <ctx>] [--rotate] [--sync-check]`: the
 * story's acceptance criteria (AC1–AC12) against the deployed environment, with the caller's AWS
 * credentials and kubeconfig. Exits 1 when a criterion fails, 2 when verify cannot run.
 */
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { runVerifyCommand } from "../tooling/verify/command";

void runVerifyCommand(process.argv.slice(2), {
  environments: resolveEnvironments(exampleEnvironments),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).then((code) => {
  process.exitCode = code;
});
