import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADMINISTRATOR_ACCESS, rotationEvent } from "./helpers/deployed-account";
import { deployedScenario, NOW, rowOf, runVerify } from "./helpers/verify-run";
import { OPERATOR_PLACEHOLDER } from "../catalog/secret-catalog";
import { runVerifyCommand } from "../tooling/verify/command";
import { renderText } from "../tooling/verify/report";

const AWS_ROWS = ["AC1", "AC2", "AC3", "AC4", "AC5", "AC6", "AC7", "AC10", "AC11", "AC12"];

/** The account's value of a secret, as an object, to change one field. */
function edit(
  account: ReturnType<typeof deployedScenario>["account"],
  name: string,
  change: (fields: Record<string, unknown>) => void,
): void {
  const secret = account.secrets.get(name)!;
  const fields = JSON.parse(secret.value) as Record<string, unknown>;
  change(fields);
  secret.value = JSON.stringify(fields);
}

describe("npm run verify against the AWS account", () => {
  it("passes every AWS criterion of a healthy environment, says why for each, and exits 0", async () => {
    const { environment, account } = deployedScenario();
    const run = await runVerify(environment, account);
    expect(run.err).toBe("");
    expect(Object.fromEntries(AWS_ROWS.map((id) => [id, rowOf(run, id).outcome]))).toEqual(
      Object.fromEntries(AWS_ROWS.map((id) => [id, "PASS"])),
    );
    // Without a kubeconfig the Kubernetes rows are not checked, and say why.
    expect(rowOf(run, "AC8")).toMatchObject({
      outcome: "NOT CHECKED",
      evidence: [expect.stringContaining("aws eks update-kubeconfig --name qualisys-test")],
    });
    expect(run.code).toBe(0);
    expect(rowOf(run, "AC1").evidence).toContain(
      "alias/qualisys/secrets is " + account.key.arn + ", enabled, customer managed",
    );
    expect(rowOf(run, "AC4").evidence.join("\n")).toContain("secret (64 hex characters = 256 bits, at least 256)");
    expect(rowOf(run, "AC10").evidence.join("\n")).toMatch(
      /every 90 days, by arn:aws:lambda:eu-central-1:123456789012:function:qualisys-dev-secret-rotation.*\n.*last outcome RotationSucceeded/,
    );
    expect(rowOf(run, "AC11").evidence.join("\n")).toContain("trail qualisys-dev is logging");
    expect(rowOf(run, "AC11").evidence).toContain(
      "alarm qualisys-dev-security-secretsmanager-denied-calls notifies arn:aws:sns:eu-central-1:123456789012:qualisys-dev-security; state OK",
    );
    expect(rowOf(run, "AC12").evidence).toEqual(
      expect.arrayContaining(["test-ai-agent reads qualisys/llm/openai, qualisys/llm/anthropic, and nothing else"]),
    );
    expect(run.rows.map((r) => r.id)).toEqual([
      "AC1",
      "AC2",
      "AC3",
      "AC4",
      "AC5",
      "AC6",
      "AC7",
      "AC8",
      "AC9",
      "AC10",
      "AC11",
      "AC12",
    ]);
  });

  it("fails AC1 when a secret is deleted, or scheduled for deletion, or encrypted with another key", async () => {
    const { environment, account } = deployedScenario();
    account.secrets.delete("qualisys/redis/connection");
    account.secrets.get("qualisys/oauth/google")!.deletedDate = new Date("2026-11-29T08:00:00Z");
    account.secrets.get("qualisys/llm/openai")!.kmsKeyId = undefined;
    const run = await runVerify(environment, account);
    const ac1 = rowOf(run, "AC1");
    expect(ac1.outcome).toBe("FAIL");
    expect(ac1.evidence).toEqual(
      expect.arrayContaining([
        "FAIL: qualisys/redis/connection: not found (deleted, never applied, or in another account or region)",
        expect.stringMatching(/^FAIL: qualisys\/oauth\/google: scheduled for deletion since 2026-11-29T08:00:00.000Z/),
        "FAIL: qualisys/llm/openai: encrypted with the AWS managed key aws/secretsmanager, not the environment's key",
      ]),
    );
    expect(rowOf(run, "AC3").outcome).toBe("FAIL");
    expect(run.code).toBe(1);
  });

  it("fails AC2 when the database secret lacks a field, or has one the catalog does not", async () => {
    const { environment, account } = deployedScenario();
    edit(account, "qualisys/database/connection", (f) => {
      delete f.password;
      f.sslmode = "require";
    });
    const run = await runVerify(environment, account);
    expect(rowOf(run, "AC2")).toMatchObject({
      outcome: "FAIL",
      evidence: expect.arrayContaining([
        expect.stringMatching(
          /^FAIL: qualisys\/database\/connection: missing field password \(the catalog's fields: host, port, database, username, password/,
        ),
        "FAIL: qualisys/database/connection: field the catalog does not have: sslmode",
      ]),
    });
    expect(run.code).toBe(1);
  });

  it("fails AC4 when the JWT signing key is shorter than 256 bits, counting hex as 4 bits a character", async () => {
    const { environment, account } = deployedScenario();
    // 48 hex characters: 24 random bytes, 192 bits.
    edit(account, "qualisys/jwt/signing-key", (f) => (f.secret = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4"));
    const run = await runVerify(environment, account);
    expect(rowOf(run, "AC4")).toMatchObject({
      outcome: "FAIL",
      evidence: [
        expect.stringContaining(
          "qualisys/jwt/signing-key: secret is 48 hex characters (192 bits); at least 256 bits required",
        ),
      ],
    });
  });

  it("fails a criterion whose secret still holds the operator's placeholder: not set yet", async () => {
    const { environment, account } = deployedScenario();
    edit(account, "qualisys/llm/anthropic", (f) => (f.api_key = OPERATOR_PLACEHOLDER));
    const run = await runVerify(environment, account);
    expect(rowOf(run, "AC5")).toMatchObject({
      outcome: "FAIL",
      evidence: expect.arrayContaining([
        expect.stringMatching(
          /^FAIL: qualisys\/llm\/anthropic: not set yet \(api_key still SET_ME_WITH_put-secret-value/,
        ),
      ]),
    });
  });

  it("fails AC2 on a value that is not a JSON object, without quoting it", async () => {
    const { environment, account } = deployedScenario();
    account.secrets.get("qualisys/database/connection")!.value = "host=db password=hunter2-not-json";
    const run = await runVerify(environment, account);
    expect(rowOf(run, "AC2").evidence).toEqual(
      expect.arrayContaining([expect.stringContaining("the current value is not a JSON object")]),
    );
    expect(run.out).not.toContain("hunter2");
  });

  it("fails AC10 when rotation is off, on another schedule or function, or the last rotation failed", async () => {
    const off = deployedScenario();
    off.account.secrets.get("qualisys/database/connection")!.rotation!.enabled = false;
    expect(rowOf(await runVerify(off.environment, off.account), "AC10")).toMatchObject({
      outcome: "FAIL",
      evidence: ["FAIL: qualisys/database/connection: rotation is off"],
    });

    const other = deployedScenario();
    Object.assign(other.account.secrets.get("qualisys/database/connection")!.rotation!, {
      days: 30,
      lambdaArn: "arn:aws:lambda:eu-central-1:123456789012:function:someone-elses",
    });
    const otherRow = rowOf(await runVerify(other.environment, other.account), "AC10");
    expect(otherRow.outcome).toBe("FAIL");
    expect(otherRow.evidence).toEqual(
      expect.arrayContaining([
        expect.stringContaining("rotates every 30 days; configured every 90 days"),
        expect.stringContaining("rotated by arn:aws:lambda:eu-central-1:123456789012:function:someone-elses"),
      ]),
    );

    const failed = deployedScenario();
    const secret = failed.account.secrets.get("qualisys/database/connection")!;
    failed.account.events.push(
      rotationEvent(failed.account, secret, "RotationFailed", new Date(NOW.getTime() - 3600_000)),
    );
    expect(rowOf(await runVerify(failed.environment, failed.account), "AC10").evidence).toContain(
      `FAIL: qualisys/database/connection: last outcome RotationFailed at ${new Date(NOW.getTime() - 3600_000).toISOString()} (runbook: infrastructure/runbooks/failed-rotation.md)`,
    );
  });

  it("fails AC11 when the trail stopped logging, the denied-calls alarm notifies nobody, or no read of the last day is in the event history", async () => {
    const stopped = deployedScenario();
    stopped.account.trail!.logging = false;
    const run = await runVerify(stopped.environment, stopped.account);
    expect(rowOf(run, "AC11")).toMatchObject({
      outcome: "FAIL",
      evidence: expect.arrayContaining([
        expect.stringMatching(/^FAIL: trail qualisys-dev is not logging \(stopped 2026-11-29T22:00:00.000Z\)/),
      ]),
    });
    expect(run.code).toBe(1);

    const unheard = deployedScenario();
    unheard.account.alarms.get("qualisys-dev-security-secretsmanager-denied-calls")!.alarmActions = [];
    expect(rowOf(await runVerify(unheard.environment, unheard.account), "AC11").evidence).toContain(
      "FAIL: alarm qualisys-dev-security-secretsmanager-denied-calls does not notify arn:aws:sns:eu-central-1:123456789012:qualisys-dev-security (it notifies nobody)",
    );

    const quiet = deployedScenario();
    quiet.account.events.splice(0, quiet.account.events.length);
    expect(rowOf(await runVerify(quiet.environment, quiet.account), "AC11").evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FAIL: no GetSecretValue event on a catalog secret in the last 24 hours/),
      ]),
    );
  });

  it("in organization-trail mode, checks the organization's trail and that the denied-calls rule receives read-only events", async () => {
    const organization = {
      audit: { trail: "organization" as const, nobodyToNotifyBecause: "a test environment: nobody reads its alerts" },
    };
    const healthy = deployedScenario(organization);
    const run = await runVerify(healthy.environment, healthy.account);
    expect(rowOf(run, "AC11")).toMatchObject({
      outcome: "PASS",
      evidence: expect.arrayContaining([
        expect.stringContaining(
          "organization trail arn:aws:cloudtrail:us-east-1:999999999999:trail/organization-trail is logging",
        ),
        expect.stringContaining(
          "rule qualisys-dev-security-secretsmanager-denied-calls receives read-only management events",
        ),
      ]),
    });

    const narrowed = deployedScenario(organization);
    narrowed.account.rules.get("qualisys-dev-security-secretsmanager-denied-calls")!.state = "ENABLED";
    expect(rowOf(await runVerify(narrowed.environment, narrowed.account), "AC11").outcome).toBe("FAIL");
  });

  it("fails AC12 when a role can read more than the access model grants, or a secret lost its resource policy", async () => {
    const { environment, account } = deployedScenario();
    const allow = (secretName: string) => ({
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: account.secrets.get(secretName)!.arn,
    });
    // Granted by hand on both sides' behalf: an identity policy, and a secret whose resource policy is gone.
    account.roles.get("test-ai-agent")!.inline.push({
      name: "added-by-hand",
      document: { Version: "2012-10-17", Statement: [allow("qualisys/jwt/signing-key")] },
    });
    account.secrets.get("qualisys/jwt/signing-key")!.resourcePolicy = undefined;
    const run = await runVerify(environment, account);
    expect(rowOf(run, "AC12")).toMatchObject({
      outcome: "FAIL",
      evidence: expect.arrayContaining([
        "FAIL: test-ai-agent can read qualisys/jwt/signing-key; the access model does not grant it",
        "FAIL: qualisys/jwt/signing-key: has no resource policy (anyone whose identity policy allows it may read)",
        "FAIL: qualisys/jwt/signing-key: an administrator of the account who is no reader can read it (the resource policy does not deny others)",
      ]),
    });
  });

  it("fails AC12 when a reader role is gone; does not check it when the caller may not read IAM", async () => {
    const gone = deployedScenario();
    gone.account.roles.delete("test-ai-agent");
    expect(rowOf(await runVerify(gone.environment, gone.account), "AC12")).toMatchObject({
      outcome: "FAIL",
      evidence: [
        "FAIL: role test-ai-agent: IAM's policy simulator: NoSuchEntityException: The role with name test-ai-agent cannot be found.",
      ],
    });
    const blind = deployedScenario();
    blind.account.forbidden.add("iam:SimulatePrincipalPolicy");
    const row = rowOf(await runVerify(blind.environment, blind.account), "AC12");
    expect(row.outcome).toBe("NOT CHECKED");
    expect(row.evidence[0]).toMatch(
      /^NOT CHECKED: role test-api: IAM's policy simulator: not allowed to look \(AccessDenied: User: .* is not authorized to perform: iam:SimulatePrincipalPolicy/,
    );
  });

  it("holds AC12 when only an identity policy over-grants: the secret's resource policy still denies the read", async () => {
    const { environment, account } = deployedScenario();
    const oauth = account.secrets.get("qualisys/oauth/google")!.arn;
    account.roles.get("test-ai-agent")!.inline.push({
      name: "added-by-hand",
      document: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: oauth }],
      },
    });
    const row = rowOf(await runVerify(environment, account), "AC12");
    expect(row.outcome).toBe("PASS");
    // ... but says that one of the two guards is gone.
    expect(row.evidence).toContain(
      "WARNING: test-ai-agent's identity policy allows reading qualisys/oauth/google, which the access model does not grant; only the secret's resource policy still denies it (defence in depth lost)",
    );
  });

  it("fails AC10 when a version labelled only AWSPENDING blocks every future rotation, though rotation is on", async () => {
    // What a failed rotation leaves behind (the failed-rotation runbook's stuck state).
    const { environment, account } = deployedScenario();
    account.secrets.get("qualisys/database/connection")!.pendingVersionId = "9c1b6e9e-6a4b-4c0d-9a55-7f3c2b1d0e8f";
    const row = rowOf(await runVerify(environment, account), "AC10");
    expect(row.outcome).toBe("FAIL");
    expect(row.evidence).toContain(
      'FAIL: qualisys/database/connection: version 9c1b6e9e-6a4b-4c0d-9a55-7f3c2b1d0e8f is labelled AWSPENDING without AWSCURRENT: unless a rotation is running now, every future rotation is refused (runbook: infrastructure/runbooks/failed-rotation.md, "AWSPENDING")',
    );
  });

  it("does not try to read what the resource policy denies the caller (the denied-calls alarm stays quiet), and checks what DescribeSecret shows", async () => {
    const { environment, account } = deployedScenario();
    account.caller = {
      arn: "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/jane",
      identity: [ADMINISTRATOR_ACCESS],
    };
    const run = await runVerify(environment, account);
    expect(rowOf(run, "AC6")).toMatchObject({
      outcome: "NOT CHECKED",
      evidence: [
        "NOT CHECKED: qualisys/oauth/google: arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/jane is not a reader " +
          "(the resource policy denies arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef; not read, so that the denied-calls alarm stays quiet); " +
          `DescribeSecret shows a current version (${account.secrets.get("qualisys/oauth/google")!.versionId}), last changed 2026-10-31T03:00:00.000Z; fields not checked`,
      ],
    });
    expect(run.secretsManagerCalls).not.toContain("GetSecretValueCommand");
    expect(run.code).toBe(0);
  });

  it("reads as whoever runs Terraform: the resource policies admit the permission set, with the role's path from IAM", async () => {
    const { environment, account } = deployedScenario();
    const run = await runVerify(environment, account);
    expect(run.secretsManagerCalls.filter((c) => c === "GetSecretValueCommand")).toHaveLength(
      environment.catalog.length,
    );
  });

  it("says what AWS answered when a read it expected to work is denied", async () => {
    const { environment, account } = deployedScenario();
    // A permission set the policies admit, whose identity policy lacks the read: AWS denies, verify says so.
    account.caller.identity = [];
    const row = rowOf(await runVerify(environment, account), "AC3");
    expect(row).toMatchObject({
      outcome: "NOT CHECKED",
      evidence: [
        expect.stringContaining(
          "is not a reader (AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PlatformEngineer_0123456789abcdef/jane is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:eu-central-1:123456789012:secret:qualisys/redis/connection-Ab3dE9 because no identity-based policy allows the secretsmanager:GetSecretValue action",
        ),
      ],
    });
  });

  it("refuses to run with another account's credentials, bad arguments or an unknown environment (exit 2, nothing checked)", async () => {
    const { environment, account } = deployedScenario();
    const elsewhere = { ...environment, accountId: "210987654321" };
    const wrong = await runVerify(elsewhere, account);
    expect(wrong).toMatchObject({
      code: 2,
      out: "",
      err: expect.stringContaining("the credentials are for account 123456789012"),
    });
    expect(await runVerify(environment, account, ["--json", "--colour"])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown option '--colour'[\s\S]*usage: npm run verify/),
    });
    const err: string[] = [];
    const unknown = await runVerifyCommand(["--environment", "qa"], {
      environments: [environment],
      out: () => undefined,
      err: (t) => err.push(t),
    });
    expect([unknown, err.join("")]).toEqual([
      2,
      expect.stringContaining('--environment: no environment named "qa" (one of dev)'),
    ]);
    const readOnly = await runVerify({ ...environment, verifyWrites: false }, account, ["--rotate", "--sync-check"]);
    expect(readOnly).toMatchObject({
      code: 2,
      err: "--rotate and --sync-check: environment dev is verified read-only (these write new secret versions; verifyWrites: true in its configuration allows them, as dev's and staging's do)",
    });
    expect(account.writes).toEqual([]);
  });

  it("is what npm run verify runs: the example environments, exit 2 and the usage on a bad argument", () => {
    const cli = spawnSync("npx", ["tsx", "cli/verify.ts", "--environment", "qa"], {
      cwd: path.resolve(__dirname, ".."),
      encoding: "utf8",
    });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('--environment: no environment named "qa" (one of dev, staging, production)');
    expect(cli.stderr).toContain("usage: npm run verify -- --environment <name>");
  });

  it("prints the same rows as text, one line per criterion with its evidence below", async () => {
    const { environment, account } = deployedScenario();
    const json = await runVerify(environment, account);
    const text = await runVerify(environment, account, []);
    expect(text.code).toBe(json.code);
    for (const row of json.rows) {
      expect(text.out).toContain(`${row.id.padEnd(4)}  ${row.outcome.padEnd(11)}  ${row.title}`);
      for (const line of row.evidence) expect(text.out).toContain(`- ${line}`);
    }
    expect(text.out).toMatch(/10 passed, 0 failed, 2 not checked$/);
  });

  it("T7.4: --rotate starts a rotation, waits for the new version to be AWSCURRENT and checks its fields", async () => {
    const { environment, account } = deployedScenario();
    const before = account.secrets.get("qualisys/database/connection")!.versionId;
    const run = await runVerify(environment, account, ["--json", "--rotate"]);
    const after = account.secrets.get("qualisys/database/connection")!.versionId;
    expect(after).not.toBe(before);
    expect(rowOf(run, "T7.4")).toMatchObject({
      outcome: "PASS",
      evidence: [
        expect.stringMatching(
          new RegExp(`^qualisys/database/connection: rotated to version ${after} in \\d+\\.\\d s$`),
        ),
        expect.stringContaining("all set"),
      ],
    });
  });
});

describe("the text report", () => {
  it("keeps each evidence line on one line when an error message spans several", () => {
    const text = renderText({
      environment: "dev",
      accountId: "111111111111",
      region: "us-east-1",
      caller: "arn:aws:sts::111111111111:assumed-role/x/y",
      checkedAt: "2026-12-07T00:00:00.000Z",
      rows: [
        {
          id: "AC11",
          title: "Audit",
          outcome: "NOT CHECKED",
          evidence: ["NOT CHECKED: the trail could not be read (ThrottlingException: Rate exceeded\n  retry later)"],
        },
      ],
    });
    expect(text.split("\n")).toContain(
      "      - NOT CHECKED: the trail could not be read (ThrottlingException: Rate exceeded retry later)",
    );
    expect(text.split("\n").filter((line) => line.includes("retry later"))).toHaveLength(1);
  });
});
