import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { scramSha256Verifier } from "../../lambda/rotation/scram";
import { asSuperuser } from "../../harness/postgres";
import { RotationHarness } from "../helpers/rotation-harness";

const h = RotationHarness.setup();

/** An alternating-users secret whose base user owns a schema and a table there, as a deployed application's would. */
async function applicationDatabase() {
  const admin = RotationHarness.roleName("admin");
  const adminPassword = "admin-password-migrations-1";
  await h.createRole(admin, adminPassword, { createRole: true });
  const masterArn = await h.createSecret(
    `qualisys/database/${RotationHarness.roleName("master")}`,
    h.secretJson(admin, adminPassword),
  );
  const base = RotationHarness.roleName();
  const password = "app-password-migrations-1";
  await h.createRole(base, password);
  const schema = `app_${base}`;
  await asSuperuser(h.pg, async (client) => {
    await client.query(
      `CREATE SCHEMA ${client.escapeIdentifier(schema)} AUTHORIZATION ${client.escapeIdentifier(base)}`,
    );
    await client.query(`CREATE TABLE ${client.escapeIdentifier(schema)}.legacy (id int)`);
    await client.query(
      `ALTER TABLE ${client.escapeIdentifier(schema)}.legacy OWNER TO ${client.escapeIdentifier(base)}`,
    );
  });
  const arn = await h.createSecret(
    `qualisys/database/${RotationHarness.roleName("app")}`,
    h.secretJson(base, password, { rotation_strategy: "alternating-users", masterarn: masterArn }),
  );
  return { arn, admin, adminPassword, base, schema };
}

async function asUser<T>(user: string, password: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: h.pg.host, port: h.pg.port, user, password, database: "postgres" });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** What a migration does: a table, a sequence, a view and a function, named after the round. */
async function migrate(user: string, password: string, schema: string, round: number): Promise<void> {
  await asUser(user, password, async (c) => {
    const s = c.escapeIdentifier(schema);
    await c.query(`CREATE TABLE ${s}.orders_${round} (id int, note text)`);
    await c.query(`CREATE SEQUENCE ${s}.order_ids_${round}`);
    await c.query(`CREATE VIEW ${s}.recent_${round} AS SELECT id FROM ${s}.orders_${round}`);
    await c.query(`CREATE FUNCTION ${s}.double_${round}(x int) RETURNS int LANGUAGE sql AS 'SELECT 2 * x'`);
  });
}

/** Reads and writes every object of every round so far, and the base user's own table, as this user. */
async function useEverything(user: string, password: string, schema: string, rounds: readonly number[]): Promise<void> {
  await asUser(user, password, async (c) => {
    const s = c.escapeIdentifier(schema);
    await c.query(`INSERT INTO ${s}.legacy VALUES (1)`);
    await c.query(`SELECT count(*) FROM ${s}.legacy`);
    for (const r of rounds) {
      await c.query(`INSERT INTO ${s}.orders_${r} VALUES (nextval('${schema}.order_ids_${r}'), 'by ${user}')`);
      await c.query(`UPDATE ${s}.orders_${r} SET note = 'seen' WHERE id > 0`);
      await c.query(`SELECT * FROM ${s}.recent_${r}`);
      const { rows } = await c.query<{ d: number }>(`SELECT ${s}.double_${r}(21) AS d`);
      expect(rows[0]!.d).toBe(42);
    }
  });
}

/** The credentials of both users after a rotation: AWSCURRENT and AWSPREVIOUS. */
async function bothUsers(arn: string): Promise<{ username: string; password: string }[]> {
  const current = await h.version(arn, "AWSCURRENT");
  const previous = await h.version(arn, "AWSPREVIOUS");
  return [current, previous].map((v) => ({ username: String(v.username), password: String(v.password) }));
}

