/**
 * `npm run docs [-- --check]`: regenerates the tables of the documents in GENERATED_DOCUMENTS
 * (infrastructure/README.md, the rotation schedule runbook) from the secret catalog of the example environments. With --check, changes nothing and exits 1 when the file is
 * out of date (the test suite runs the same check).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fillDocRegions, GENERATED_DOCUMENTS, renderDocRegions } from "../tooling/docs-tables";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const regions = renderDocRegions(resolveEnvironments(exampleEnvironments));
let stale = 0;
for (const [document, names] of Object.entries(GENERATED_DOCUMENTS)) {
  const file = path.resolve(__dirname, "..", document);
  const current = readFileSync(file, "utf8");
  const filled = fillDocRegions(current, regions, names);
  if (filled === current) continue;
  stale++;
  if (values.check) console.error(`${path.relative(process.cwd(), file)} is out of date: run npm run docs`);
  else writeFileSync(file, filled);
}
if (values.check && stale > 0) process.exitCode = 1;
