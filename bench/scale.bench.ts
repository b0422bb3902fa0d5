/**
 * `npm run bench` (scale): production's secrets stack with the story's secrets and with 250, 500 and
 * 1,000, each synthesized in a fresh process: time and peak RSS as ratios to the story's stack measured
 * in the same run, time per added secret (linear growth keeps it flat), the resources of the stack, and
 * `terraform validate` of the largest (needs terraform and the provider mirror, as the tests do).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const SIZES = [8, 250, 500, 1000];
const RUNS = 3;

function synth(total: number, keep?: string): { ms: number; rssMb: number; resources: number } {
  const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), "bench-scale-"));
  const rssFile = path.join(dir, "rss");
  try {
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [
        "--disable-warning=DEP0044",
        "--import",
        "tsx",
        "--import",
        path.join(root, "bench", "report-rss.mjs"),
        path.join(root, "bench", "scale-app.ts"),
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          CDKTF_OUTDIR: path.join(dir, "out"),
          BENCH_RSS_FILE: rssFile,
          SCALE_SECRETS: String(total),
        },
        encoding: "utf8",
      },
    );
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`scale-app ${total} failed:\n${result.stderr}`);
    const json = JSON.parse(
      readFileSync(path.join(dir, "out", "stacks", "secrets-production", "cdk.tf.json"), "utf8"),
    ) as {
      resource: Record<string, Record<string, unknown>>;
    };
    const resources = Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return { ms, rssMb: Number(readFileSync(rssFile, "utf8")) / 1024, resources };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

synth(SIZES[0]!); // warm-up
const results = SIZES.map((total) => {
  const samples = Array.from({ length: RUNS }, () => synth(total));
  return {
    total,
    ms: median(samples.map((s) => s.ms)),
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
    resources: samples[0]!.resources,
  };
});
const base = results[0]!;
console.log(
  `scale benchmark: production's secrets stack, median of ${RUNS} fresh processes each (node ${process.version})`,
);
for (const r of results)
  console.log(
    `  ${String(r.total).padStart(5)} secrets: ${r.ms.toFixed(0).padStart(6)} ms (x${(r.ms / base.ms).toFixed(2)}), peak RSS ${r.rssMb.toFixed(0)} MB (x${(r.rssMb / base.rssMb).toFixed(2)}), ${r.resources} resources` +
      (r.total > base.total ? `, ${((r.ms - base.ms) / (r.total - base.total)).toFixed(1)} ms per added secret` : ""),
  );

// terraform validate of the largest stack, as the tests run it.
const largest = mkdtempSync(path.join(os.tmpdir(), "bench-scale-validate-"));
try {
  synth(SIZES[SIZES.length - 1]!, largest);
  const registry = execFileSync(
    "find",
    ["/", "-xdev", "-maxdepth", "4", "-type", "d", "-name", "registry.terraform.io"],
    {
      encoding: "utf8",
    },
  )
    .split("\n")
    .find(Boolean);
  const mirror = process.env.TF_PROVIDER_MIRROR ?? (registry ? path.dirname(registry) : undefined);
  if (!mirror)
    throw new Error("no provider mirror (TF_PROVIDER_MIRROR): terraform validate needs hashicorp/aws 5.100.0");
  const rc = path.join(largest, "terraform.rc");
  writeFileSync(
    rc,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }\n}\n`,
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: "1" };
  const dir = path.join(largest, "out", "stacks", "secrets-production");
  execFileSync("terraform", ["init", "-input=false", "-backend=false"], { cwd: dir, env, stdio: "ignore" });
  const started = performance.now();
  execFileSync("terraform", ["validate"], { cwd: dir, env, stdio: "ignore" });
  console.log(
    `  terraform validate of the ${SIZES[SIZES.length - 1]}-secret stack: ${(performance.now() - started).toFixed(0)} ms, valid`,
  );
} finally {
  rmSync(largest, { recursive: true, force: true });
}
