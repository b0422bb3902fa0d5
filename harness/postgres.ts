import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

/** A PostgreSQL server started for the test run. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** Superuser that logs in without a password over 127.0.0.1 (test setup only). */
  readonly superuser: string;
  /** PEM of the CA that signed the server's certificate (for 127.0.0.1 and localhost). */
  readonly caFile: string;
  /** The server's data and socket folder. */
  readonly dir: string;
  readonly binDir: string;
  readonly version: string;
}

const HOW_TO =
  "The rotation tests run a real PostgreSQL server (never a mock). Install Debian's postgresql package " +
  "(`apt-get update && apt-get install -y postgresql`; .ci/run does this when initdb is missing), or set PG_BIN " +
  "to the folder that holds initdb, pg_ctl and postgres.";

/** Finds the PostgreSQL server binaries: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(): string {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
  const found = candidates.find((dir) =>
    ["initdb", "pg_ctl", "postgres"].every((bin) => existsSync(path.join(dir, bin))),
  );
  if (!found)
    throw new Error(
      `PostgreSQL server binaries not found (looked in ${candidates.join(", ") || "/usr/lib/postgresql/*/bin"}). ${HOW_TO}`,
    );
  return found;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as `nobody` when the tests run as root (initdb and pg_ctl refuse root). */
function runPg(binDir: string, bin: string, args: string[]): string {
  const command = path.join(binDir, bin);
  return isRoot
    ? execFileSync("runuser", ["-u", "nobody", "--", command, ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      })
    : execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Makes a CA and a server certificate for 127.0.0.1 / localhost with the openssl command line. */
function makeCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });
  try {
    openssl(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=rotation-test-ca",
      "-keyout",
      file("ca.key"),
      "-out",
      file("ca.crt"),
    );
    openssl(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=localhost",
      "-keyout",
      file("server.key"),
      "-out",
      file("server.csr"),
    );
    writeFileSync(file("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl(
      "x509",
      "-req",
      "-in",
      file("server.csr"),
      "-CA",
      file("ca.crt"),
      "-CAkey",
      file("ca.key"),
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      file("san.ext"),
      "-out",
      file("server.crt"),
    );
  } catch (error) {
    throw new Error(
      `openssl could not make the test certificates; install Debian's openssl package. ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { caFile: file("ca.crt"), certFile: file("server.crt"), keyFile: file("server.key") };
}

/**
 * Starts a PostgreSQL server on a free port of 127.0.0.1 with TLS on (its certificate signed by a
 * throwaway CA). The superuser `postgres` logs in without a password for test setup; every other
 * role authenticates with SCRAM-SHA-256, so wrong passwords are refused as on RDS.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const binDir = findPostgresBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), "rotation-pg-"));
  const data = path.join(dir, "data");
  const certs = makeCertificates(dir);
  if (isRoot) {
    const nobody = Number(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim());
    chownSync(dir, nobody, -1);
    chownSync(certs.keyFile, nobody, -1);
    chownSync(certs.certFile, nobody, -1);
  }
  chmodSync(certs.keyFile, 0o600);
  const port = await freePort();
  try {
    runPg(binDir, "initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]);
    writeFileSync(
      path.join(data, "pg_hba.conf"),
      [
        "local all all trust",
        "host all postgres 127.0.0.1/32 trust",
        "host all all 127.0.0.1/32 scram-sha-256",
        "",
      ].join("\n"),
    );
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c ssl=on",
      `-c ssl_cert_file=${certs.certFile}`,
      `-c ssl_key_file=${certs.keyFile}`,
      "-c fsync=off",
    ].join(" ");
    runPg(binDir, "pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "30", "start"]);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL from ${binDir}: ${e.stderr || e.message}. ${HOW_TO}`, { cause: error });
  }
  const version = runPg(binDir, "postgres", ["--version"]).trim();
  return { host: "127.0.0.1", port, superuser: "postgres", caFile: certs.caFile, dir, binDir, version };
}

/** Stops the server and removes its folder. */
export function stopPostgres(server: PostgresServer): void {
  try {
    runPg(server.binDir, "pg_ctl", ["-D", path.join(server.dir, "data"), "-m", "immediate", "-w", "stop"]);
  } finally {
    rmSync(server.dir, { recursive: true, force: true });
  }
}

/** Runs statements as the superuser (test setup: roles, grants, tables). */
export async function asSuperuser<T>(
  server: PostgresServer,
  use: (client: Client) => Promise<T>,
  database = "postgres",
): Promise<T> {
  const client = new Client({ host: server.host, port: server.port, user: server.superuser, database });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Whether a user/password pair logs in (without TLS, to the server's `postgres` database unless given). */
export async function logsIn(
  server: PostgresServer,
  user: string,
  password: string,
  database = "postgres",
): Promise<boolean> {
  const client = new Client({
    host: server.host,
    port: server.port,
    user,
    password,
    database,
    connectionTimeoutMillis: 5000,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "28P01") return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
