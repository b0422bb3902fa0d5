import { rotationFunctionName } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import { cellOf } from "./threat-cells";

/** The kinds of principal the threat table has a row for. */
export type ThreatClassKind =
  | "workload"
  | "ci"
  | "rotation"
  | "terraform"
  | "terraform-plan"
  | "break-glass"
  | "power-user"
  | "iam-admin"
  | "other-account";

/** One row: a class of principal. */
export interface ThreatClass {
  /** Stable id: the role's name, or the kind. */
  readonly id: string;
  readonly kind: ThreatClassKind;
  /** How the docs name it. */
  readonly label: string;
}

/** The paths to a secret's value, the table's columns. */
export const THREAT_PATHS = [
  {
    id: "read",
    title: "Direct read",
    calls: "GetSecretValue; BatchGetSecretValue (needs GetSecretValue on each secret)",
  },
  {
    id: "write-then-rotate",
    title: "Write, then rotate",
    calls:
      "PutSecretValue / UpdateSecretVersionStage on the rotated secret, then the function runs (RotateSecret or an invoke)",
  },
  {
    id: "replace-function",
    title: "Replace the function",
    calls: "UpdateFunctionCode, UpdateFunctionConfiguration, CreateFunction + iam:PassRole of its role",
  },
  {
    id: "become-reader",
    title: "Become a reader",
    calls: "UpdateAssumeRolePolicy, PutRolePolicy, AttachRolePolicy on a reader's role, then sts:AssumeRole",
  },
  { id: "decrypt", title: "Decrypt a version", calls: "kms:Decrypt with the secrets key, not through Secrets Manager" },
  { id: "superuser", title: "Read the superuser secret", calls: "GetSecretValue on the RDS-managed master secret" },
  { id: "copy-away", title: "Copy it away", calls: "ReplicateSecretToRegions; RestoreSecret after a deletion" },
  { id: "policy-change", title: "Change the resource policy", calls: "PutResourcePolicy, DeleteResourcePolicy" },
  {
    id: "kubernetes",
    title: "Through Kubernetes",
    calls: "an ExternalSecret in a namespace that may not have the secret; a pod as another workload's service account",
  },
] as const;

/** A column's id. */
export type ThreatPathId = (typeof THREAT_PATHS)[number]["id"];

/** What decides a cell: a named statement of a policy, or an alert rule. */
export interface Decider {
  readonly by: "identity" | "resource policy" | "key policy" | "SCP" | "alert";
  /** The statement's Sid, or the rule's name; for `identity`, what the identity lacks. */
  readonly name: string;
}

/** How a path ends for a class. `alerted`: it succeeds, and the security topic is told at once. */
export type ThreatOutcome = "denied" | "allowed" | "alerted" | "outside" | "n/a";

/** One cell: the outcome, what decides it, and why. */
export interface ThreatCell {
  readonly outcome: ThreatOutcome;
  readonly by: readonly Decider[];
  readonly why: string;
  /** Where the organization has not attached the generated SCP, when that changes the outcome. */
  readonly withoutScp?: { readonly outcome: ThreatOutcome; readonly by: readonly Decider[] };
}

