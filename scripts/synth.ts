/**
 * `npm run synth`: synthesizes every stack of the built-in example environments into
 * cdktf.out/, offline and without credentials, then says where the output went.
 *
 * The app writes into a fresh directory beside cdktf.out and the result replaces cdktf.out only
 * when synthesis succeeded, so a failure never leaves a half-written cdktf.out behind.
 */
import { App, TerraformStack } from "cdktf";
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { addEnvironmentStacks } from "../stacks/app";
import { ConfigError } from "../stacks/config-error";
import { resolveEnvironments } from "../stacks/environment-config";
import { exampleEnvironments } from "../stacks/environments";

const projectRoot = path.resolve(__dirname, "..");
const outdir = path.join(projectRoot, "cdktf.out");

function main(): void {
  const environments = resolveEnvironments(exampleEnvironments);
  const staging = mkdtempSync(path.join(projectRoot, "cdktf.out.tmp-"));
  try {
    const app = new App({ outdir: staging });
    addEnvironmentStacks(app, environments);
    app.synth();
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    const names = app.node.children.filter((child) => TerraformStack.isStack(child)).map((stack) => stack.node.id);
    console.log(`Synthesized ${names.length} stacks into ${path.relative(process.cwd(), outdir) || "."}/stacks/:`);
    for (const name of names) console.log(`  ${path.relative(process.cwd(), path.join(outdir, "stacks", name, "cdk.tf.json"))}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  // A configuration error is the user's to fix: its message says what and where; no stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