describe("alternating users across rotations, with migrations in between", () => {
  it("keeps every object usable by both users after rotations 1, 2 and 3, and the base user's own objects working", async () => {
    const { arn, base, schema } = await applicationDatabase();
    const rounds: number[] = [];
    for (const round of [1, 2, 3]) {
      // A rotation, then a migration run by whoever is current (the migration pipeline reads this secret)
      await h.rotate(arn);
      const current = await h.version(arn, "AWSCURRENT");
      await migrate(String(current.username), String(current.password), schema, round);
      rounds.push(round);
      // Then both users read and write everything made so far
      for (const user of await bothUsers(arn)) await useEverything(user.username, user.password, schema, rounds);
    }
    // And every object belongs to the base user, whoever created it
    const owners = await asSuperuser(h.pg, async (c) => {
      const { rows } = await c.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
         UNION SELECT DISTINCT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
        [schema],
      );
      return rows.map((r) => r.owner);
    });
    expect(owners).toEqual([base]);
  });
});

describe("no password reaches the server's log", () => {
  it("with log_statement = 'all', two rotations log the verifiers they sent and neither password, old or new; the new one logs in over SCRAM", async () => {
    const { arn, admin, base } = await applicationDatabase();
    // Statement logging on for every role the function logs in as (superuser-only setting, per role).
    for (const role of [admin, base, `${base}_clone`]) {
      await h.pgAsSuperuser(`CREATE ROLE "${role}" NOLOGIN`).catch(() => undefined);
      await h.pgAsSuperuser(`ALTER ROLE "${role}" SET log_statement = 'all'`);
    }
    const passwords = [String((await h.version(arn, "AWSCURRENT")).password)];
    await h.rotate(arn);
    await h.rotate(arn);
    for (const user of await bothUsers(arn)) passwords.push(user.password);

    const log = readFileSync(path.join(h.pg.dir, "server.log"), "utf8");
    // The statements were logged (so this test can see a password if one were sent) ...
    expect(log).toMatch(new RegExp(`ALTER ROLE "${base}(_clone)?" WITH PASSWORD 'SCRAM-SHA-256\\$4096:`));
    // ... and hold no password.
    for (const password of passwords) expect(log).not.toContain(password);
    // The stored secret is a SCRAM verifier, and the new credentials log in (pg_hba: scram-sha-256).
    const stored = await asSuperuser(h.pg, async (c) => {
      const { rows } = await c.query<{ p: string }>("SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1", [
        base,
      ]);
      return rows[0]!.p;
    });
    expect(stored).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
  });
});

describe("the SCRAM-SHA-256 verifier", () => {
  it("reproduces RFC 7677's example exchange (password pencil, its salt and 4096 iterations)", async () => {
    // RFC 7677 §3: the client proof and the server signature follow from StoredKey and ServerKey.
    const { createHash, createHmac } = await import("node:crypto");
    const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
    const verifier = scramSha256Verifier("pencil", salt, 4096);
    const [, keys] = verifier.split("$").slice(1);
    const [storedKey, serverKey] = keys!.split(":").map((k) => Buffer.from(k, "base64")) as [Buffer, Buffer];
    const nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const authMessage = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=${nonce}`;
    const serverSignature = createHmac("sha256", serverKey).update(authMessage).digest("base64");
    expect(serverSignature).toBe("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    // ClientProof = ClientKey XOR ClientSignature, and SHA-256(ClientKey) must be StoredKey.
    const clientSignature = createHmac("sha256", storedKey).update(authMessage).digest();
    const proof = Buffer.from("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "base64");
    const clientKey = Buffer.from(proof.map((b, i) => b ^ clientSignature[i]!));
    expect(createHash("sha256").update(clientKey).digest().equals(storedKey)).toBe(true);
  });

  it("refuses a password it cannot prepare as PostgreSQL would, without echoing it", () => {
    expect(() => scramSha256Verifier("pässword-secret")).toThrow(
      /^the new password has characters outside printable ASCII/,
    );
    try {
      scramSha256Verifier("pässword-secret");
    } catch (error) {
      expect((error as Error).message).not.toContain("pässword");
    }
  });
});