/** The table of one environment. */
export interface ThreatTable {
  readonly environment: string;
  readonly classes: readonly ThreatClass[];
  /** Cells by class id, then path id. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<ThreatPathId, ThreatCell>>;
}

/** The rows of an environment: its roles, the rotation role, Terraform, break glass, and three outsiders. */
export function threatClasses(environment: ResolvedEnvironment): ThreatClass[] {
  const { access } = environment;
  return [
    ...access.roles.map((role): ThreatClass => ({
      id: role.name,
      kind: role.trust.kind === "eks-service-account" ? "workload" : "ci",
      label: `${role.trust.kind === "eks-service-account" ? "workload" : "CI"} role \`${role.name}\``,
    })),
    ...(rotates(environment)
      ? [
          {
            id: rotationFunctionName(environment.name),
            kind: "rotation" as const,
            label: `rotation role \`${rotationFunctionName(environment.name)}\``,
          },
        ]
      : []),
    {
      id: "terraform",
      kind: "terraform",
      label: `whoever runs Terraform (${access.terraformPrincipals.map((p) => `\`${p.name}\``).join(", ")})`,
    },
    ...(access.terraformPlanPrincipals.length > 0
      ? [
          {
            id: "terraform-plan",
            kind: "terraform-plan" as const,
            label: `what only plans Terraform (${access.terraformPlanPrincipals.map((p) => `\`${p.name}\``).join(", ")}), assumed to have every right`,
          },
        ]
      : []),
    ...(access.breakGlassPrincipals.length > 0
      ? [
          {
            id: "break-glass",
            kind: "break-glass" as const,
            label: `break glass (${access.breakGlassPrincipals.map((p) => `\`${p.name}\``).join(", ")})`,
          },
        ]
      : []),
    { id: "power-user", kind: "power-user", label: "an administrator with every right except IAM (PowerUserAccess)" },
    { id: "iam-admin", kind: "iam-admin", label: "an IAM administrator (iam:*, so in effect AdministratorAccess)" },
    { id: "other-account", kind: "other-account", label: "a principal of another account, with every right there" },
  ];
}

function rotates(environment: ResolvedEnvironment): boolean {
  return environment.rotation !== undefined && environment.catalog.some((d) => d.rotation.kind === "automatic");
}

/**
 * The threat table of an environment: for each class of principal and each path to a secret's value,
 * what the synthesized policies decide (and by which statement) or which alert tells of it. It is a
 * claim about the policies: the threat-table test evaluates every cell with an IAM simulator against the
 * synthesized identity, resource and key policies and the generated SCP, with and without it.
 */
export function threatTable(environment: ResolvedEnvironment): ThreatTable {
  const classes = threatClasses(environment);
  const cells = new Map(
    classes.map((c) => [c.id, new Map(THREAT_PATHS.map((p) => [p.id, cellOf(environment, c, p.id)] as const))]),
  );
  return { environment: environment.name, classes, cells };
}

const OUTCOME_WORDS: Record<ThreatOutcome, string> = {
  denied: "**denied**",
  allowed: "allowed as intended",
  alerted: "**alerted only**",
  outside: "**not stopped here**",
  "n/a": "—",
};

function describeCell(cell: ThreatCell): string {
  const by = (deciders: readonly Decider[]) =>
    deciders.map((d) =>
      d.by === "alert" ? `rule \`${d.name}\`` : `${d.by}: ${d.by === "identity" ? d.name : `\`${d.name}\``}`,
    );
  const parts = [OUTCOME_WORDS[cell.outcome], ...by(cell.by)];
  let text = parts.length > 1 ? `${parts[0]} (${parts.slice(1).join("; ")})` : parts[0]!;
  if (cell.outcome === "n/a") return OUTCOME_WORDS["n/a"];
  if (cell.why) text += `: ${cell.why}`;
  if (cell.withoutScp)
    text += `; without the SCP: ${OUTCOME_WORDS[cell.withoutScp.outcome]}${cell.withoutScp.by.length > 0 ? ` (${by(cell.withoutScp.by).join("; ")})` : ""}`;
  return text;
}

/** The threat table of each environment, as Markdown: one table a class per row, then what each column's calls are. */
export function renderThreatTables(environments: readonly ResolvedEnvironment[]): string {
  const lines: string[] = [];
  for (const environment of environments) {
    const table = threatTable(environment);
    lines.push(`#### ${environment.name}`, "");
    lines.push(`| Who (${environment.name}) | ${THREAT_PATHS.map((p) => p.title).join(" | ")} |`);
    lines.push(`|---|${THREAT_PATHS.map(() => "---").join("|")}|`);
    for (const c of table.classes) {
      const row = table.cells.get(c.id)!;
      lines.push(`| ${c.label} | ${THREAT_PATHS.map((p) => describeCell(row.get(p.id)!)).join(" | ")} |`);
    }
    lines.push("");
  }
  lines.push("The columns' calls:", "");
  for (const p of THREAT_PATHS) lines.push(`- **${p.title}**: ${p.calls}.`);
  return lines.join("\n");
}
