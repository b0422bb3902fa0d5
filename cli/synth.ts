/**
 * `npm run synth [-- --outdir DIR]`: synthesizes every stack of the built-in example
 * environments (default into cdktf.out/), offline and without credentials, and says where the
 * output went. `cdktf synth` builds the same stacks through main.ts.
 */
import "../tooling/fast-stack-traces"; // first: before cdktf loads
import path from "node:path";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { runCommand } from "./command";

const USAGE = `Usage: npm run synth [-- --outdir DIR]

Synthesizes every stack of the example environments (${"config/example-environments.ts"}) into DIR
(default cdktf.out/), offline and without credentials.`;

runCommand(
  USAGE,
  { outdir: { type: "string", default: path.resolve(__dirname, "..", "cdktf.out") } },
  async (values) => {
    const outdir = path.resolve(values.outdir);
    const names = await synthesizeToDirectory(exampleEnvironments, outdir);
    const shown = (p: string) =>
      path.relative(process.cwd(), p).startsWith("..") ? p : path.relative(process.cwd(), p);
    console.log(`Synthesized ${names.length} stacks into ${shown(path.join(outdir, "stacks"))}/:`);
    for (const name of names) console.log(`  ${shown(path.join(outdir, "stacks", name, "cdk.tf.json"))}`);
  },
);
