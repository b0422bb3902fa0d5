import { SECRET_NAME_RULE } from "../catalog/secret-catalog";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { GROWN, scaledEnvironment } from "../config/scaled-example";
import { renderDiagrams } from "./access-diagrams";
import { renderCostTable } from "./cost-estimate";
import { renderAllPrerequisites, renderRunbookPrincipals } from "./deploy-guide";
import {
  renderAccessGroupTable,
  renderAccessMatrix,
  renderApiCostTable,
  renderRotationRefresh,
  renderRotationSchedule,
  renderSecretTable,
  renderValueSourceTable,
} from "./docs-tables";
import { renderPolicySizeTable } from "./policy-sizes";
import { renderThreatTables } from "./threat-table";

/** Which generated regions each document holds, by path from the project root. */
export const GENERATED_DOCUMENTS: Readonly<Record<string, readonly string[]>> = {
  "infrastructure/README.md": [
    "naming-rule",
    "access-groups",
    "policy-sizes",
    "secret-table",
    "value-sources",
    "access-matrix",
    "api-cost",
    "cost-estimate",
    "access-diagrams",
    "threat-table",
  ],
  "infrastructure/runbooks/rotation-schedule.md": ["rotation-schedule"],
  "infrastructure/runbooks/scheduled-rotation.md": ["rotation-refresh"],
  "infrastructure/runbooks/README.md": ["runbook-principals"],
  "infrastructure/deploy-guide.md": ["deploy-prerequisites"],
};

/** The generated regions of the docs, by marker name. */
export function renderDocRegions(environments: readonly ResolvedEnvironment[]): Record<string, string> {
  const production = environments.find((e) => e.name === "production") ?? environments[environments.length - 1]!;
  return {
    "access-matrix": renderAccessMatrix(production),
    "access-diagrams": renderDiagrams(environments),
    "threat-table": renderThreatTables(environments),
    "cost-estimate": renderCostTable(environments),
    "api-cost": renderApiCostTable(environments),
    "rotation-schedule": renderRotationSchedule(environments),
    "naming-rule": ["```", `qualisys/{category}/{name}        ${SECRET_NAME_RULE}`, "```"].join("\n"),
    "access-groups": renderAccessGroupTable(production),
    "policy-sizes": renderPolicySizes(environments),
    "secret-table": renderSecretTable(environments),
    "value-sources": renderValueSourceTable(environments),
    "runbook-principals": renderRunbookPrincipals(environments),
    "rotation-refresh": renderRotationRefresh(environments),
    "deploy-prerequisites": renderAllPrerequisites(environments),
  };
}

/**
 * The largest policy of each kind, for each environment and for production grown to 1,000 secrets, 50
 * workloads and 10 groups with the readers' roles under a path (computed once per process: it synthesizes).
 */
function renderPolicySizes(environments: readonly ResolvedEnvironment[]): string {
  const key = environments.map((e) => e.name).join();
  let table = policySizeTables.get(key);
  if (table === undefined) {
    const production = exampleEnvironments.find((e) => e.name === "production")!;
    const [grown] = resolveEnvironments([
      scaledEnvironment(production, { ...GROWN, readerRolePath: "/qualisys-readers/" }),
    ]);
    table = renderPolicySizeTable([
      ...environments.map((environment) => ({ label: environment.name, environment })),
      { label: "production grown: 1,000 secrets, 50 workloads, 10 groups", environment: grown! },
    ]);
    policySizeTables.set(key, table);
  }
  return table;
}
const policySizeTables = new Map<string, string>();

/**
 * Replaces the `<!-- generated:NAME -->...<!-- /generated:NAME -->` regions of a document with
 * `regions[NAME]`, for each name in `names` (default: every region given).
 */
export function fillDocRegions(
  document: string,
  regions: Readonly<Record<string, string>>,
  names: readonly string[] = Object.keys(regions),
): string {
  let filled = document;
  for (const name of names) {
    const content = regions[name];
    if (content === undefined) throw new Error(`no generated region named ${name}`);
    const pattern = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(filled))
      throw new Error(`the document has no region <!-- generated:${name} --> ... <!-- /generated:${name} -->`);
    filled = filled.replace(pattern, (_match, start: string, end: string) => `${start}\n${content}\n${end}`);
  }
  return filled;
}
