import type { FieldChecks } from "./field-checks";

/** One condition of a web-identity trust, as in an IAM policy. */
export interface TrustCondition {
  /** Condition operator, e.g. `StringEquals`. */
  readonly test: "StringEquals" | "StringLike";
  /** Condition key, e.g. `token.actions.githubusercontent.com:sub`. */
  readonly variable: string;
  /** Values the key must match. */
  readonly values: readonly string[];
}

/** Who may assume a role. */
export type RoleTrust =
  /** Pods of one Kubernetes service account, through the cluster's OIDC provider (IRSA). */
  | { readonly kind: "eks-service-account"; readonly namespace: string; readonly serviceAccount: string }
  /**
   * GitHub Actions of one repository, pinned to a deployment environment (whose protection rules decide
   * who may deploy) or to one workflow file at one branch or tag. A branch alone admits every workflow
   * on it, so `ref` needs `workflow`. AWS evaluates only the token's `sub` (it supports no custom claim),
   * so a workflow pin needs the repository's subject template to include `job_workflow_ref`
   * (`include_claim_keys: ["repo", "context", "job_workflow_ref"]`; the deploy guide says how).
   * see: https://docs.github.com/en/actions/reference/security/oidc#customizing-the-subject-claims-for-an-organization-or-repository
   */
  | {
      readonly kind: "github-actions";
      readonly repository: string;
      /** A GitHub environment: `sub` is `repo:<repository>:environment:<environment>`. */
      readonly environment?: string;
      /** The workflow file, e.g. `.github/workflows/migrate.yml` (with `ref`). */
      readonly workflow?: string;
      /** The branch or tag the workflow runs from, e.g. `refs/heads/main` (with `workflow`). */
      readonly ref?: string;
    }
  /** Any other OIDC provider of the account, with explicit conditions (at least one on `:sub`). */
  | { readonly kind: "web-identity"; readonly providerArn: string; readonly conditions: readonly TrustCondition[] };

// Kubernetes names: namespaces are DNS-1123 labels, service accounts DNS-1123 subdomains. No wildcards.
// see: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An EKS cluster's OIDC issuer without https://. */
export const OIDC_ISSUER = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Z0-9]+$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GIT_REF = /^refs\/(heads|tags)\/[^*?\s]+$/;
const NO_WILDCARD = /^[^*?]+$/;
const WORKFLOW_PATH = /^\.github\/workflows\/[^*?\s/]+\.ya?ml$/;

/** Checks a role's trust: a service account, a pinned GitHub workflow or environment, or named OIDC subjects. */
export function checkTrust(
  trust: RoleTrust | undefined,
  at: string,
  issuer: string | undefined,
  check: FieldChecks,
): void {
  const kind = (trust as { kind?: unknown } | undefined)?.kind;
  if (trust === undefined || !["eks-service-account", "github-actions", "web-identity"].includes(kind as string)) {
    check.fail(`${at}.kind`, kind, "one of eks-service-account, github-actions, web-identity");
    return;
  }
  if (trust.kind === "eks-service-account") checkServiceAccountTrust(trust, at, issuer, check);
  else if (trust.kind === "github-actions") checkGitHubTrust(trust, at, check);
  else checkWebIdentityTrust(trust, at, check);
}

type TrustOf<K extends RoleTrust["kind"]> = Extract<RoleTrust, { kind: K }>;

/** One service account of one namespace, of a cluster whose issuer is configured. */
function checkServiceAccountTrust(
  trust: TrustOf<"eks-service-account">,
  at: string,
  issuer: string | undefined,
  check: FieldChecks,
): void {
  if (issuer === undefined)
    check.fail("access.eksOidcIssuer", undefined, `the EKS cluster's OIDC issuer, which ${at} trusts`);
  const wildcard = "(no wildcard: the trust must name exactly one service account)";
  check.matches(
    `${at}.namespace`,
    trust.namespace,
    DNS1123_LABEL,
    `a Kubernetes namespace name, lowercase letters, digits and '-' ${wildcard}`,
  );
  check.matches(
    `${at}.serviceAccount`,
    trust.serviceAccount,
    DNS1123_SUBDOMAIN,
    `a Kubernetes service account name ${wildcard}`,
  );
}

/** A repository, and a GitHub environment or one workflow file at one ref. */
function checkGitHubTrust(trust: TrustOf<"github-actions">, at: string, check: FieldChecks): void {
  check.matches(`${at}.repository`, trust.repository, GITHUB_REPOSITORY, "owner/repository, without wildcards");
  const pinned = trust.environment !== undefined || (trust.workflow !== undefined && trust.ref !== undefined);
  if (!pinned || (trust.environment !== undefined && (trust.workflow ?? trust.ref) !== undefined)) {
    check.fail(
      at,
      { environment: trust.environment, workflow: trust.workflow, ref: trust.ref },
      "either environment (a GitHub environment) or workflow and ref together (.github/workflows/<file>.yml at refs/heads/<branch>): a branch alone admits every workflow on it",
    );
  }
  if (trust.workflow !== undefined)
    check.matches(
      `${at}.workflow`,
      trust.workflow,
      WORKFLOW_PATH,
      ".github/workflows/<file>.yml (or .yaml), without wildcards",
    );
  if (trust.ref !== undefined)
    check.matches(`${at}.ref`, trust.ref, GIT_REF, "refs/heads/<branch> or refs/tags/<tag>, without wildcards");
  if (trust.environment !== undefined)
    check.matches(`${at}.environment`, trust.environment, NO_WILDCARD, "a GitHub environment name, without wildcards");
}

/** Another OIDC provider of the account, with a condition that names the subject. */
function checkWebIdentityTrust(trust: TrustOf<"web-identity">, at: string, check: FieldChecks): void {
  check.matches(
    `${at}.providerArn`,
    trust.providerArn,
    /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/.+$/,
    "the ARN of an IAM OIDC provider",
  );
  const conditions: unknown = trust.conditions;
  const list = Array.isArray(conditions) ? (conditions as TrustCondition[]) : [];
  if (
    !list.some(
      (c) =>
        c.variable?.endsWith(":sub") &&
        c.values?.length > 0 &&
        c.values.every((v) => NO_WILDCARD.test(v) || c.test === "StringEquals"),
    )
  ) {
    check.fail(
      `${at}.conditions`,
      conditions,
      "at least one condition on <issuer>:sub that names the subject: a trust without conditions admits every identity of the provider",
    );
  }
}
