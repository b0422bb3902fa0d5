import "./tooling/fast-stack-traces"; // first: before cdktf loads
import { App } from "cdktf";
import { ConfigError } from "./config/config-error";
import { resolveEnvironments } from "./config/environment-config";
import { exampleEnvironments } from "./config/example-environments";
import { addEnvironmentStacks, prepareEnvironmentStacks } from "./stacks/app";

// Run by `cdktf synth` (cdktf.json); `npm run synth` (cli/synth.ts) builds the same stacks.
async function main(): Promise<void> {
  // Validate first: new App() creates the output directory, and a bad value must write nothing.
  const environments = resolveEnvironments(exampleEnvironments);
  await prepareEnvironmentStacks(environments); // ESO's models, for the sync stacks' manifests
  // No stack traces in construct metadata: they never reach the output, and each costs a capture.
  const app = new App({ stackTraces: false });
  addEnvironmentStacks(app, environments);
  app.synth();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
