/**
 * `npm run synth [-- --outdir DIR]`: synthesizes every stack of the built-in example
 * environments (default into cdktf.out/), offline and without credentials, and says where the
 * output went. `cdktf synth` builds the same stacks through main.ts.
 */
import "../tooling/fast-stack-traces"; // first: before cdktf loads
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/config-error";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { outdir: { type: "string", default: path.resolve(__dirname, "..", "cdktf.out") } },
  });
  const outdir = path.resolve(values.outdir);
  const names = await synthesizeToDirectory(exampleEnvironments, outdir);
  const shown = (p: string) => (path.relative(process.cwd(), p).startsWith("..") ? p : path.relative(process.cwd(), p));
  console.log(`Synthesized ${names.length} stacks into ${shown(path.join(outdir, "stacks"))}/:`);
  for (const name of names) console.log(`  ${shown(path.join(outdir, "stacks", name, "cdk.tf.json"))}`);
}

main().catch((error: unknown) => {
  // A configuration error is for the user to fix, and its message says what and where: no stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
