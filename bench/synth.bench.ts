/**
 * `npm run bench`: times synthesis of every stack of every example environment (main.ts) against,
 * in the same run, a one-resource cdktf app (bench/one-resource-app.ts) run the same way, and prints
 * both medians, both peak RSS figures and the ratios. Runs alternate, after one warm-up run each, so
 * that both see the same machine. Targets: time ratio <= 1.5, peak RSS <= 300 MB.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(__dirname, "..");
const { values } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
const runs = Number(values.runs);

interface Sample {
  readonly ms: number;
  readonly rssMb: number;
}

function runOnce(entry: string): Sample {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const rssFile = path.join(dir, "rss");
  try {
    const started = performance.now();
    // One node process, the way `cdktf synth` runs the app (tsx as a loader, no extra CLI process).
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "--import", path.join(root, "bench", "report-rss.mjs"), entry],
      {
        cwd: root,
        env: { ...process.env, CDKTF_OUTDIR: path.join(dir, "out"), BENCH_RSS_FILE: rssFile },
        encoding: "utf8",
      },
    );
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`${entry} failed:\n${result.stderr}`);
    return { ms, rssMb: Number(readFileSync(rssFile, "utf8")) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const subjects = {
  "all stacks (main.ts)": path.join(root, "main.ts"),
  "one-resource app (baseline)": path.join(root, "bench", "one-resource-app.ts"),
};
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
for (const entry of Object.values(subjects)) runOnce(entry); // warm-up: file-system cache, tsx cache
for (let i = 0; i < runs; i++) {
  for (const [name, entry] of Object.entries(subjects)) samples[name]!.push(runOnce(entry));
}

const [full, baseline] = Object.keys(subjects).map((name) => ({
  name,
  ms: median(samples[name]!.map((s) => s.ms)),
  rssMb: Math.max(...samples[name]!.map((s) => s.rssMb)),
}));
console.log(`synthesis benchmark, ${runs} alternating runs each (node ${process.version}, ${os.cpus().length} cores)`);
for (const r of [full!, baseline!])
  console.log(
    `  ${r.name.padEnd(30)} median ${r.ms.toFixed(0).padStart(6)} ms   peak RSS ${r.rssMb.toFixed(0).padStart(4)} MB`,
  );
const ratio = full!.ms / baseline!.ms;
console.log(
  `  time ratio (all stacks / baseline): ${ratio.toFixed(2)}   target <= 1.5: ${ratio <= 1.5 ? "met" : "MISSED"}`,
);
console.log(`  RSS ratio  (all stacks / baseline): ${(full!.rssMb / baseline!.rssMb).toFixed(2)}`);
console.log(
  `  peak RSS of all stacks: ${full!.rssMb.toFixed(0)} MB   target <= 300 MB: ${full!.rssMb <= 300 ? "met" : "MISSED"}`,
);
