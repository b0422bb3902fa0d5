/**
 * Evaluates synthesized policies with the tests' IAM evaluator (./iam-evaluator.ts):
 * `@cloud-copilot/iam-simulate`, an IAM simulator we did not write.
 *
 * Two small translations of our own sit in front of it, each modelling documented behaviour:
 * - a statement of the `aws_iam_policy_document` data source becomes the IAM JSON the data source
 *   renders (sid/effect/actions/resources/principals/condition to Sid/Effect/Action/Resource/Principal/
 *   Condition); see: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 * - a reference such as `${aws_kms_key.x.arn}` becomes the ARN AWS gives that kind of resource, in the
 *   formats of https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { evaluateRequest, type IamPolicy } from "./iam-evaluator";
import type { DocumentStatement } from "./policy-documents";
import { blocks, type TerraformJson } from "./stacks";

/** Where the stack's resources would live. */
export interface Place {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export type { IamPolicy };

/** The IAM JSON the `aws_iam_policy_document` data source renders for these statements. */
export function toIamPolicy(statements: readonly DocumentStatement[]): IamPolicy {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const condition: Record<string, Record<string, readonly string[]>> = {};
      for (const c of s.condition ?? []) (condition[c.test] ??= {})[c.variable] = c.values;
      const principal: Record<string, readonly string[]> = {};
      for (const p of s.principals ?? []) principal[p.type] = p.identifiers;
      return {
        ...(s.sid ? { Sid: s.sid } : {}),
        Effect: s.effect ?? "Allow",
        ...(s.actions ? { Action: s.actions } : {}),
        ...(s.not_actions ? { NotAction: s.not_actions } : {}),
        ...(s.resources ? { Resource: s.resources } : {}),
        ...(s.principals ? { Principal: principal } : {}),
        ...(s.condition ? { Condition: condition } : {}),
      };
    }),
  };
}

/** A fixed, well-formed KMS key id: the id a key of the stack would have. */
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
/** The six characters Secrets Manager would append to a secret's name. */
export const SECRET_SUFFIX = "Ab3dE9";

/** The ARN a referenced resource of the stack would have (by its type and the attribute `arn`). */
export function arnOfReference(json: TerraformJson, reference: string, place: Place): string {
  const match = /^\$\{([a-z0-9_]+)\.([\w-]+)\.arn\}(.*)$/.exec(reference);
  if (!match) return reference;
  const [, type, name, rest] = match as unknown as [string, string, string, string];
  const block = blocks(json, "resource", type)[name];
  if (!block) throw new Error(`${reference}: no ${type}.${name} in the stack`);
  const { partition: p, region: r, accountId: a } = place;
  const arn: Record<string, () => string> = {
    aws_kms_key: () => `arn:${p}:kms:${r}:${a}:key/${KEY_ID}`,
    aws_secretsmanager_secret: () => `arn:${p}:secretsmanager:${r}:${a}:secret:${String(block.name)}-${SECRET_SUFFIX}`,
    // The provider's log group `arn` has no trailing `:*`.
    aws_cloudwatch_log_group: () => `arn:${p}:logs:${r}:${a}:log-group:${String(block.name)}`,
    aws_sqs_queue: () => `arn:${p}:sqs:${r}:${a}:${String(block.name)}`,
    // A role's ARN holds its path (default "/"). see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    aws_iam_role: () => `arn:${p}:iam::${a}:role${(block.path as string | undefined) ?? "/"}${String(block.name)}`,
    aws_sns_topic: () => `arn:${p}:sns:${r}:${a}:${String(block.name)}`,
    // A bucket's ARN has neither region nor account.
    aws_s3_bucket: () => `arn:${p}:s3:::${String(block.bucket)}`,
    aws_cloudtrail: () => `arn:${p}:cloudtrail:${r}:${a}:trail/${String(block.name)}`,
  };
  const build = arn[type];
  if (!build) throw new Error(`${reference}: the simulator helper does not know the ARN of a ${type}`);
  return build() + rest;
}

/** The statements of a policy document data source of the stack, with references to resources turned into their ARNs. */
export function documentOf(json: TerraformJson, documentName: string, place: Place): DocumentStatement[] {
  const document = blocks(json, "data", "aws_iam_policy_document")[documentName];
  if (!document) throw new Error(`no policy document ${documentName}`);
  const resolve = (values: readonly string[] | undefined) => values?.map((v) => arnOfReference(json, v, place));
  return (document.statement as DocumentStatement[]).map((s) => ({
    ...s,
    resources: resolve(s.resources),
    condition: s.condition?.map((c) => ({ ...c, values: resolve(c.values)! })),
  }));
}

/** One request to simulate. */
export interface SimulatedRequest {
  /** The calling role's ARN (also passed as `aws:PrincipalArn`, which the simulator does not derive). */
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  /** Further request context, e.g. `kms:ViaService`. */
  readonly context?: Readonly<Record<string, string>>;
}

/** `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`, as the simulator decides; throws on a request it rejects. */
export async function simulate(
  request: SimulatedRequest,
  identity: readonly DocumentStatement[],
  resourcePolicy?: readonly DocumentStatement[],
): Promise<string> {
  return evaluateRequest(request, [toIamPolicy(identity)], resourcePolicy ? toIamPolicy(resourcePolicy) : undefined);
}

/** A decision with the Sids of every explicit deny that matched (identity, resource, SCP). */
export interface DetailedDecision {
  readonly decision: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
  readonly denies: readonly string[];
}

// AWS Organizations attaches FullAWSAccess beside every custom SCP: an SCP of denies alone would allow nothing.
const FULL_AWS_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/**
 * How IAM would decide the request under the identity policies, the resource policy and (when given) a
 * service control policy attached beside FullAWSAccess, with the explicit denies that matched. The
 * account of the resource is the request's own (`resourceAccount`), so cross-account requests are
 * evaluated as such.
 */
export async function simulateDetailed(
  request: SimulatedRequest & { readonly resourceAccount: string },
  identityPolicies: readonly IamPolicy[],
  resourcePolicy: IamPolicy | undefined,
  scp: IamPolicy | undefined,
): Promise<DetailedDecision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principalArn,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { "aws:PrincipalArn": request.principalArn, ...request.context },
      },
      identityPolicies: identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
      serviceControlPolicies: scp
        ? [
            {
              orgIdentifier: "ou-qual-isys",
              policies: [
                { name: "FullAWSAccess", policy: FULL_AWS_ACCESS },
                { name: "qualisys", policy: scp },
              ],
            },
          ]
        : [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === "error")
    throw new Error(`the IAM simulator rejected ${request.action}: ${JSON.stringify(result.errors)}`);
  const denies: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "denyStatements" && Array.isArray(value))
          // The simulator's explanation names a statement by its Sid (or its position when it has none).
          for (const d of value as { explain?: { identifier?: string } }[]) denies.push(d.explain?.identifier ?? "?");
        else collect(value);
      }
    }
  };
  collect((result as { result?: unknown }).result);
  return { decision: (result as { overallResult: DetailedDecision["decision"] }).overallResult, denies };
}
