import { readerRolesOf } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import { secretsStackResourceNames } from "../stacks/secrets-stack-names";
import type { Decider, ThreatCell, ThreatClass, ThreatOutcome, ThreatPathId } from "./threat-table";

const cell = (outcome: ThreatOutcome, why: string, ...by: Decider[]): ThreatCell => ({ outcome, by, why });
const identity = (name: string): Decider => ({ by: "identity", name });
const resource = (name: string): Decider => ({ by: "resource policy", name });
const scp = (name: string): Decider => ({ by: "SCP", name });
const alert = (name: string): Decider => ({ by: "alert", name });
const KEY_OUTSIDE_SECRETS_MANAGER: Decider = {
  by: "key policy",
  name: "no statement allows a use outside Secrets Manager",
};

/** Whether the environment rotates a secret (and so has a rotation function). */
function rotates(environment: ResolvedEnvironment): boolean {
  return environment.rotation !== undefined && environment.catalog.some((d) => d.rotation.kind === "automatic");
}

/**
 * One cell's claim: how a path ends for a class of principal in this environment, and what decides it
 * (the statement's Sid, or the alert rule's name). The threat-table test checks every claim with the
 * IAM simulator.
 */
export function cellOf(environment: ResolvedEnvironment, c: ThreatClass, path: ThreatPathId): ThreatCell {
  const ctx = contextOf(environment, c, path);
  const { superuser, rotated, outsider } = ctx;
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

  if (c.kind === "terraform" || c.kind === "break-glass") return administeringCell(c, path);
  if (c.kind === "workload" || c.kind === "ci" || c.kind === "rotation") return readerCell(ctx, c, path);
  return broadCell(environment, ctx, c, path);
}

/** What every cell of a class and path is decided from. */
function contextOf(environment: ResolvedEnvironment, c: ThreatClass, path: ThreatPathId) {
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
  return { alerts, rotated, superuser, grants, readGuard, noGrant, outsider };
}
type CellContext = ReturnType<typeof contextOf>;

/** Whoever runs Terraform and break glass: allowed, as intended (Terraform never reads the superuser secret). */
function administeringCell(c: ThreatClass, path: ThreatPathId): ThreatCell {
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

/** A role of the environment (a workload's, a pipeline's) or the rotation role: what it is granted, and no more. */
function readerCell(ctx: CellContext, c: ThreatClass, path: ThreatPathId): ThreatCell {
  const { grants, readGuard, noGrant } = ctx;
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

/**
 * The two administrators (and what only plans, assumed as broad): identity policies allow (nearly)
 * everything; resource policies, the SCP and alerts decide.
 */
function broadCell(environment: ResolvedEnvironment, ctx: CellContext, c: ThreatClass, path: ThreatPathId): ThreatCell {
  const { alerts, readGuard } = ctx;
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
    case "become-reader":
    case "superuser":
      return takeoverCell(ctx, c, path);
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

/** Becoming a reader or the rotation, or reading the superuser secret: only the SCP stops an administrator. */
function takeoverCell(ctx: CellContext, c: ThreatClass, path: ThreatPathId): ThreatCell {
  const { alerts, noGrant } = ctx;
  switch (path) {
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
    default:
      throw new Error(`no takeover path ${path}`);
  }
}
