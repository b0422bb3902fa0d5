import type {
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementCondition,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

/**
 * Something a secret can grant access to, after aws-cdk's `IGrantable`: the principals a resource
 * policy names (matched on `aws:PrincipalArn`), and, where the principals' identity policy belongs to
 * this stack, a way to add statements to it.
 */
export interface ISecretGrantee {
  /** What the grantee is, for error messages. */
  readonly granteeName: string;
  /** ARNs (or ARN patterns) of the principals, as `aws:PrincipalArn` carries them (a role session's is its role's ARN). */
  readonly principalArns: readonly string[];
  /**
   * Adds a statement to the principals' identity policy.
   * @returns false when that policy is not this stack's to change (a principal from the configuration)
   */
  addToPrincipalPolicy(statement: DataAwsIamPolicyDocumentStatement): boolean;
}

/** A principal known by its ARN only: its identity policies are managed elsewhere (another stack, another team). */
class PrincipalArnGrantee implements ISecretGrantee {
  public readonly principalArns: readonly string[];
  constructor(
    public readonly granteeName: string,
    arn: string,
  ) {
    this.principalArns = [arn];
  }
  public addToPrincipalPolicy(): boolean {
    return false;
  }
}

/** Factories of grantees that are not constructs of the stack. */
export const SecretGrantee = {
  /** A principal from the configuration, by ARN or ARN pattern (the operator's role of the operator stack, Terraform's, break glass). */
  fromPrincipalArn(name: string, arn: string): ISecretGrantee {
    return new PrincipalArnGrantee(name, arn);
  },
};

/**
 * Statements kept for one policy document, merged by `sid`: a second statement with the same sid,
 * effect, actions and conditions adds its resources to the first, so a policy granted many secrets
 * one at a time keeps one statement per kind of access.
 */
export class PolicyStatements {
  private readonly statements: DataAwsIamPolicyDocumentStatement[] = [];

  constructor(initial: readonly DataAwsIamPolicyDocumentStatement[] = []) {
    for (const statement of initial) this.add(statement);
  }

  /**
   * Adds a statement, or merges it into the one of the same sid when the merge grants exactly what the
   * two grant apart: same effect, actions and principals, and either the same resources (condition
   * values are unioned) or the same conditions (resources are unioned).
   * @throws when a statement of the same sid cannot be merged exactly
   */
  public add(statement: DataAwsIamPolicyDocumentStatement): void {
    const same = statement.sid === undefined ? -1 : this.statements.findIndex((s) => s.sid === statement.sid);
    if (same < 0) {
      this.statements.push(copy(statement));
      return;
    }
    const existing = this.statements[same]!;
    const key = (s: DataAwsIamPolicyDocumentStatement) =>
      JSON.stringify([s.effect ?? "Allow", s.actions, s.principals]);
    const conditionKeys = (s: DataAwsIamPolicyDocumentStatement) =>
      JSON.stringify(conditionsOf(s).map((c) => [c.test, c.variable]));
    const sameResources = sameSet(existing.resources ?? [], statement.resources ?? []);
    const sameConditions = JSON.stringify(existing.condition ?? []) === JSON.stringify(statement.condition ?? []);
    if (
      key(existing) !== key(statement) ||
      conditionKeys(existing) !== conditionKeys(statement) ||
      !(sameResources || sameConditions)
    ) {
      throw new Error(`statement ${statement.sid} is already in the policy and cannot be merged exactly with this one`);
    }
    this.statements[same] = {
      ...existing,
      resources: union(existing.resources ?? [], statement.resources ?? []),
      ...(existing.condition
        ? {
            condition: conditionsOf(existing).map((c, i) => ({
              ...c,
              values: union(c.values, conditionsOf(statement)[i]!.values),
            })),
          }
        : {}),
    };
  }

  /** The statements, in the order first added. */
  public toArray(): DataAwsIamPolicyDocumentStatement[] {
    return this.statements.map((s) => ({ ...s }));
  }
}

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));
const copy = (s: DataAwsIamPolicyDocumentStatement): DataAwsIamPolicyDocumentStatement => ({
  ...s,
  ...(s.resources ? { resources: [...s.resources] } : {}),
  ...(s.condition ? { condition: conditionsOf(s).map((c) => ({ ...c, values: [...c.values] })) } : {}),
});

/** A statement's conditions as a list (statements here are built as literals, never as tokens). */
function conditionsOf(s: DataAwsIamPolicyDocumentStatement): DataAwsIamPolicyDocumentStatementCondition[] {
  if (s.condition === undefined) return [];
  if (!Array.isArray(s.condition))
    throw new Error(`statement ${s.sid ?? "(no sid)"}: conditions must be a list, not a token`);
  return s.condition;
}
