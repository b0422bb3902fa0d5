import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { productionWithWorker } from "./helpers/worker-environment";
import { mergedSecretsStacks } from "./helpers/merged-stacks";
import { withJobsStack } from "./helpers/team-stack-environment";
import { readerRolesOf, rotationFunctionName } from "../config/access-model";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { serviceControlPolicy } from "../tooling/service-control-policy";
import { synthesizeToDirectory } from "../tooling/synthesize";
import {
  THREAT_PATHS,
  threatTable,
  type ThreatClass,
  type ThreatOutcome,
  type ThreatPathId,
} from "../tooling/threat-table";
import {
  arnOfReference,
  documentOf,
  simulateDetailed,
  toIamPolicy,
  type DetailedDecision,
  type IamPolicy,
} from "./helpers/iam-simulator";
import { roleIdentityStatements, secretsWithPolicies, type DocumentStatement } from "./helpers/policy-documents";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * Every cell of every environment's threat table, evaluated with the IAM simulator against the
 * synthesized identity, resource and key policies and the generated SCP (with it, and without it), by
 * requests written here for each path, not taken from the table. A change that opens a path flips a
 * cell and fails this test.
 */

const ADMINISTRATOR: IamPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
// AWS's managed policy PowerUserAccess, as AWS publishes it: everything but IAM, Organizations and Account,
// plus the few IAM and Organizations calls it needs.
// see: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html
const POWER_USER: IamPolicy = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
    {
      Effect: "Allow",
      Action: [
        "account:GetAccountInformation",
        "account:ListRegions",
        "iam:CreateServiceLinkedRole",
        "iam:DeleteServiceLinkedRole",
        "iam:ListRoles",
        "organizations:DescribeOrganization",
      ],
      Resource: "*",
    },
  ],
};
const OTHER_ACCOUNT = "999999999999";

/** Everything a cell's evaluation needs about one synthesized environment. */
interface Account {
  readonly env: ResolvedEnvironment;
  readonly secrets: ReturnType<typeof secretsWithPolicies>;
  readonly identity: Map<string, DocumentStatement[]>;
  readonly keyArn: string;
  readonly keyPolicy: IamPolicy;
  readonly functionArn: string;
  readonly functionPolicy: IamPolicy;
  readonly scp: IamPolicy;
}

function accountOf(env: ResolvedEnvironment, json: TerraformJson): Account {
  const place = env;
  const keyName = Object.keys(blocks(json, "resource", "aws_kms_key")).find((n) => n.startsWith("secrets-key"))!;
  const keyPolicyName = Object.keys(blocks(json, "data", "aws_iam_policy_document")).find((n) =>
    n.startsWith("secrets-key_policy"),
  )!;
  const functionArn = `arn:aws:lambda:${env.region}:${env.accountId}:function:${rotationFunctionName(env.name)}`;
  // The function's resource policy as Lambda renders each aws_lambda_permission: Secrets Manager of this
  // account, for this secret. see: https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
  const functionPolicy: IamPolicy = {
    Version: "2012-10-17",
    Statement: Object.values(blocks(json, "resource", "aws_lambda_permission")).map((p) => ({
      Effect: "Allow",
      Principal: { Service: String(p.principal) },
      Action: String(p.action),
      Resource: functionArn,
      Condition: {
        StringEquals: { "AWS:SourceAccount": String(p.source_account) },
        ArnLike: { "AWS:SourceArn": arnOfReference(json, String(p.source_arn), place) },
      },
    })),
  };
  return {
    env,
    secrets: secretsWithPolicies(json, env.partition, env.region, env.accountId),
    identity: roleIdentityStatements(json, env.partition, env.region, env.accountId),
    keyArn: arnOfReference(json, `\${aws_kms_key.${keyName}.arn}`, place),
    keyPolicy: toIamPolicy(documentOf(json, keyPolicyName, place)),
    functionArn,
    functionPolicy,
    scp: serviceControlPolicy(env) as unknown as IamPolicy,
  };
}

