/**
 * The policies of a synthesized stack, as the IAM simulator reads them: identity statements by role ARN
 * (managed and inline policies) and each secret's resource policy, with references to the stack's
 * resources replaced by the ARNs AWS gives them (see iam-simulator.ts).
 */
import { SECRET_SUFFIX as SUFFIX } from "./iam-simulator";
import { blocks, type TerraformJson } from "./stacks";

/** A statement as the `aws_iam_policy_document` data source holds it (Terraform names). */
export interface DocumentStatement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
  readonly principals?: readonly { type: string; identifiers: readonly string[] }[];
  readonly condition?: readonly { test: string; variable: string; values: readonly string[] }[];
}

const refName = (value: unknown, pattern: RegExp): string => {
  const match = pattern.exec(String(value));
  if (!match) throw new Error(`${String(value)} is not a reference the evaluator can follow`);
  return match[1]!;
};

/** The statements of a policy document referenced as `${data.aws_iam_policy_document.X.json}`. */
function documentStatements(json: TerraformJson, reference: unknown): DocumentStatement[] {
  const name = refName(reference, /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/);
  return blocks(json, "data", "aws_iam_policy_document")[name]!.statement as DocumentStatement[];
}

/** The ARN a secret of the stack would have. */
function secretArn(json: TerraformJson, ref: string, partition: string, region: string, accountId: string): string {
  const secret = blocks(json, "resource", "aws_secretsmanager_secret")[ref];
  if (!secret) throw new Error(`no secret ${ref}`);
  return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${String(secret.name)}-${SUFFIX}`;
}

/** Replaces references to secrets' ARNs in statements' resources with the ARNs they would have. */
function withSecretArns(
  json: TerraformJson,
  statements: DocumentStatement[],
  partition: string,
  region: string,
  accountId: string,
): DocumentStatement[] {
  return statements.map((statement) => ({
    ...statement,
    resources: statement.resources?.map((resource) => {
      const match = /^\$\{aws_secretsmanager_secret\.([\w-]+)\.arn\}$/.exec(resource);
      return match ? secretArn(json, match[1]!, partition, region, accountId) : resource;
    }),
  }));
}

/** The identity statements of every role of a synthesized stack, by role ARN (managed and inline policies). */
export function roleIdentityStatements(
  json: TerraformJson,
  partition: string,
  region: string,
  accountId: string,
): Map<string, DocumentStatement[]> {
  const roles = blocks(json, "resource", "aws_iam_role");
  const policies = blocks(json, "resource", "aws_iam_policy");
  const result = new Map<string, DocumentStatement[]>();
  const arnOf = (roleRef: string) =>
    `arn:${partition}:iam::${accountId}:role${(roles[roleRef]!.path as string | undefined) ?? "/"}${String(roles[roleRef]!.name)}`;
  for (const name of Object.keys(roles)) result.set(arnOf(name), []);
  for (const attachment of Object.values(blocks(json, "resource", "aws_iam_role_policy_attachment"))) {
    const role = refName(attachment.role, /^\$\{aws_iam_role\.([\w-]+)\.name\}$/);
    const policy = refName(attachment.policy_arn, /^\$\{aws_iam_policy\.([\w-]+)\.arn\}$/);
    result
      .get(arnOf(role))!
      .push(...withSecretArns(json, documentStatements(json, policies[policy]!.policy), partition, region, accountId));
  }
  for (const inline of Object.values(blocks(json, "resource", "aws_iam_role_policy"))) {
    const role = refName(inline.role, /^\$\{aws_iam_role\.([\w-]+)\.id\}$/);
    result
      .get(arnOf(role))!
      .push(...withSecretArns(json, documentStatements(json, inline.policy), partition, region, accountId));
  }
  return result;
}

/**
 * Replaces references to roles' ARNs in condition values with the ARN the role would have:
 * `arn:<partition>:iam::<account>:role/<name>` for a role without a path, as IAM builds it.
 * see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
function withRoleArns(
  json: TerraformJson,
  statements: DocumentStatement[],
  partition: string,
  accountId: string,
): DocumentStatement[] {
  const roles = blocks(json, "resource", "aws_iam_role");
  const resolve = (value: string) => {
    const match = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(value);
    if (!match) return value;
    const role = roles[match[1]!];
    if (!role) throw new Error(`no role ${match[1]!}`);
    return `arn:${partition}:iam::${accountId}:role${(role.path as string | undefined) ?? "/"}${String(role.name)}`;
  };
  return statements.map((statement) =>
    statement.condition
      ? { ...statement, condition: statement.condition.map((c) => ({ ...c, values: c.values.map(resolve) })) }
      : statement,
  );
}

/** Every secret of a synthesized stack: name, an ARN as Secrets Manager would give it, and its resource-policy statements. */
export function secretsWithPolicies(
  json: TerraformJson,
  partition: string,
  region: string,
  accountId: string,
): { name: string; arn: string; resourcePolicy: DocumentStatement[] }[] {
  const policies = blocks(json, "resource", "aws_secretsmanager_secret_policy");
  return Object.entries(blocks(json, "resource", "aws_secretsmanager_secret")).map(([ref, secret]) => {
    const policy = Object.values(policies).find((p) => p.secret_arn === `\${aws_secretsmanager_secret.${ref}.arn}`);
    return {
      name: String(secret.name),
      arn: secretArn(json, ref, partition, region, accountId),
      resourcePolicy: policy ? withRoleArns(json, documentStatements(json, policy.policy), partition, accountId) : [],
    };
  });
}
