import { PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { asSuperuser, logsIn } from "../../harness/postgres";
import { RotationHarness, type DatabaseSecretJson } from "../helpers/rotation-harness";

/**
 * Write-then-rotate: a principal that may write the secret but not read it puts an AWSPENDING version of
 * its own (PutSecretValue with the rotation's token and VersionStages AWSPENDING, as the API reference
 * allows: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html) and lets
 * the function's setSecret act on it. setSecret must refuse a version that names another host or a user
 * other than the one the strategy rotates, change nothing, and say so without naming either.
 */
const h = RotationHarness.setup();

async function putPending(arn: string, token: string, json: DatabaseSecretJson): Promise<void> {
  await h.client.send(
    new PutSecretValueCommand({
      SecretId: arn,
      ClientRequestToken: token,
      SecretString: JSON.stringify(json),
      VersionStages: ["AWSPENDING"],
    }),
  );
}

async function setSecretError(arn: string, token: string): Promise<Error> {
  const error = await h.step(arn, token, "setSecret").then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, "setSecret should refuse the pending version").toBeInstanceOf(Error);
  return error!;
}

/** What the error and everything the function printed must not contain. */
function expectNamesNeither(error: Error, ...values: string[]): void {
  for (const value of values) {
    expect(error.message).not.toContain(value);
    expect(h.output).not.toContain(value);
  }
}

async function roleExists(role: string): Promise<boolean> {
  return asSuperuser(h.pg, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [role]);
    return (rowCount ?? 0) > 0;
  });
}

/** A secret name that does not contain the user's (the harness's own helper names the secret after it). */
const secretName = () => `qualisys/database/${RotationHarness.roleName("guarded")}`;

/** A single-user secret of a fresh role. */
async function singleUserSecret() {
  const username = RotationHarness.roleName();
  const password = "app-password-guards-0";
  await h.createRole(username, password);
  const arn = await h.createSecret(secretName(), h.secretJson(username, password));
  return { arn, username, password };
}

/** An alternating-users secret with its superuser secret (CREATEROLE, as RDS's master user). */
async function alternatingSecret() {
  const admin = RotationHarness.roleName("admin");
  await h.createRole(admin, "admin-password-guards-1", { createRole: true });
  const masterArn = await h.createSecret(secretName(), h.secretJson(admin, "admin-password-guards-1"));
  const username = RotationHarness.roleName();
  const password = "app-password-guards-1";
  await h.createRole(username, password);
  const arn = await h.createSecret(
    secretName(),
    h.secretJson(username, password, { rotation_strategy: "alternating-users", masterarn: masterArn }),
  );
  return { arn, masterArn, username, password };
}

describe("setSecret refuses a pending version written by someone else", () => {
  it("alternating users: a pending version for the current user (not the other one) changes no password", async () => {
    // Given an attacker's pending version: the real host, the base user, a password of its choosing
    const { arn, masterArn, username, password } = await alternatingSecret();
    const token = await h.startRotation(arn);
    const chosen = "attacker-chosen-password-1";
    await putPending(
      arn,
      token,
      h.secretJson(username, chosen, { rotation_strategy: "alternating-users", masterarn: masterArn }),
    );

    // When the function runs setSecret on it
    const error = await setSecretError(arn, token);

    // Then it is refused, the base user keeps its password, and the error names neither user nor host
    expect(error.message).toContain("the AWSPENDING user is not the one the alternating-users strategy rotates");
    expect(await logsIn(h.pg, username, password)).toBe(true);
    expect(await logsIn(h.pg, username, chosen)).toBe(false);
    expectNamesNeither(error, username, h.pg.host, chosen);
  });

  it("alternating users: a pending version for another host is refused before any connection", async () => {
    // Given a pending version for the expected clone on another address (loopback: nothing listens there)
    const { arn, masterArn, username } = await alternatingSecret();
    const token = await h.startRotation(arn);
    const clone = `${username}_clone`;
    const elsewhere = { ...h.secretJson(clone, "attacker-chosen-password-2"), host: "127.0.0.2" };
    await putPending(arn, token, { ...elsewhere, rotation_strategy: "alternating-users", masterarn: masterArn });

    // When setSecret runs
    const error = await setSecretError(arn, token);

    // Then: refused, no clone was created, and neither host is named
    expect(error.message).toContain("the AWSPENDING host differs from the AWSCURRENT host; expected the same host");
    expect(await roleExists(clone)).toBe(false);
    expectNamesNeither(error, "127.0.0.2", h.pg.host, clone);
  });

  it("single user: a pending version for another user of the server changes that user's password no more than its own", async () => {
    // Given a second role on the same server, and a pending version naming it
    const { arn, username, password } = await singleUserSecret();
    const victim = RotationHarness.roleName("victim");
    await h.createRole(victim, "victim-password-1");
    const token = await h.startRotation(arn);
    await putPending(arn, token, h.secretJson(victim, "attacker-chosen-password-3"));

    // When setSecret runs
    const error = await setSecretError(arn, token);

    // Then: refused; both roles keep their passwords
    expect(error.message).toContain("the AWSPENDING user is not the one the single-user strategy rotates");
    expect(await logsIn(h.pg, victim, "victim-password-1")).toBe(true);
    expect(await logsIn(h.pg, username, password)).toBe(true);
    expectNamesNeither(error, victim, username, h.pg.host);
  });

  it("single user: a pending version for another host is refused", async () => {
    const { arn, username, password } = await singleUserSecret();
    const token = await h.startRotation(arn);
    await putPending(arn, token, { ...h.secretJson(username, "attacker-chosen-password-4"), host: "127.0.0.2" });

    const error = await setSecretError(arn, token);

    expect(error.message).toContain("the AWSPENDING host differs from the AWSCURRENT host");
    expect(await logsIn(h.pg, username, password)).toBe(true);
    expectNamesNeither(error, "127.0.0.2", h.pg.host, username);
  });

  it("a refused login is reported without the user, host or address the driver quotes", async () => {
    // Given a secret whose current password no longer logs in (PostgreSQL's message names the user)
    const { arn, username } = await singleUserSecret();
    await h.pgAsSuperuser(`ALTER ROLE "${username}" WITH PASSWORD 'changed-behind-the-secret'`);
    const token = await h.startRotation(arn);
    await h.step(arn, token, "createSecret");

    // When setSecret cannot log in
    const error = await setSecretError(arn, token);

    // Then the error says why (the SQLSTATE of a refused password) and names no user, host or address
    expect(error.message).toContain("the AWSCURRENT credentials do not log in (auth: 28P01");
    expect(error.message).toContain("<user>");
    expectNamesNeither(error, username, h.pg.host);
  });
});
