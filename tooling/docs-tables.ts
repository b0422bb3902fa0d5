import { readerRolesOf } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import { groupOfSecret } from "../config/access-groups";
import {
  categoryOf,
  OPERATOR_PLACEHOLDER,
  type FieldSource,
  type RotationPolicy,
  type SecretDefinition,
} from "../catalog/secret-catalog";

/** A catalog entry and the environments that have it. */
interface CatalogRow {
  readonly definition: SecretDefinition;
  readonly environments: string[];
}

/** The union of the environments' catalogs, in catalog order, each entry with the environments that have it. */
function catalogRows(environments: readonly ResolvedEnvironment[]): CatalogRow[] {
  const rows = new Map<string, CatalogRow>();
  for (const environment of environments) {
    for (const definition of environment.catalog) {
      const row = rows.get(definition.name) ?? { definition, environments: [] };
      row.environments.push(environment.name);
      rows.set(definition.name, row);
    }
  }
  return [...rows.values()];
}

const code = (text: string) => `\`${text}\``;

function secretCell(row: CatalogRow, all: number): string {
  return row.environments.length === all
    ? code(row.definition.name)
    : `${code(row.definition.name)} (${row.environments.join(", ")})`;
}

function rotationCell(rotation: RotationPolicy): string {
  return rotation.kind === "automatic"
    ? `every ${rotation.everyDays} days, by the rotation function`
    : `manual, ${rotation.cadence}: ${rotation.procedure}`;
}

function sourceCell(source: FieldSource): string {
  switch (source.kind) {
    case "variable":
      return `Terraform variable ${code(source.variable.name)}${source.variable.sensitive ? " (sensitive)" : ""}`;
    case "constant":
      return `constant ${code(source.value)}`;
    case "copy":
      return `same as ${code(source.field)}`;
    case "postgres-url":
      return "`postgresql://<username>:<password>@<host>:<port>/<database>`, user, password and database URL-encoded";
    case "generated":
      return `generated at apply: ${source.bits}-bit random value`;
    case "operator":
      return `operator, after apply (Terraform writes ${code(OPERATOR_PLACEHOLDER)})`;
  }
}

/** Markdown table of the secrets: name, fields, category, access group, consumers, rotation. */
export function renderSecretTable(environments: readonly ResolvedEnvironment[]): string {
  const lines = ["| Secret | Fields | Category | Access group | Consumers | Rotation |", "|---|---|---|---|---|---|"];
  for (const row of catalogRows(environments)) {
    const { definition } = row;
    const category = categoryOf(definition.name);
    // The first environment that has the secret names its group and its consumers' descriptions.
    const environment = environments.find((e) => row.environments.includes(e.name))!;
    const group = groupOfSecret(environment.access.groups, definition.name)!.name;
    const consumerOf = (c: string) => environment.kubernetes?.workloads.find((w) => w.workload === c)?.description ?? c;
    lines.push(
      `| ${secretCell(row, environments.length)} | ${Object.keys(definition.fields).map(code).join(", ")} | ${category} | ` +
        `${code(`secrets-read-${group}`)} | ${definition.consumers.map(consumerOf).join(", ")} | ` +
        `${rotationCell(definition.rotation)} |`,
    );
  }
  return lines.join("\n");
}

/** Markdown table of where every field's initial value comes from. */
export function renderValueSourceTable(environments: readonly ResolvedEnvironment[]): string {
  const lines = ["| Secret | Field | Initial value |", "|---|---|---|"];
  for (const { definition } of catalogRows(environments)) {
    for (const [field, source] of Object.entries(definition.fields)) {
      lines.push(`| ${code(definition.name)} | ${code(field)} | ${sourceCell(source)} |`);
    }
  }
  return lines.join("\n");
}

/** Markdown table of an environment's access groups (`access.groups`) and the categories each covers. */
export function renderAccessGroupTable(environment: ResolvedEnvironment): string {
  return [
    "| Access group | Categories | What for |",
    "|---|---|---|",
    ...environment.access.groups.map(
      (group) => `| ${code(`secrets-read-${group.name}`)} | ${group.categories.join(", ")} | ${group.description} |`,
    ),
  ].join("\n");
}

/** Markdown table of every secret's rotation: when, how, and who answers for it. */
export function renderRotationSchedule(environments: readonly ResolvedEnvironment[]): string {
  const lines = ["| Secret | When | How | Responsible |", "|---|---|---|---|"];
  for (const row of catalogRows(environments)) {
    const { rotation, responsible } = row.definition;
    const when =
      rotation.kind === "automatic" ? `every ${rotation.everyDays} days (automatic)` : `${rotation.cadence} (manual)`;
    const how =
      rotation.kind === "automatic"
        ? "Secrets Manager runs the rotation function; see [scheduled rotation](scheduled-rotation.md)"
        : `${rotation.procedure}; see [manual rotation](manual-rotation.md)`;
    lines.push(`| ${secretCell(row, environments.length)} | ${when} | ${how} | ${responsible} |`);
  }
  return lines.join("\n");
}

