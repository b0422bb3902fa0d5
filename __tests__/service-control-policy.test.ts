import { describe, expect, it } from "vitest";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { readFileSync } from "node:fs";
import path from "node:path";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import {
  renderServiceControlPolicies,
  SCP_MAX_CHARACTERS,
  serviceControlPolicy,
  type IamPolicyDocument,
} from "../tooling/service-control-policy";

const production = resolveEnvironments(exampleEnvironments).find((e) => e.name === "production")!;
const scp = serviceControlPolicy(production);
const account = production.accountId;
const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const sso = (set: string) => role(`aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_${set}_0a1b2c3d4e5f6789`);
const SECRET = `arn:aws:secretsmanager:us-east-1:${account}:secret:qualisys/database/connection-Ab3dE9`;
const KEY = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ADMINISTRATOR: IamPolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Admin", Effect: "Allow", Action: ["*"], Resource: ["*"] }],
};
// AWS Organizations attaches FullAWSAccess beside every custom SCP: an SCP of denies alone would allow nothing.
const FULL_AWS_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** The IAM simulator's decision for a principal with AdministratorAccess under the SCP (no resource policy). */
async function underScp(
  principalArn: string,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
  policy: IamPolicyDocument = scp,
): Promise<string> {
  // A KMS key answers only to its key policy: the default one, which delegates to the account's IAM.
  // see: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  const keyPolicy = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
    ],
  };
  const result = await runSimulation(
    {
      request: {
        principal: principalArn,
        action,
        resource: { resource, accountId: account },
        contextVariables: { "aws:PrincipalArn": principalArn, ...context },
      },
      identityPolicies: [{ name: "admin", policy: ADMINISTRATOR }],
      serviceControlPolicies: [
        {
          orgIdentifier: "ou-qual-isys",
          policies: [
            { name: "FullAWSAccess", policy: FULL_AWS_ACCESS },
            { name: "qualisys-secrets", policy },
          ],
        },
      ],
      resourceControlPolicies: [],
      ...(action.startsWith("kms:") ? { resourcePolicy: keyPolicy } : {}),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return (result as { overallResult: string }).overallResult;
}

describe("the service control policy (for organizations that want the guards to bind administrators too)", () => {
  it("denies an administrator outside the readers the values, and lets the readers read", async () => {
    expect(await underScp(role("Admin"), "secretsmanager:GetSecretValue", SECRET)).toBe("ExplicitlyDenied");
    expect(await underScp(role("qualisys-production-api"), "secretsmanager:GetSecretValue", SECRET)).toBe("Allowed");
    expect(await underScp(sso("BreakGlass"), "secretsmanager:GetSecretValue", SECRET)).toBe("Allowed");
    expect(await underScp(sso("BreakGlass_ReadOnly"), "secretsmanager:GetSecretValue", SECRET)).toBe(
      "ExplicitlyDenied",
    );
  });

  it("lets only whoever runs Terraform and break glass change the secrets' resource policies", async () => {
    expect(await underScp(role("Admin"), "secretsmanager:DeleteResourcePolicy", SECRET)).toBe("ExplicitlyDenied");
    expect(
      await underScp(role("hcp-terraform/qualisys-production-terraform"), "secretsmanager:PutResourcePolicy", SECRET),
    ).toBe("Allowed");
  });

  it("denies force-deleting a secret and scheduling the deletion of the project's keys to all but break glass", async () => {
    expect(
      await underScp(role("Admin"), "secretsmanager:DeleteSecret", SECRET, {
        "secretsmanager:ForceDeleteWithoutRecovery": "true",
      }),
    ).toBe("ExplicitlyDenied");
    expect(
      await underScp(role("Admin"), "secretsmanager:DeleteSecret", SECRET, {
        "secretsmanager:ForceDeleteWithoutRecovery": "false",
      }),
    ).toBe("Allowed");
    expect(
      await underScp(role("Admin"), "kms:ScheduleKeyDeletion", KEY, {
        "kms:ResourceAliases": ["alias/qualisys/secrets"],
      }),
    ).toBe("ExplicitlyDenied");
    expect(
      await underScp(sso("BreakGlass"), "kms:ScheduleKeyDeletion", KEY, {
        "kms:ResourceAliases": ["alias/qualisys/secrets"],
      }),
    ).toBe("Allowed");
    expect(
      await underScp(role("Admin"), "kms:ScheduleKeyDeletion", KEY, { "kms:ResourceAliases": ["alias/another-team"] }),
    ).toBe("Allowed");
  });

  it("with the readers' roles under a path, names and guards them by one pattern: creating a role there too", async () => {
    const config = exampleEnvironments.find((e) => e.name === "production")!;
    const [pathed] = resolveEnvironments([
      { ...config, access: { ...config.access, readerRolePath: "/qualisys-readers/" } },
    ]);
    const policy = serviceControlPolicy(pathed!);
    const reader = role("qualisys-readers/qualisys-production-api");
    const terraform = role("hcp-terraform/qualisys-production-terraform");
    const read = "secretsmanager:GetSecretValue";
    expect(await underScp(reader, read, SECRET, {}, policy)).toBe("Allowed");
    expect(await underScp(role("qualisys-production-api"), read, SECRET, {}, policy)).toBe("ExplicitlyDenied");
    expect(await underScp(role("Admin"), read, SECRET, {}, policy)).toBe("ExplicitlyDenied");
    const sneaky = role("qualisys-readers/sneaky");
    expect(await underScp(role("Admin"), "iam:CreateRole", sneaky, {}, policy)).toBe("ExplicitlyDenied");
    expect(await underScp(role("Admin"), "iam:AttachRolePolicy", reader, {}, policy)).toBe("ExplicitlyDenied");
    expect(await underScp(role("Admin"), "iam:CreateRole", role("another-team/app"), {}, policy)).toBe("Allowed");
    expect(await underScp(terraform, "iam:CreateRole", sneaky, {}, policy)).toBe("Allowed");
    // One pattern, however many roles: no role of access.roles is named in the policy.
    expect(JSON.stringify(policy)).not.toContain("role/qualisys-readers/qualisys-production-api");
  });

  it("fits AWS Organizations' size limit, and is committed as generated (run `npm run docs` when this fails)", () => {
    for (const [file, content] of renderServiceControlPolicies(resolveEnvironments(exampleEnvironments))) {
      expect(JSON.stringify(JSON.parse(content)).length, file).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
      expect(readFileSync(path.resolve(__dirname, "..", file), "utf8"), file).toBe(content);
    }
  });
});