/** The caller of a class: an ARN, its identity policies, and whether our SCP binds it. */
function callerOf(account: Account, c: ThreatClass): { arn: string; policies: IamPolicy[]; inOrganization: boolean } {
  const { env } = account;
  const sso = (set: string) =>
    `arn:aws:iam::${env.accountId}:role/aws-reserved/sso.amazonaws.com/${env.region}/AWSReservedSSO_${set}_0a1b2c3d4e5f6789`;
  // A principal pattern's concrete role: the region segment and sixteen hex characters filled in.
  const concrete = (pattern: string) => pattern.replace("*", `${env.region}/`).replace(/\?{16}/, "0a1b2c3d4e5f6789");
  switch (c.kind) {
    case "workload":
    case "ci":
    case "rotation": {
      const arn = `arn:aws:iam::${env.accountId}:role/${c.id}`;
      return { arn, policies: [toIamPolicy(account.identity.get(arn)!)], inOrganization: true };
    }
    case "terraform":
      return {
        arn: concrete(env.access.terraformPrincipals[0]!.arnPattern),
        policies: [ADMINISTRATOR],
        inOrganization: true,
      };
    case "terraform-plan":
      return {
        arn: concrete(env.access.terraformPlanPrincipals[0]!.arnPattern),
        policies: [ADMINISTRATOR],
        inOrganization: true,
      };
    case "break-glass":
      return {
        arn: concrete(env.access.breakGlassPrincipals[0]!.arnPattern),
        policies: [ADMINISTRATOR],
        inOrganization: true,
      };
    case "power-user":
      return { arn: sso("PowerUser"), policies: [POWER_USER], inOrganization: true };
    case "iam-admin":
      return { arn: sso("IamAdmin"), policies: [ADMINISTRATOR], inOrganization: true };
    case "other-account":
      return { arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/outsider`, policies: [ADMINISTRATOR], inOrganization: false };
  }
}

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly resourcePolicy?: IamPolicy;
  readonly context?: Record<string, string>;
}

/**
 * The requests that walk each path, written out here. A path succeeds when any of its requests is
 * allowed (each one alone reaches the value, or the step the path needs).
 */
function requestsOf(account: Account, c: ThreatClass, path: ThreatPathId): Request[] | "n/a" {
  const { env, secrets } = account;
  const database = secrets.find((s) => s.name === "qualisys/database/connection")!;
  const policyOf = (s: (typeof secrets)[number]) => toIamPolicy(s.resourcePolicy);
  const rotates = env.rotation !== undefined;
  const readerRole = `arn:aws:iam::${env.accountId}:role/${env.access.roles[0]!.name}`;
  switch (path) {
    case "read":
      return secrets.map((s) => ({
        action: "secretsmanager:GetSecretValue",
        resource: s.arn,
        resourcePolicy: policyOf(s),
      }));
    case "write-then-rotate":
      if (!rotates) return "n/a";
      return ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"].map((action) => ({
        action,
        resource: database.arn,
        resourcePolicy: policyOf(database),
      }));
    case "replace-function":
      if (!rotates) return "n/a";
      return [
        { action: "lambda:UpdateFunctionCode", resource: account.functionArn, resourcePolicy: account.functionPolicy },
        {
          action: "lambda:UpdateFunctionConfiguration",
          resource: account.functionArn,
          resourcePolicy: account.functionPolicy,
        },
        { action: "iam:PassRole", resource: `arn:aws:iam::${env.accountId}:role/${rotationFunctionName(env.name)}` },
      ];
    case "become-reader":
      return ["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:AttachRolePolicy"].map((action) => ({
        action,
        resource: readerRole,
      }));
    case "decrypt":
      return [
        {
          action: "kms:Decrypt",
          resource: account.keyArn,
          resourcePolicy: account.keyPolicy,
          context: { "kms:CallerAccount": env.accountId },
        },
      ];
    case "superuser":
      if (env.rotation?.strategy !== "alternating-users") return "n/a";
      return [{ action: "secretsmanager:GetSecretValue", resource: env.rotation.masterSecretArn! }];
    case "copy-away":
      return [
        {
          action: "secretsmanager:ReplicateSecretToRegions",
          resource: database.arn,
          resourcePolicy: policyOf(database),
        },
        { action: "secretsmanager:RestoreSecret", resource: database.arn, resourcePolicy: policyOf(database) },
      ];
    case "policy-change":
      return secrets.flatMap((s) =>
        ["secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"].map((action) => ({
          action,
          resource: s.arn,
          resourcePolicy: policyOf(s),
        })),
      );
    case "kubernetes": {
      if (c.kind === "ci" || c.kind === "rotation") return "n/a";
      if (c.kind === "workload") {
        // Its namespace's ExternalSecret for a secret the workload may not read: the SecretStore reads as this role.
        const other = secrets.find((s) => !readerRolesOf(env.accessModel, s.name).some((r) => r.roleName === c.id))!;
        return [{ action: "secretsmanager:GetSecretValue", resource: other.arn, resourcePolicy: policyOf(other) }];
      }
      const cluster = `arn:aws:eks:${env.region}:${env.accountId}:cluster/${env.kubernetes!.clusterName}`;
      return [{ action: "eks:CreateAccessEntry", resource: cluster }];
    }
  }
}

/** A path walked under one policy set: whether any request got through, and the explicit denies met. */
async function walk(
  account: Account,
  c: ThreatClass,
  requests: Request[],
  withScp: boolean,
): Promise<{ succeeded: boolean; decisions: DetailedDecision[] }> {
  const caller = callerOf(account, c);
  const decisions = await Promise.all(
    requests.map((r) =>
      simulateDetailed(
        {
          principalArn: caller.arn,
          action: r.action,
          resource: r.resource,
          resourceAccount: account.env.accountId,
          ...(r.context ? { context: r.context } : {}),
        },
        caller.policies,
        r.resourcePolicy,
        withScp && caller.inOrganization ? account.scp : undefined,
      ),
    ),
  );
  return { succeeded: decisions.some((d) => d.decision === "Allowed"), decisions };
}

const success = (outcome: ThreatOutcome) => outcome === "allowed" || outcome === "alerted" || outcome === "outside";

let outdir: string;
const accounts = new Map<string, Account>();
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "threat-table-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
  for (const env of resolveEnvironments(exampleEnvironments)) {
    const json = JSON.parse(
      readFileSync(path.join(outdir, "stacks", `secrets-${env.name}`, "cdk.tf.json"), "utf8"),
    ) as TerraformJson;
    accounts.set(env.name, accountOf(env, json));
  }
});

/** Every cell where the table's claim and the simulator disagree, in words. */
async function disagreements(account: Account, table: ReturnType<typeof threatTable>): Promise<string[]> {
  const problems: string[] = [];
  for (const c of table.classes) {
    for (const p of THREAT_PATHS) {
      const claim = table.cells.get(c.id)!.get(p.id)!;
      const requests = requestsOf(account, c, p.id);
      const where = `${c.id} × ${p.id}`;
      if (requests === "n/a") {
        if (claim.outcome !== "n/a")
          problems.push(`${where}: claims ${claim.outcome}, but the path does not exist here`);
        continue;
      }
      if (claim.outcome === "n/a") {
        problems.push(`${where}: claims n/a, but the path exists`);
        continue;
      }
      const withScp = await walk(account, c, requests, true);
      const withoutScp = await walk(account, c, requests, false);
      if (withScp.succeeded !== success(claim.outcome))
        problems.push(
          `${where}: claims ${claim.outcome} with the SCP; the simulator ${withScp.succeeded ? "allows" : "denies"} it`,
        );
      const expectedWithout = claim.withoutScp?.outcome ?? claim.outcome;
      if (withoutScp.succeeded !== success(expectedWithout))
        problems.push(
          `${where}: claims ${expectedWithout} without the SCP; the simulator ${withoutScp.succeeded ? "allows" : "denies"} it`,
        );
      // Each statement the cell names must be one that denied (with the SCP for an SCP statement).
      for (const d of claim.by) {
        if (d.by === "SCP" && !withScp.decisions.some((x) => x.denies.includes(d.name)))
          problems.push(`${where}: names SCP ${d.name}, which denied none of its requests`);
        if (
          d.by === "resource policy" &&
          claim.outcome === "denied" &&
          !withoutScp.decisions.some((x) => x.denies.includes(d.name))
        )
          problems.push(`${where}: names the resource policy's ${d.name}, which denied none of its requests`);
      }
      // A cell denied by identity or key policy alone is an implicit deny (without the SCP).
      const implicitOnly = claim.by.every((d) => d.by === "identity" || d.by === "key policy");
      if (claim.outcome === "denied" && implicitOnly && expectedWithout === "denied")
        if (!withoutScp.decisions.every((x) => x.decision === "ImplicitlyDenied"))
          problems.push(`${where}: claims no statement allows it, but an explicit deny decided`);
    }
  }
  return problems;
}

