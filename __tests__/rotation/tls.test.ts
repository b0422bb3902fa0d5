import { beforeAll, describe, expect, inject, it } from "vitest";
import { readConfig } from "../../lambda/rotation/config";
import { Database, type Credentials } from "../../lambda/rotation/database";
import { asSuperuser } from "../../harness/postgres";

const pg = inject("postgres");
const credentials: Credentials = {
  host: pg.host,
  port: pg.port,
  username: "tls_probe",
  password: "tls-probe-password-1",
  database: "postgres",
};

async function sslOf(env: NodeJS.ProcessEnv, creds: Credentials = credentials) {
  const db = new Database(readConfig({ DB_CONNECT_TIMEOUT_MS: "2000", ...env }));
  return db.withLogin(creds, async (client) => {
    const { rows } = await client.query<{ ssl: boolean }>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    return rows[0]!.ssl;
  });
}

beforeAll(async () => {
  await asSuperuser(pg, (c) =>
    c.query(`DROP ROLE IF EXISTS tls_probe; CREATE ROLE tls_probe LOGIN PASSWORD 'tls-probe-password-1'`),
  );
});

describe("TLS to the database", () => {
  it("requires TLS and verifies the server certificate by default, against DB_CA_BUNDLE", async () => {
    expect(readConfig({}).sslMode).toBe("verify-full");
    expect(await sslOf({ DB_CA_BUNDLE: pg.caFile })).toEqual({ value: true });
  });

  it("refuses a server whose certificate no trusted CA signed", async () => {
    // The system's CAs do not include the test CA.
    const result = await sslOf({});
    expect(result).toMatchObject({ failure: { kind: "tls" } });
    expect(JSON.stringify(result)).toMatch(/self[- ]signed|certificate/i);
  });

  it("with DB_SSL_MODE=require, uses TLS without verifying the certificate", async () => {
    expect(await sslOf({ DB_SSL_MODE: "require" })).toEqual({ value: true });
  });

  it("turns TLS off for a secret that says ssl: false, or with DB_SSL_MODE=disable", async () => {
    expect(await sslOf({}, { ...credentials, ssl: false })).toEqual({ value: false });
    expect(await sslOf({ DB_SSL_MODE: "disable" })).toEqual({ value: false });
  });

  it("keeps TLS when a secret says ssl: true", async () => {
    expect(await sslOf({ DB_CA_BUNDLE: pg.caFile }, { ...credentials, ssl: true })).toEqual({ value: true });
  });

  it("rejects an unknown DB_SSL_MODE and an unreadable DB_CA_BUNDLE, naming them", () => {
    expect(() => readConfig({ DB_SSL_MODE: "prefer" })).toThrow(
      'environment variable DB_SSL_MODE is "prefer"; expected one of verify-full, require, disable',
    );
    expect(() => readConfig({ DB_CA_BUNDLE: "/nonexistent/ca.pem" })).toThrow(
      /environment variable DB_CA_BUNDLE names "\/nonexistent\/ca.pem", which cannot be read/,
    );
  });

  it("tells a refused password from an unreachable server", async () => {
    expect(await sslOf({ DB_SSL_MODE: "disable" }, { ...credentials, password: "wrong" })).toMatchObject({
      failure: { kind: "auth" },
    });
    expect(await sslOf({ DB_SSL_MODE: "disable" }, { ...credentials, port: 1 })).toMatchObject({
      failure: { kind: "unreachable" },
    });
  });
});
