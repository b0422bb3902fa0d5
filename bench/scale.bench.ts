/**
 * `npm run bench` (scale), each synthesis in a fresh process:
 * 1. production's secrets stack with the story's secrets and with 250, 500 and 1,000: time and peak RSS
 *    as ratios to the story's stack measured in the same run, time per added secret (linear growth keeps
 *    it flat), the resources of the stack, and `terraform validate` of the largest;
 * 2. every stack of production as configured, grown to 1,000 secrets, 50 workloads and 10 groups, and
 *    the same with each new team in stacks of its own: time and peak RSS as ratios to the story's
 *    environment, resources per stack, `terraform validate` of the largest secrets stack, and the largest
 *    policy of each kind against its limit.
 * terraform validate needs terraform and the provider mirror, as the tests do.
 */
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { GROWN, scaledEnvironment } from "../config/scaled-example";
import { largestPolicies } from "../tooling/policy-sizes";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const SIZES = [8, 250, 500, 1000];
const RUNS = 3;

interface Synthesis {
  ms: number;
  rssMb: number;
  /** Resources of the secrets stack (mode "secrets"), or of every stack by name. */
  resources: number;
  perStack: Record<string, number>;
}

function synth(total: number, keep?: string, mode = "secrets"): Synthesis {
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
          SCALE_MODE: mode,
        },
        encoding: "utf8",
      },
    );
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`scale-app ${mode} ${total} failed:\n${result.stderr}`);
    const perStack: Record<string, number> = {};
    for (const stack of readdirSync(path.join(dir, "out", "stacks"))) {
      const json = JSON.parse(readFileSync(path.join(dir, "out", "stacks", stack, "cdk.tf.json"), "utf8")) as {
        resource?: Record<string, Record<string, unknown>>;
      };
      perStack[stack] = Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    }
    return {
      ms,
      rssMb: Number(readFileSync(rssFile, "utf8")) / 1024,
      resources: perStack["secrets-production"] ?? 0,
      perStack,
    };
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

/** `terraform validate` of one synthesized stack, as the tests run it; milliseconds. */
function validate(outdir: string, stack: string): number {
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
  const rc = path.join(outdir, "terraform.rc");
  writeFileSync(
    rc,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }\n}\n`,
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: "1" };
  const dir = path.join(outdir, "out", "stacks", stack);
  execFileSync("terraform", ["init", "-input=false", "-backend=false"], { cwd: dir, env, stdio: "ignore" });
  const started = performance.now();
  execFileSync("terraform", ["validate"], { cwd: dir, env, stdio: "ignore" });
  return performance.now() - started;
}

const largest = mkdtempSync(path.join(os.tmpdir(), "bench-scale-validate-"));
try {
  synth(SIZES[SIZES.length - 1]!, largest);
  console.log(
    `  terraform validate of the ${SIZES[SIZES.length - 1]}-secret stack: ${validate(largest, "secrets-production").toFixed(0)} ms, valid`,
  );
} finally {
  rmSync(largest, { recursive: true, force: true });
}

// 2. The platform: every stack of production, grown by configuration.
const story = Array.from({ length: RUNS }, () => synth(0, undefined, "story"));
const storyMs = median(story.map((s) => s.ms));
const storyRss = Math.max(...story.map((s) => s.rssMb));
const storySecrets = resolveEnvironments(exampleEnvironments.filter((e) => e.name === "production"))[0]!.catalog.length;
console.log(
  `platform benchmark: every stack of production, ${storySecrets} secrets as configured, then ${GROWN.secrets} secrets, ${GROWN.workloads} workloads, ${GROWN.groups} groups`,
);
console.log(
  `  as configured: ${storyMs.toFixed(0)} ms, peak RSS ${storyRss.toFixed(0)} MB, resources ${JSON.stringify(story[0]!.perStack)}`,
);
for (const mode of ["platform", "split"]) {
  const samples = Array.from({ length: RUNS }, () => synth(0, undefined, mode));
  const ms = median(samples.map((s) => s.ms));
  const rss = Math.max(...samples.map((s) => s.rssMb));
  const stacks = Object.entries(samples[0]!.perStack).sort((a, b) => b[1] - a[1]);
  console.log(
    `  ${mode === "platform" ? "grown, one secrets stack" : "grown, a stack per new team"}: ${ms.toFixed(0)} ms (x${(ms / storyMs).toFixed(2)}; ` +
      `${((ms - storyMs) / (GROWN.secrets - storySecrets)).toFixed(1)} ms per added secret), peak RSS ${rss.toFixed(0)} MB (x${(rss / storyRss).toFixed(2)}), ` +
      `${stacks.length} stacks: ${stacks.map(([name, n]) => `${name} ${n}`).join(", ")}`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-platform-"));
  try {
    synth(0, dir, mode);
    const biggest = stacks.find(([name]) => name.startsWith("secrets-"))![0];
    console.log(`    terraform validate of ${biggest}: ${validate(dir, biggest).toFixed(0)} ms, valid`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const production = exampleEnvironments.find((e) => e.name === "production")!;
const [platform] = resolveEnvironments([
  scaledEnvironment(production, { ...GROWN, readerRolePath: "/qualisys-readers/" }),
]);
console.log("  largest policy of each kind (grown, one secrets stack), characters against AWS's limit:");
for (const p of largestPolicies(platform!))
  console.log(`    ${p.kind}: ${p.size} of ${p.limit} (${Math.round((100 * p.size) / p.limit)} %)`);
