/**
 * `npm run verify -- --environment <name> [--json] [--context <ctx>] [--rotate] [--sync-check]`: the
 * story's acceptance criteria (AC1–AC12) against the deployed environment, with the caller's AWS
 * credentials and kubeconfig. Exits 1 when a criterion fails, 2 when verify cannot run.
 */
import { ConfigError } from "../config/config-error";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { runVerifyCommand } from "../tooling/verify/command";
import { CONFIGURATION_FILE } from "./command";

let environments: readonly ResolvedEnvironment[] | undefined;
try {
  environments = resolveEnvironments(exampleEnvironments);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // As npm run synth says it: one line per problem, no stack trace.
  console.error(`${CONFIGURATION_FILE}: ${error.message}`);
  process.exitCode = 1;
}
if (environments)
  void runVerifyCommand(process.argv.slice(2), {
    environments,
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then((code) => {
    process.exitCode = code;
  });