describe.each(["dev", "staging", "production"])("%s: the threat table, cell by cell", (name) => {
  it("agrees with the IAM simulator on every cell, with the SCP attached and without it", async () => {
    const account = accounts.get(name)!;
    expect(await disagreements(account, threatTable(account.env))).toEqual([]);
  });
});

describe("a workload added by configuration (issue 21's worker)", () => {
  it("has its row, and every cell of production's table with it agrees with the IAM simulator", async () => {
    const config = productionWithWorker();
    const [env] = resolveEnvironments([config]);
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "threat-worker-")), "out");
    await synthesizeToDirectory([config], dir);
    const json = JSON.parse(
      readFileSync(path.join(dir, "stacks", "secrets-production", "cdk.tf.json"), "utf8"),
    ) as TerraformJson;
    const table = threatTable(env!);
    expect(table.classes.map((c) => c.id)).toContain("qualisys-production-worker");
    expect(await disagreements(accountOf(env!, json), table)).toEqual([]);
  });
});

describe("a group in a stack of its own (issue 21)", () => {
  it("claims the same table as the unsplit environment, and every cell still agrees with the IAM simulator", async () => {
    const whole = productionWithWorker();
    const split = withJobsStack(whole);
    const [wholeEnv] = resolveEnvironments([whole]);
    const [splitEnv] = resolveEnvironments([split]);
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "threat-split-")), "out");
    await synthesizeToDirectory([split], dir);
    const json = mergedSecretsStacks(dir, ["secrets-production", "secrets-production-jobs"]);
    const table = threatTable(splitEnv!);
    expect(table).toEqual(threatTable(wholeEnv!));
    expect(await disagreements(accountOf(splitEnv!, json), table)).toEqual([]);
  });
});

