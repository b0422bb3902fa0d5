import { readerRolesOf, rotationFunctionName } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import { secretsStackResourceNames } from "../stacks/secrets-stack";

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

const cell = (outcome: ThreatOutcome, why: string, ...by: Decider[]): ThreatCell => ({ outcome, by, why });
const identity = (name: string): Decider => ({ by: "identity", name });
const resource = (name: string): Decider => ({ by: "resource policy", name });
const scp = (name: string): Decider => ({ by: "SCP", name });
const alert = (name: string): Decider => ({ by: "alert", name });
const KEY_OUTSIDE_SECRETS_MANAGER: Decider = {
  by: "key policy",
  name: "no statement allows a use outside Secrets Manager",
};

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

function cellOf(environment: ResolvedEnvironment, c: ThreatClass, path: ThreatPathId): ThreatCell {
  const alerts = secretsStackResourceNames(environment.name).security;
  const rotated = rotates(environment);
  const superuser = rotated && environment.rotation?.strategy === "alternating-users";
  const grants = environment.catalog
    .filter((d) => readerRolesOf(environment.accessModel, d.name).some((r) => r.roleName === c.id))
    .map((d) => `\`${d.name}\``);
  const readGuard = resource("DenyReadExceptAllowedRoles");
  const noGrant = identity("no statement allows it");
  // The resource policies' guards deny every principal outside their lists, another account's too.
  const outsiderGuard: Partial<Record<ThreatPathId, Decider>> = {
    read: readGuard,
    "write-then-rotate": resource("DenyValueWritesExceptRotation"),
    "policy-change": resource("DenyPolicyChangesExceptAdministrators"),
  };
  const guard = outsiderGuard[path];
  const outsider = cell(
    "denied",
    "no policy of this account admits another account (block_public_policy)",
    ...(guard ? [noGrant, guard] : [noGrant]),
  );
  if (path === "superuser" && !superuser) return cell("n/a", "no superuser secret: single-user rotation");
  if ((path === "write-then-rotate" || path === "replace-function") && !rotated)
    return cell("n/a", "no rotation function");
  if (c.kind === "other-account") return outsider;
  if (path === "decrypt")
    return cell(
      "denied",
      "the key is used only through Secrets Manager, which hands out no ciphertext",
      KEY_OUTSIDE_SECRETS_MANAGER,
    );

  if (c.kind === "terraform" || c.kind === "break-glass") {
    const who = c.kind === "terraform" ? "it deploys and refreshes everything" : "emergencies";
    if (path === "superuser" && c.kind === "terraform")
      return {
        ...cell("denied", "Terraform never reads it", scp("DenySuperuserSecretReadsExceptRotation")),
        withoutScp: { outcome: "outside", by: [] },
      };
    if (path === "kubernetes")
      return cell(
        "allowed",
        c.kind === "terraform"
          ? "its EKS access entry (it applies the sync stack)"
          : "as the cluster's administrators allow",
      );
    return cell("allowed", who);
  }

  if (c.kind === "workload" || c.kind === "ci" || c.kind === "rotation") {
    switch (path) {
      case "read":
        return cell("allowed", `${grants.join(", ")} only; any other secret is denied`, readGuard);
      case "write-then-rotate":
        return c.kind === "rotation"
          ? cell("allowed", "it is the rotation")
          : cell(
              "denied",
              "no write grant; the rotated secret admits writes from the rotation role only",
              noGrant,
              resource("DenyValueWritesExceptRotation"),
            );
      case "superuser":
        return c.kind === "rotation"
          ? cell("allowed", "alternating users need the superuser")
          : cell("denied", "no grant", noGrant, scp("DenySuperuserSecretReadsExceptRotation"));
      case "kubernetes":
        return c.kind === "workload"
          ? cell(
              "denied",
              "its namespace's SecretStore reads as this role: a secret it may not read stays denied",
              readGuard,
            )
          : cell("n/a", "not a workload of the cluster");
      case "policy-change":
        return cell("denied", "no grant", noGrant, resource("DenyPolicyChangesExceptAdministrators"));
      case "replace-function":
        return cell("denied", "no grant", noGrant, scp("DenyRotationFunctionUseExceptAdministrators"));
      case "become-reader":
        return cell("denied", "no grant", noGrant, scp("DenyReaderRoleChangesExceptAdministrators"));
      default:
        return cell("denied", "no grant", noGrant);
    }
  }

  // The two administrators (and what only plans, assumed as broad): identity policies allow (nearly)
  // everything; resource policies, the SCP and alerts decide.
  switch (path) {
    case "read":
      if (c.kind === "terraform-plan") return cell("allowed", "a plan refreshes every version", readGuard);
      return cell(
        "denied",
        "and the denied call sets off the denied-calls alarm",
        readGuard,
        scp("DenySecretReadsExceptReaders"),
      );
    case "write-then-rotate":
      return cell(
        "denied",
        "the rotated secret admits writes from the rotation role, Terraform and break glass only",
        resource("DenyValueWritesExceptRotation"),
      );
    case "replace-function":
      return {
        ...cell(
          "denied",
          "invoking, changing or re-permissioning the function and passing its role",
          scp("DenyRotationFunctionUseExceptAdministrators"),
        ),
        withoutScp: { outcome: "alerted", by: [alert(`${alerts}-function-changes`)] },
      };
    case "become-reader":
      return c.kind === "power-user"
        ? cell(
            "denied",
            "PowerUserAccess has no IAM role actions",
            noGrant,
            scp("DenyReaderRoleChangesExceptAdministrators"),
          )
        : {
            ...cell(
              "denied",
              "changing the readers', the rotation and Terraform's roles",
              scp("DenyReaderRoleChangesExceptAdministrators"),
            ),
            withoutScp: { outcome: "alerted", by: [alert(`${alerts}-role-changes`)] },
          };
    case "superuser":
      return {
        ...cell(
          "denied",
          "the RDS-managed secret has no resource policy and the AWS managed key: only the SCP guards it",
          scp("DenySuperuserSecretReadsExceptRotation"),
        ),
        withoutScp: { outcome: "outside", by: [] },
      };
    case "copy-away":
      return cell(
        "alerted",
        "the copy keeps the resource policy, so reading it stays denied",
        alert(`${alerts}-secret-changes`),
      );
    case "policy-change":
      return cell(
        "denied",
        "only Terraform and break glass",
        resource("DenyPolicyChangesExceptAdministrators"),
        scp("DenySecretPolicyChangesExceptAdministrators"),
      );
    case "kubernetes":
      return environment.kubernetes
        ? cell(
            "alerted",
            "eks:CreateAccessEntry makes it a cluster administrator, whose pod can run as a workload's service account",
            alert(`${alerts}-cluster-access-changes`),
          )
        : cell("n/a", "no cluster");
    default:
      return cell("denied", "", KEY_OUTSIDE_SECRETS_MANAGER);
  }
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
