import { App, TerraformStack } from "cdktf";
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { addEnvironmentStacks, prepareEnvironmentStacks } from "../stacks/app";
import { resolveEnvironments, type EnvironmentConfig } from "../config/environment-config";

/**
 * Synthesizes every stack of the environments into `outdir` and returns the stack names.
 *
 * All-or-nothing: the configuration is validated before anything is written, the app writes
 * into a fresh directory beside `outdir`, and that directory replaces `outdir` only when
 * synthesis succeeded. A failure leaves `outdir` as it was.
 * @throws ConfigError when a configuration value is bad
 */
export async function synthesizeToDirectory(configs: readonly EnvironmentConfig[], outdir: string): Promise<string[]> {
  const environments = resolveEnvironments(configs);
  await prepareEnvironmentStacks(environments);
  const target = path.resolve(outdir);
  const staging = mkdtempSync(`${target}.tmp-`);
  try {
    const app = new App({ outdir: staging, stackTraces: false }); // as main.ts: same output, faster
    addEnvironmentStacks(app, environments);
    app.synth();
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return app.node.children.filter((child) => TerraformStack.isStack(child)).map((stack) => stack.node.id);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
