/**
 * AC12: the access matrix, as IAM itself decides it on the policies the account holds. For each reader
 * role and each secret, `iam:SimulatePrincipalPolicy` evaluates the role's policies as IAM has them with
 * the secret's resource policy (read back with GetResourcePolicy): every role may call GetSecretValue on
 * exactly the secrets the access model grants it; and `iam:SimulateCustomPolicy` shows that an
 * administrator of the account who is no reader (`Allow *` on everything) is denied every secret by the
 * resource policies. Needs `iam:SimulatePrincipalPolicy`, `iam:SimulateCustomPolicy` and
 * `secretsmanager:GetResourcePolicy`.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetResourcePolicy.html
 */
import { readerRolesOf, roleArn } from "../../config/access-model";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { readerRoleArn } from "../../config/access-settings";
import { secretsStackResourceNames } from "../../stacks/secrets-stack-names";
import { failedCall, type AwsClients } from "./aws-clients";
import {
  ALLOW_EVERYTHING,
  simulateRole,
  simulateWithPolicies,
  type Decision,
  type SimulatedRead,
} from "./iam-simulation";
import { rowOf, type CheckRow, type Finding } from "./report";
import type { SecretState } from "./secret-checks";

const READ = "secretsmanager:GetSecretValue";

/** The roles verify asks about, with their ARNs: the roles of access.roles (under their path) and the rotation role. */
function rolesOf(environment: ResolvedEnvironment): Map<string, string> {
  const { partition, accountId } = environment;
  return new Map([
    ...environment.access.roles.map(
      (r) => [r.name, readerRoleArn(partition, accountId, environment.access.readerRolePath, r.name)] as const,
    ),
    ...(environment.rotation
      ? [
          [
            secretsStackResourceNames(environment.name).rotationFunction,
            roleArn(partition, accountId, secretsStackResourceNames(environment.name).rotationFunction),
          ] as const,
        ]
      : []),
  ]);
}

/** The findings of one secret: each role reads it exactly when the model grants it; an outsider never does. */
async function secretFindings(
  environment: ResolvedEnvironment,
  state: SecretState,
  roles: ReadonlyMap<string, string>,
  aws: AwsClients,
  granted: Map<string, string[]>,
  broken: Map<string, Finding>,
): Promise<Finding[]> {
  const name = state.definition.name;
  const arn = state.listed!.ARN!;
  const resourcePolicy = state.resourcePolicy;
  if (state.resourcePolicyError)
    return [
      {
        outcome: "NOT CHECKED",
        evidence: `${name}: its resource policy cannot be read (${state.resourcePolicyError})`,
      },
    ];
  const findings: Finding[] = [];
  if (!resourcePolicy)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: has no resource policy (anyone whose identity policy allows it may read)`,
    });
  const readers = readerRolesOf(environment.accessModel, name);
  for (const [roleName, principalArn] of roles) {
    if (broken.has(roleName)) continue;
    const expected = readers.find((r) => r.roleName === roleName);
    const request = { principalArn, action: READ, resourceArn: arn, resourcePolicy };
    let decision;
    try {
      decision = await simulateRole(aws, request);
    } catch (error) {
      // A missing role (NoSuchEntity), or no right to simulate: said once, for the role.
      broken.set(roleName, failedCall(error, `role ${roleName}: IAM's policy simulator`));
      continue;
    }
    const finding = await compared(aws, { roleName, name, request, decision, expected }, granted);
    if (finding) findings.push(finding);
  }
  const outsider = roleArn(environment.partition, environment.accountId, "an-administrator-who-is-no-reader");
  const administrator = await simulateWithPolicies(
    aws,
    { principalArn: outsider, action: READ, resourceArn: arn, resourcePolicy },
    [ALLOW_EVERYTHING],
  );
  if (administrator === "Allowed")
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: an administrator of the account who is no reader can read it (the resource policy does not deny others)`,
    });
  return findings;
}

/** What one role's decision on one secret says against the access model (and records what it reads). */
async function compared(
  aws: AwsClients,
  read: {
    readonly roleName: string;
    readonly name: string;
    readonly request: SimulatedRead;
    readonly decision: Decision;
    readonly expected?: { readonly reason: string };
  },
  granted: Map<string, string[]>,
): Promise<Finding | undefined> {
  const { roleName, name, request, decision, expected } = read;
  if (expected && decision !== "Allowed")
    return {
      outcome: "FAIL",
      evidence: `${roleName} cannot read ${name} (${decision}); the access model grants it (${expected.reason})`,
    };
  if (!expected && decision === "Allowed")
    return { outcome: "FAIL", evidence: `${roleName} can read ${name}; the access model does not grant it` };
  if (expected) {
    granted.set(roleName, [...(granted.get(roleName) ?? []), name]);
    return undefined;
  }
  if ((await simulateRole(aws, { ...request, resourcePolicy: undefined })) === "Allowed")
    // Not a failure: the resource policy still holds it back. But one guard is gone.
    return {
      outcome: "PASS",
      evidence: `WARNING: ${roleName}'s identity policy allows reading ${name}, which the access model does not grant; only the secret's resource policy still denies it (defence in depth lost)`,
    };
  return undefined;
}

/** AC12. */
export async function accessRow(
  environment: ResolvedEnvironment,
  states: readonly SecretState[],
  aws: AwsClients,
): Promise<CheckRow> {
  const title = "Only the roles the access model names can read each secret";
  const roles = rolesOf(environment);
  const secrets = states.filter((s) => s.listed?.ARN && !s.listed.DeletedDate);
  const findings: Finding[] = [];
  if (secrets.length < states.length)
    findings.push({
      outcome: "NOT CHECKED",
      evidence: `${states.length - secrets.length} catalog secret(s) missing (see AC1): not evaluated`,
    });
  const granted = new Map<string, string[]>();
  const broken = new Map<string, Finding>();
  try {
    for (const state of secrets)
      findings.push(...(await secretFindings(environment, state, roles, aws, granted, broken)));
  } catch (error) {
    findings.push(failedCall(error, "IAM's policy simulator (SimulateCustomPolicy)"));
  }
  findings.push(...broken.values());
  // Warnings last, after every failure.
  findings.sort((a, b) => Number(a.evidence.startsWith("WARNING")) - Number(b.evidence.startsWith("WARNING")));
  if (!findings.some((f) => f.outcome === "FAIL")) {
    for (const roleName of [...roles.keys()].filter((r) => !broken.has(r)))
      findings.push({
        outcome: "PASS",
        evidence: `${roleName} reads ${granted.get(roleName)?.join(", ") ?? "nothing"}, and nothing else`,
      });
    findings.push({
      outcome: "PASS",
      evidence: `an administrator of the account (Allow * on *) who is no reader is denied all ${secrets.length} secrets by their resource policies`,
    });
  }
  return rowOf("AC12", title, findings);
}
