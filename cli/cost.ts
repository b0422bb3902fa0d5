/**
 * `npm run cost [-- --environment <name>] [-- --json]`: the estimated monthly cost of each example
 * environment (or one), line by line, from its configuration and the prices of tooling/aws-prices.ts.
 */
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { estimateMonthlyCost, renderCostTable } from "../tooling/cost-estimate";
import { runCommand } from "./command";

const USAGE = `Usage: npm run cost [-- --environment <name>] [-- --json]

The estimated monthly cost of each example environment (or one), line by line, from its configuration
and the dated prices of tooling/aws-prices.ts.`;

runCommand(USAGE, { environment: { type: "string" }, json: { type: "boolean", default: false } }, (values) => {
  const all = resolveEnvironments(exampleEnvironments);
  const chosen = values.environment === undefined ? all : all.filter((e) => e.name === values.environment);
  if (chosen.length === 0) {
    console.error(
      `--environment: no example environment named ${JSON.stringify(values.environment)} (one of ${all.map((e) => e.name).join(", ")})`,
    );
    return 2;
  }
  if (values.json)
    console.log(JSON.stringify(Object.fromEntries(chosen.map((e) => [e.name, estimateMonthlyCost(e)])), null, 2));
  else console.log(renderCostTable(chosen));
  return 0;
});
