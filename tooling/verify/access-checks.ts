/**
 * AC12: the access matrix, on the policies the account holds. Each reader role's identity policies
 * (managed and inline, as IAM returns them: URL-encoded) and each secret's resource policy are read back
 * and evaluated with the IAM evaluator the tests use (tooling/iam-evaluator.ts): every role may call
 * GetSecretValue on exactly the secrets the access model grants it, and an administrator of the account
 * who is no reader (`Allow *` on everything) is denied every secret by the resource policies.
 * see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html (URL-encoded document)
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetResourcePolicy.html
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from "@aws-sdk/client-iam";
import { readerRolesOf, roleArn } from "../../config/access-model";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { readerRoleArn } from "../../config/access-settings";
import { secretsStackResourceNames } from "../../stacks/secrets-stack";
import { ALLOW_EVERYTHING, evaluateRequest, type IamPolicy } from "../iam-evaluator";
import { failedCall, type AwsClients } from "./aws-clients";
import { rowOf, type CheckRow, type Finding } from "./report";
import type { SecretState } from "./secret-checks";

/** An identity policy as IAM returns it: a URL-encoded JSON document (RFC 3986). */
function decodeIamDocument(document: string): IamPolicy {
  return JSON.parse(decodeURIComponent(document)) as IamPolicy;
}

/** Every identity policy of a role: the default version of each attached managed policy, and each inline policy. */
export async function identityPoliciesOf(roleName: string, aws: AwsClients): Promise<IamPolicy[]> {
  const policies: IamPolicy[] = [];
  for await (const page of paginateListAttachedRolePolicies({ client: aws.iam }, { RoleName: roleName })) {
    for (const attached of page.AttachedPolicies ?? []) {
      const { Policy } = await aws.iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }));
      const { PolicyVersion } = await aws.iam.send(
        new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: Policy!.DefaultVersionId }),
      );
      policies.push(decodeIamDocument(PolicyVersion!.Document!));
    }
  }
  for await (const page of paginateListRolePolicies({ client: aws.iam }, { RoleName: roleName })) {
    for (const policyName of page.PolicyNames ?? []) {
      const inline = await aws.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
      policies.push(decodeIamDocument(inline.PolicyDocument!));
    }
  }
  return policies;
}

/** AC12. */
export async function accessRow(
  environment: ResolvedEnvironment,
  states: readonly SecretState[],
  aws: AwsClients,
): Promise<CheckRow> {
  const title = "Only the roles the access model names can read each secret";
  const { partition, accountId } = environment;
  const roleNames = [
    ...environment.access.roles.map((r) => r.name),
    ...(environment.rotation ? [secretsStackResourceNames(environment.name).rotationFunction] : []),
  ];
  const findings: Finding[] = [];
  const warnings: string[] = [];
  const identities = new Map<string, IamPolicy[]>();
  for (const name of roleNames) {
    try {
      identities.set(name, await identityPoliciesOf(name, aws));
    } catch (error) {
      findings.push(failedCall(error, `role ${name}'s policies`));
    }
  }
  const secrets = states.filter((s) => s.listed?.ARN && !s.listed.DeletedDate);
  if (secrets.length < states.length)
    findings.push({
      outcome: "NOT CHECKED",
      evidence: `${states.length - secrets.length} catalog secret(s) missing (see AC1): not evaluated`,
    });
  const outsider = roleArn(partition, accountId, "an-administrator-who-is-no-reader");
  // The roles of access.roles live under the configured path; the rotation role has none.
  const arnOfRole = (roleName: string) =>
    environment.access.roles.some((r) => r.name === roleName)
      ? readerRoleArn(partition, accountId, environment.access.readerRolePath, roleName)
      : roleArn(partition, accountId, roleName);
  const granted = new Map<string, string[]>();
  for (const state of secrets) {
    const name = state.definition.name;
    const arn = state.listed!.ARN!;
    const resourcePolicy = state.resourcePolicy;
    if (state.resourcePolicyError) {
      findings.push({
        outcome: "NOT CHECKED",
        evidence: `${name}: its resource policy cannot be read (${state.resourcePolicyError})`,
      });
      continue;
    }
    if (!resourcePolicy)
      findings.push({
        outcome: "FAIL",
        evidence: `${name}: has no resource policy (anyone whose identity policy allows it may read)`,
      });
    const readers = readerRolesOf(environment.accessModel, name);
    for (const [roleName, policies] of identities) {
      const expected = readers.find((r) => r.roleName === roleName);
      const decision = await evaluateRequest(
        {
          principalArn: arnOfRole(roleName),
          action: "secretsmanager:GetSecretValue",
          resource: arn,
        },
        policies,
        resourcePolicy,
      );
      if (expected && decision !== "Allowed")
        findings.push({
          outcome: "FAIL",
          evidence: `${roleName} cannot read ${name} (${decision}); the access model grants it (${expected.reason})`,
        });
      else if (!expected && decision === "Allowed")
        findings.push({
          outcome: "FAIL",
          evidence: `${roleName} can read ${name}; the access model does not grant it`,
        });
      else if (expected) granted.set(roleName, [...(granted.get(roleName) ?? []), name]);
      else if (
        (await evaluateRequest(
          {
            principalArn: arnOfRole(roleName),
            action: "secretsmanager:GetSecretValue",
            resource: arn,
          },
          policies,
        )) === "Allowed"
      )
        // Not a failure: the resource policy still holds it back. But one guard is gone.
        warnings.push(
          `WARNING: ${roleName}'s identity policy allows reading ${name}, which the access model does not grant; only the secret's resource policy still denies it (defence in depth lost)`,
        );
    }
    const administrator = await evaluateRequest(
      { principalArn: outsider, action: "secretsmanager:GetSecretValue", resource: arn },
      [ALLOW_EVERYTHING],
      resourcePolicy,
    );
    if (administrator === "Allowed")
      findings.push({
        outcome: "FAIL",
        evidence: `${name}: an administrator of the account who is no reader can read it (the resource policy does not deny others)`,
      });
  }
  for (const warning of warnings) findings.push({ outcome: "PASS", evidence: warning });
  if (!findings.some((f) => f.outcome === "FAIL")) {
    for (const roleName of identities.keys())
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