/**
 * Markdown table of who may read which secret in one environment (GetSecretValue), from the access
 * model: a row per role, a row per namespace the External Secrets Operator writes secrets into, a
 * column per secret. The access-matrix test checks the synthesized policies against a table of its own.
 */
export function renderAccessMatrix(environment: ResolvedEnvironment): string {
  const secrets = environment.catalog.map((d) => d.name);
  const readers = new Map<string, string>();
  const readersOf = (name: string) => readerRolesOf(environment.accessModel, name);
  for (const name of secrets) for (const reader of readersOf(name)) readers.set(reader.roleName, reader.reason);
  const lines = [
    `| Who (${environment.name}) | Why | ${secrets.map((n) => code(n.replace(/^qualisys\//, ""))).join(" | ")} |`,
    `|---|---|${secrets.map(() => "---").join("|")}|`,
  ];
  for (const [role, reason] of readers) {
    const cells = secrets.map((name) => (readersOf(name).some((r) => r.roleName === role) ? "read" : "—"));
    const configured = environment.access.roles.find((r) => r.name === role);
    const why = configured
      ? [...configured.accessGroups.map((g) => `secrets-read-${g}`), ...configured.secrets.map((n) => code(n))].join(
          ", ",
        )
      : reason;
    lines.push(`| ${code(role)} | ${why} | ${cells.join(" | ")} |`);
  }
  for (const namespace of [...new Set(environment.accessModel.deliveries.map((d) => d.namespace))]) {
    const delivered = environment.accessModel.deliveries.filter((d) => d.namespace === namespace);
    const cells = secrets.map((name) => (delivered.some((d) => d.secretName === name) ? "synced" : "—"));
    lines.push(
      `| namespace ${code(namespace)} (External Secrets) | ${[...new Set(delivered.map((d) => d.reason))].join("; ")} | ${cells.join(" | ")} |`,
    );
  }
  lines.push(
    `| any other principal, even with \`secretsmanager:*\` on \`*\`: \`GetSecretValue\` (the other paths to a value: the threat table) | — | ${secrets.map(() => "denied").join(" | ")} |`,
  );
  return lines.join("\n");
}

/** For each environment's rotated secrets: the strategy, and how often the operator re-reads them and why. */
export function renderRotationRefresh(environments: readonly ResolvedEnvironment[]): string {
  const lines = ["| Environment | Strategy | Secret | Refresh | Why |", "|---|---|---|---|---|"];
  for (const environment of environments) {
    if (!environment.rotation) continue;
    for (const delivery of environment.accessModel.deliveries) {
      const definition = environment.catalog.find((d) => d.name === delivery.secretName)!;
      if (definition.rotation.kind !== "automatic") continue;
      lines.push(
        `| ${environment.name} | ${environment.rotation.strategy} | ${code(delivery.secretName)} in ${code(delivery.namespace)} | ${delivery.refresh.interval} | ${delivery.refresh.why} |`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * Secrets Manager prices used for the cost note: per secret and month, and per 10,000 API calls.
 * see: https://aws.amazon.com/secrets-manager/pricing/ (us-east-1, read 2026-11; check for your region)
 */
export const SECRETS_MANAGER_PRICES = { perSecretMonth: 0.4, per10kCalls: 0.05 } as const;

/** Monthly GetSecretValue calls of the operator and their cost, per environment: one read per refresh per ExternalSecret. */
export function renderApiCostTable(environments: readonly ResolvedEnvironment[]): string {
  const money = (n: number) => `$${n.toFixed(2)}`;
  const lines = [
    "| Environment | ExternalSecrets | Refresh | GetSecretValue calls / month | API cost / month | Secrets | Storage / month | Total / month |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const environment of environments) {
    const kubernetes = environment.kubernetes;
    if (!kubernetes) continue;
    const externalSecrets = environment.accessModel.deliveries.length;
    // One GetSecretValue per refresh per ExternalSecret, each at its own interval (rotated secrets may refresh faster).
    const calls = Math.round(
      environment.accessModel.deliveries.reduce((n, d) => n + (30 * 24 * 3600) / d.refresh.seconds, 0),
    );
    const apiCost = (calls / 10_000) * SECRETS_MANAGER_PRICES.per10kCalls;
    const storage = environment.catalog.length * SECRETS_MANAGER_PRICES.perSecretMonth;
    lines.push(
      `| ${environment.name} | ${externalSecrets} | ${[...new Set(environment.accessModel.deliveries.map((d) => d.refresh.interval))].join(", ")} | ${calls.toLocaleString("en-US")} | ${money(apiCost)} | ${environment.catalog.length} | ${money(storage)} | ${money(apiCost + storage)} |`,
    );
  }
  return lines.join("\n");
}
