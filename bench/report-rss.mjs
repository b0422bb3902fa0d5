// Preloaded into each benchmarked process: writes its peak resident set size (KiB) to BENCH_RSS_FILE at exit.
import { writeFileSync } from "node:fs";
import process from "node:process";

process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
