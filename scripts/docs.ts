/**
 * `npm run docs [-- --check]`: regenerates the tables of infrastructure/README.md from the secret
 * catalog of the example environments. With --check, changes nothing and exits 1 when the file is
 * out of date (the test suite runs the same check).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fillDocRegions, renderDocRegions } from "../catalog/docs-tables";
import { resolveEnvironments } from "../stacks/environment-config";
import { exampleEnvironments } from "../stacks/environments";

/** The documents whose generated regions come from the catalog. */
const GENERATED_DOCS = [path.resolve(__dirname, "..", "infrastructure", "README.md")];

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const regions = renderDocRegions(resolveEnvironments(exampleEnvironments));
let stale = 0;
for (const file of GENERATED_DOCS) {
  const current = readFileSync(file, "utf8");
  const filled = fillDocRegions(current, regions);
  if (filled === current) continue;
  stale++;
  if (values.check) console.error(`${path.relative(process.cwd(), file)} is out of date: run npm run docs`);
  else writeFileSync(file, filled);
}
if (values.check && stale > 0) process.exitCode = 1;
