/**
 * `npm run docs [-- --check]`: regenerates the tables of the documents in GENERATED_DOCUMENTS
 * (infrastructure/README.md, the deploy guide, the runbooks) and the service control policies of
 * infrastructure/scp/ from the configuration of the example environments. With --check, changes
 * nothing and exits 1 when a file is out of date (the test suite runs the same check).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fillDocRegions, GENERATED_DOCUMENTS, renderDocRegions } from "../tooling/docs-tables";
import { renderServiceControlPolicies } from "../tooling/service-control-policy";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const environments = resolveEnvironments(exampleEnvironments);
const regions = renderDocRegions(environments);
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
for (const [document, content] of renderServiceControlPolicies(environments)) {
  const file = path.resolve(__dirname, "..", document);
  if (existsSync(file) && readFileSync(file, "utf8") === content) continue;
  stale++;
  if (values.check) console.error(`${path.relative(process.cwd(), file)} is out of date: run npm run docs`);
  else {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
if (values.check && stale > 0) process.exitCode = 1;
