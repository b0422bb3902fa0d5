/**
 * Asks IAM itself how it would decide a read: `iam:SimulatePrincipalPolicy` (a role's own policies, as
 * the account holds them) and `iam:SimulateCustomPolicy` (a policy given here), each with the secret's
 * resource policy. No evaluator of ours runs: the account's own answers.
 *
 * The simulator needs, with a resource policy, a caller for the policy's `Principal` element, and takes
 * only an IAM user's ARN for it; resources and callers are simulated, they need not exist. The secrets'
 * resource policies name `Principal: *` and decide by `aws:PrincipalArn`, which is given as a context
 * entry with the role's ARN, so the simulated caller changes nothing but lets IAM run.
 * see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 * see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 * Needs `iam:SimulatePrincipalPolicy` and `iam:SimulateCustomPolicy`.
 */
import {
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from "@aws-sdk/client-iam";
import type { AwsClients } from "./aws-clients";

/** How IAM would decide a request. */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** An IAM policy document (identity or resource policy), as IAM stores and returns it. */
export interface IamPolicy {
  readonly Version: "2012-10-17" | "2008-10-17";
  readonly Statement: readonly Record<string, unknown>[] | Record<string, unknown>;
}

/** An identity policy that allows everything (an administrator): asks what a resource policy alone decides. */
export const ALLOW_EVERYTHING: IamPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

/** The IAM user the simulator takes as the caller when a resource policy is given (simulated, need not exist). */
export function simulatedCallerArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:user/qualisys-verify-simulated-caller`;
}

/** One question: may this principal do this action on this resource? */
export interface SimulatedRead {
  /** The principal's ARN (`aws:PrincipalArn`), path included. */
  readonly principalArn: string;
  readonly action: string;
  readonly resourceArn: string;
  /** The resource's policy. @default - none: the identity policies alone */
  readonly resourcePolicy?: IamPolicy;
}

function decisionOf(results: readonly EvaluationResult[] | undefined): Decision {
  const decision = results?.[0]?.EvalDecision;
  if (decision === "allowed") return "Allowed";
  if (decision === "explicitDeny") return "ExplicitlyDenied";
  if (decision === "implicitDeny") return "ImplicitlyDenied";
  throw new Error(`IAM's simulator gave no decision (${String(decision)})`);
}

function common(request: SimulatedRead) {
  const [, partition, , , accountId] = request.principalArn.split(":");
  return {
    ActionNames: [request.action],
    ResourceArns: [request.resourceArn],
    ...(request.resourcePolicy
      ? {
          ResourcePolicy: JSON.stringify(request.resourcePolicy),
          CallerArn: simulatedCallerArn(partition!, accountId!),
        }
      : {}),
    ContextEntries: [
      {
        ContextKeyName: "aws:PrincipalArn",
        ContextKeyType: "string" as const,
        ContextKeyValues: [request.principalArn],
      },
    ],
  };
}

/** How IAM decides the request for a role of the account, with the policies the role has now. */
export async function simulateRole(aws: AwsClients, request: SimulatedRead): Promise<Decision> {
  const answer = await aws.iam.send(
    new SimulatePrincipalPolicyCommand({ PolicySourceArn: request.principalArn, ...common(request) }),
  );
  return decisionOf(answer.EvaluationResults);
}

/** How IAM decides the request for a principal with the given identity policies. */
export async function simulateWithPolicies(
  aws: AwsClients,
  request: SimulatedRead,
  identityPolicies: readonly IamPolicy[],
): Promise<Decision> {
  const answer = await aws.iam.send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: identityPolicies.map((policy) => JSON.stringify(policy)),
      ...common(request),
    }),
  );
  return decisionOf(answer.EvaluationResults);
}