describe("a change that opens a path flips a cell", () => {
  it("an over-broad Terraform principal (the PowerUser permission set) opens reads and writes to every power user", async () => {
    // Given production synthesized with one more principal that runs Terraform: every power user
    const production = accounts.get("production")!;
    const config = exampleEnvironments.find((e) => e.name === "production")!;
    const widened = {
      ...config,
      access: {
        ...config.access,
        terraformPrincipals: [...config.access.terraformPrincipals, { ssoPermissionSet: "PowerUser" }],
      },
    };
    const [env] = resolveEnvironments([widened]);
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "threat-widened-")), "out");
    await synthesizeToDirectory([widened], dir);
    const json = JSON.parse(
      readFileSync(path.join(dir, "stacks", "secrets-production", "cdk.tf.json"), "utf8"),
    ) as TerraformJson;
    // When the table the unwidened configuration claims is evaluated against the widened policies
    const problems = await disagreements(accountOf(env!, json), threatTable(production.env));
    // Then the power user's cells flip, with and without the SCP
    expect(problems).toEqual(
      expect.arrayContaining([
        "power-user × read: claims denied with the SCP; the simulator allows it",
        "power-user × write-then-rotate: claims denied with the SCP; the simulator allows it",
        "power-user × policy-change: claims denied with the SCP; the simulator allows it",
      ]),
    );
  });

  it("a rotated secret's policy without its write guard lets an administrator stage a password", async () => {
    const production = accounts.get("production")!;
    const weakened: Account = {
      ...production,
      secrets: production.secrets.map((s) => ({
        ...s,
        resourcePolicy: s.resourcePolicy.filter((statement) => statement.sid !== "DenyValueWritesExceptRotation"),
      })),
    };
    const problems = await disagreements(weakened, threatTable(production.env));
    expect(problems).toEqual(
      expect.arrayContaining([
        "power-user × write-then-rotate: claims denied with the SCP; the simulator allows it",
        "iam-admin × write-then-rotate: claims denied with the SCP; the simulator allows it",
      ]),
    );
  });
});

