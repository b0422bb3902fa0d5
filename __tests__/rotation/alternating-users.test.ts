import { describe, expect, it } from "vitest";
import { RotationHarness } from "../helpers/rotation-harness";
import { asSuperuser, logsIn } from "../../harness/postgres";
import { Client } from "pg";

const h = RotationHarness.setup();

/** A superuser-like secret (CREATEROLE, as RDS's master user) and an application user with a grant on a table. */
async function alternatingSecret() {
  const admin = RotationHarness.roleName("admin");
  const adminPassword = "admin-password-never-logged-77";
  await h.createRole(admin, adminPassword, { createRole: true });
  const masterArn = await h.createSecret(`qualisys/database/${admin}`, h.secretJson(admin, adminPassword));

  const username = RotationHarness.roleName();
  const password = "app-password-before-rotation-1";
  await h.createRole(username, password);
  const table = `orders_${username}`;
  await asSuperuser(h.pg, async (client) => {
    await client.query(`CREATE TABLE ${client.escapeIdentifier(table)} (id int)`);
    await client.query(`INSERT INTO ${client.escapeIdentifier(table)} VALUES (1), (2)`);
    await client.query(`GRANT SELECT ON ${client.escapeIdentifier(table)} TO ${client.escapeIdentifier(username)}`);
    // Roles a CREATEROLE user may grant: PostgreSQL 15 lets it grant membership in any non-superuser role.
  });
  const arn = await h.createSecret(
    `qualisys/database/${username}`,
    h.secretJson(username, password, { rotation_strategy: "alternating-users", masterarn: masterArn }),
  );
  return { arn, masterArn, admin, adminPassword, username, password, table };
}

async function countRows(user: string, password: string, table: string): Promise<number> {
  const client = new Client({ host: h.pg.host, port: h.pg.port, user, password, database: "postgres" });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${client.escapeIdentifier(table)}`);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe("alternating-users rotation", () => {
  it("keeps the credentials applications hold valid throughout, and gives the clone the same privileges", async () => {
    const { arn, username, password, table, adminPassword } = await alternatingSecret();
    h.output = "";

    // First rotation: the clone user is created with the application user's privileges.
    const token = await h.startRotation(arn);
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"]) {
      await h.step(arn, token, step);
      expect(await logsIn(h.pg, username, password), `original credentials after ${step}`).toBe(true);
    }
    const first = await h.version(arn, "AWSCURRENT");
    expect(first.username).toBe(`${username}_clone`);
    expect(first.masterarn).toBeDefined();
    expect(first.connection_string).toContain(`${username}_clone:`);
    expect(await countRows(String(first.username), String(first.password), table)).toBe(2);

    // Second rotation: back to the original user, whose password changes; the clone's credentials keep working.
    const second = await h.startRotation(arn);
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"]) {
      await h.step(arn, second, step);
      expect(
        await logsIn(h.pg, String(first.username), String(first.password)),
        `clone credentials after ${step}`,
      ).toBe(true);
    }
    const current = await h.version(arn, "AWSCURRENT");
    expect(current.username).toBe(username);
    expect(await logsIn(h.pg, username, String(current.password))).toBe(true);
    expect(await logsIn(h.pg, username, password)).toBe(false);
    expect(await countRows(username, String(current.password), table)).toBe(2);
    expect((await h.version(arn, "AWSPREVIOUS")).username).toBe(`${username}_clone`);

    for (const secret of [password, String(first.password), String(current.password), adminPassword])
      expect(h.output).not.toContain(secret);
    expect(
      h
        .logLines()
        .filter((l) => l.step === "setSecret")
        .map((l) => l.strategy),
    ).toEqual(["alternating-users", "alternating-users"]);
  });

  it("refuses a superuser secret for another host", async () => {
    const { arn, masterArn } = await alternatingSecret();
    // Given a superuser secret that names another host
    const admin = await h.version(masterArn, "AWSCURRENT");
    const otherHostMaster = await h.createSecret(`qualisys/database/${RotationHarness.roleName("other")}`, {
      ...admin,
      host: "localhost",
    });
    const json = await h.version(arn, "AWSCURRENT");
    const arn2 = await h.createSecret(`qualisys/database/${RotationHarness.roleName("app")}`, {
      ...json,
      masterarn: otherHostMaster,
    });
    const token = await h.startRotation(arn2);
    await h.step(arn2, token, "createSecret");
    await expect(h.step(arn2, token, "setSecret")).rejects.toThrow(
      "the superuser secret's host differs from the secret's host; expected the same host",
    );
  });
});
