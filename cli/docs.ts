/**
 * `npm run docs [-- --check]`: regenerates the tables of the documents in GENERATED_DOCUMENTS
 * (infrastructure/README.md, the deploy guide, the runbooks) and the service control policies of
 * infrastructure/scp/ from the configuration of the example environments. With --check, changes
 * nothing and exits 1 when a file is out of date (the test suite runs the same check).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fillDocRegions, GENERATED_DOCUMENTS, renderDocRegions } from "../tooling/doc-regions";
import { renderServiceControlPolicies } from "../tooling/service-control-policy";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { runCommand } from "./command";

const USAGE = `Usage: npm run docs [-- --check]

Regenerates the generated tables and diagrams of infrastructure/ (README, deploy guide, runbooks) and
the service control policies infrastructure/scp/<env>.json from the configuration. With --check,
changes nothing and exits 1 when a file is out of date.`;

runCommand(USAGE, { check: { type: "boolean", default: false } }, (values) => {
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
  if (values.check) {
    if (stale > 0) return 1;
    console.log("The generated documents and service control policies are current.");
    return 0;
  } else
    console.log(
      stale > 0
        ? `Regenerated ${stale} file${stale === 1 ? "" : "s"}.`
        : "Nothing to regenerate: every generated file was current.",
    );
  return 0;
});
