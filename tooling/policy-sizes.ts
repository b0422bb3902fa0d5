import { Testing } from "cdktf";
import type { ResolvedEnvironment } from "../config/environment-config";
import { SecretsStack } from "../stacks/secrets-stack";
import { serviceControlPolicy } from "./service-control-policy";

/**
 * AWS's limit for each kind of policy the stacks write, in characters (IAM and Organizations count them
 * without whitespace; the others count the document as given).
 * see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * see: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 * see: https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html
 * see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html
 * see: https://docs.aws.amazon.com/sns/latest/dg/sns-limits.html
 */
export const POLICY_LIMITS = {
  "managed policy": 6144,
  "role's inline policies": 10240,
  "trust policy": 2048,
  "secret resource policy": 20480,
  "key policy": 32768,
  "bucket policy": 20480,
  "topic policy": 30720,
  "service control policy": 5120,
} as const;

/** A kind of policy. */
export type PolicyKind = keyof typeof POLICY_LIMITS;

/** The largest policy of a kind. */
export interface PolicySize {
  readonly kind: PolicyKind;
  /** Its length once Terraform has filled in the references (each counted as {@link REFERENCE_LENGTH}). */
  readonly size: number;
  readonly limit: number;
  /** Which one (a Terraform address, or the SCP). */
  readonly what: string;
}

/** What a reference Terraform fills in (an ARN, an id) is counted as: more than any ARN of the stacks. */
export const REFERENCE_LENGTH = 120;

const KIND_OF: Record<string, [attribute: string, kind: PolicyKind]> = {
  aws_iam_policy: ["policy", "managed policy"],
  aws_iam_role_policy: ["policy", "role's inline policies"],
  aws_iam_role: ["assume_role_policy", "trust policy"],
  aws_secretsmanager_secret_policy: ["policy", "secret resource policy"],
  aws_kms_key: ["policy", "key policy"],
  aws_s3_bucket_policy: ["policy", "bucket policy"],
  aws_sns_topic_policy: ["policy", "topic policy"],
};

type Block = Record<string, unknown>;
type Statement = {
  sid?: string;
  effect?: string;
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  not_resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
};

/** The IAM JSON the `aws_iam_policy_document` data source renders for these statements, minified. */
function rendered(statements: readonly Statement[]): string {
  const document = {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.condition ?? []) (condition[c.test] ??= {})[c.variable] = c.values;
      const principal: Record<string, string[]> = {};
      for (const p of s.principals ?? []) principal[p.type] = p.identifiers;
      return {
        Sid: s.sid,
        Effect: s.effect ?? "Allow",
        Action: s.actions,
        NotAction: s.not_actions,
        Resource: s.resources,
        NotResource: s.not_resources,
        Principal: s.principals ? principal : undefined,
        Condition: s.condition ? condition : undefined,
      };
    }),
  };
  return JSON.stringify(document).replace(/\$\{[^}]*\}/g, "x".repeat(REFERENCE_LENGTH));
}

/**
 * The largest policy of each kind the environment's secrets stack and service control policy hold, with
 * AWS's limit beside it: what `npm run docs` shows, and what tells a growing platform how far it is from
 * a limit before `terraform apply` finds out.
 */
export function largestPolicies(environment: ResolvedEnvironment): PolicySize[] {
  const stack = new SecretsStack(Testing.app(), `secrets-${environment.name}`, { environment });
  const json = JSON.parse(Testing.synth(stack)) as Record<string, Record<string, Record<string, Block>>>;
  const documents = json.data?.aws_iam_policy_document ?? {};
  const sizeOf = (reference: unknown): number | undefined => {
    const name = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(reference))?.[1];
    return name ? rendered((documents[name]?.statement as Statement[]) ?? []).length : undefined;
  };
  const largest = new Map<PolicyKind, PolicySize>();
  const note = (kind: PolicyKind, size: number, what: string) => {
    if (size > (largest.get(kind)?.size ?? -1)) largest.set(kind, { kind, size, limit: POLICY_LIMITS[kind], what });
  };
  const inline = new Map<string, number>(); // a role's inline policies count together
  for (const [type, [attribute, kind]] of Object.entries(KIND_OF)) {
    for (const [name, block] of Object.entries(json.resource?.[type] ?? {})) {
      const size = sizeOf(block[attribute]);
      if (size === undefined) continue;
      if (kind === "role's inline policies")
        inline.set(String(block.role), (inline.get(String(block.role)) ?? 0) + size);
      else note(kind, size, `${type}.${name}`);
    }
  }
  for (const [role, size] of inline) note("role's inline policies", size, role.replace(/^\$\{(.*)\.id\}$/, "$1"));
  note(
    "service control policy",
    JSON.stringify(serviceControlPolicy(environment)).length,
    `scp/${environment.name}.json`,
  );
  return (Object.keys(POLICY_LIMITS) as PolicyKind[]).flatMap((kind) => largest.get(kind) ?? []);
}

/** Markdown table: for each environment, the largest policy of each kind beside AWS's limit. */
export function renderPolicySizeTable(
  environments: readonly { label: string; environment: ResolvedEnvironment }[],
): string {
  const sizes = environments.map(({ environment }) => largestPolicies(environment));
  const percent = (s: PolicySize | undefined) =>
    s ? `${s.size.toLocaleString("en-US")} (${Math.round((100 * s.size) / s.limit)} %)` : "—";
  return [
    `| Kind | AWS's limit | ${environments.map((e) => e.label).join(" | ")} |`,
    `|---|---|${environments.map(() => "---").join("|")}|`,
    ...(Object.keys(POLICY_LIMITS) as PolicyKind[]).map(
      (kind) =>
        `| ${kind} | ${POLICY_LIMITS[kind].toLocaleString("en-US")} | ${sizes.map((s) => percent(s.find((x) => x.kind === kind))).join(" | ")} |`,
    ),
  ].join("\n");
}