describe("rotation still works under the guards", () => {
  const decide = async (
    account: Account,
    principalArn: string,
    policies: IamPolicy[],
    action: string,
    resource: string,
    resourcePolicy: IamPolicy | undefined,
    context: Record<string, string> = {},
  ) =>
    (
      await simulateDetailed(
        { principalArn, action, resource, resourceAccount: account.env.accountId, context },
        policies,
        resourcePolicy,
        account.scp,
      )
    ).decision;

  it("an administrator can neither put a pending version on the database secret nor invoke the function; the rotation role writes", async () => {
    const account = accounts.get("production")!;
    const database = account.secrets.find((s) => s.name === "qualisys/database/connection")!;
    const policy = toIamPolicy(database.resourcePolicy);
    const admin = `arn:aws:iam::${account.env.accountId}:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_IamAdmin_0a1b2c3d4e5f6789`;
    expect(await decide(account, admin, [ADMINISTRATOR], "secretsmanager:PutSecretValue", database.arn, policy)).toBe(
      "ExplicitlyDenied",
    );
    expect(
      await decide(
        account,
        admin,
        [ADMINISTRATOR],
        "lambda:InvokeFunction",
        account.functionArn,
        account.functionPolicy,
      ),
    ).toBe("ExplicitlyDenied");
    const rotation = `arn:aws:iam::${account.env.accountId}:role/${rotationFunctionName("production")}`;
    const rotationPolicies = [toIamPolicy(account.identity.get(rotation)!)];
    for (const action of [
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
      "secretsmanager:GetSecretValue",
    ])
      expect(await decide(account, rotation, rotationPolicies, action, database.arn, policy), action).toBe("Allowed");
  });

  it("Secrets Manager may invoke the function for this account's secret; the SCP does not apply to it", async () => {
    // Secrets Manager invokes the function itself, as the service principal, under the function's
    // resource policy; "the only permission [a user] needs to trigger rotation [...] is
    // secretsmanager:RotateSecret" (Secrets Manager User Guide, Permissions required to rotate secrets).
    // SCPs limit the principals of the organization's accounts, not service principals, so the request
    // is evaluated without it (the simulator would apply it to any principal).
    // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
    // see: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
    const account = accounts.get("production")!;
    const database = account.secrets.find((s) => s.name === "qualisys/database/connection")!;
    const invoke = (sourceArn: string) =>
      simulateDetailed(
        {
          principalArn: "secretsmanager.amazonaws.com",
          action: "lambda:InvokeFunction",
          resource: account.functionArn,
          resourceAccount: account.env.accountId,
          context: { "aws:SourceAccount": account.env.accountId, "aws:SourceArn": sourceArn },
        },
        [],
        account.functionPolicy,
        undefined,
      );
    expect((await invoke(database.arn)).decision).toBe("Allowed");
    const other = `arn:aws:secretsmanager:us-east-1:${account.env.accountId}:secret:billing/stripe-Ab3dE9`;
    expect((await invoke(other)).decision).not.toBe("Allowed");
  });

  it("whoever runs Terraform, break glass and an on-call administrator may start a rotation; Terraform and break glass may invoke the function", async () => {
    const account = accounts.get("production")!;
    const database = account.secrets.find((s) => s.name === "qualisys/database/connection")!;
    const policy = toIamPolicy(database.resourcePolicy);
    const sso = (set: string) =>
      `arn:aws:iam::${account.env.accountId}:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_${set}_0a1b2c3d4e5f6789`;
    const terraform = `arn:aws:iam::${account.env.accountId}:role/hcp-terraform/qualisys-production-terraform`;
    for (const who of [terraform, sso("BreakGlass"), sso("OnCall")])
      expect(
        await decide(account, who, [ADMINISTRATOR], "secretsmanager:RotateSecret", database.arn, policy),
        who,
      ).toBe("Allowed");
    for (const who of [terraform, sso("BreakGlass")])
      expect(
        await decide(
          account,
          who,
          [ADMINISTRATOR],
          "lambda:InvokeFunction",
          account.functionArn,
          account.functionPolicy,
        ),
        who,
      ).toBe("Allowed");
  });
});

describe("production's threat table, written out", () => {
  // The outcomes issue 18 asks for, by class and path (read, write-then-rotate, replace-function,
  // become-reader, decrypt, superuser, copy-away, policy-change, kubernetes); "x→y" is x with the SCP, y without.
  const EXPECTED: Record<string, string> = {
    "qualisys-production-api": "allowed denied denied denied denied denied denied denied denied",
    "qualisys-production-ai-agent": "allowed denied denied denied denied denied denied denied denied",
    "qualisys-production-ci-migrations": "allowed denied denied denied denied denied denied denied n/a",
    "qualisys-production-secret-rotation": "allowed allowed denied denied denied allowed denied denied n/a",
    terraform: "allowed allowed allowed allowed denied denied→outside allowed allowed allowed",
    // HCP Terraform's plan role: reads to refresh, and otherwise no more than an administrator outside the lists.
    "terraform-plan": "allowed denied denied→alerted denied→alerted denied denied→outside alerted denied alerted",
    "break-glass": "allowed allowed allowed allowed denied allowed allowed allowed allowed",
    "power-user": "denied denied denied→alerted denied denied denied→outside alerted denied alerted",
    "iam-admin": "denied denied denied→alerted denied→alerted denied denied→outside alerted denied alerted",
    "other-account": "denied denied denied denied denied denied denied denied denied",
  };

  it("claims exactly these outcomes", () => {
    const table = threatTable(accounts.get("production")!.env);
    const written = Object.fromEntries(
      table.classes.map((c) => [
        c.id,
        THREAT_PATHS.map((p) => {
          const cell = table.cells.get(c.id)!.get(p.id)!;
          return cell.withoutScp ? `${cell.outcome}→${cell.withoutScp.outcome}` : cell.outcome;
        }).join(" "),
      ]),
    );
    expect(written).toEqual(EXPECTED);
  });
});
