import { Client, type ClientConfig } from "pg";
import type { ConnectionOptions } from "node:tls";
import type { RotationConfig, SslMode } from "./config";
import { scramSha256Verifier } from "./scram";

/** What a login needs. */
export interface Credentials {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /** The secret's own TLS setting: `false` turns TLS off; otherwise the function's mode applies. */
  readonly ssl?: boolean;
}

/** Why a login failed, without any secret in it. */
export interface LoginFailure {
  /** `auth`: the server refused the credentials; `unreachable`: no connection; `tls`: TLS refused or not verified. */
  readonly kind: "auth" | "unreachable" | "tls" | "other";
  /**
   * A description safe to log: the error code and the driver's message with the login's host, user and
   * database and every IP address replaced (the driver names no password, but it quotes the user it
   * tried and the address it dialled, which a secret's reader alone may know).
   */
  readonly detail: string;
}

/** A login attempt: a connected client, or why not. */
export type LoginResult =
  { readonly ok: true; readonly client: Client } | { readonly ok: false; readonly failure: LoginFailure };

const AUTH_CODES = new Set(["28P01", "28000"]); // invalid_password, invalid_authorization_specification
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

function classify(error: unknown, credentials: Credentials): LoginFailure {
  const e = error as { code?: string; message?: string };
  const detail = scrub(`${e.code ? `${e.code}: ` : ""}${e.message ?? String(error)}`, credentials);
  if (e.code && AUTH_CODES.has(e.code)) return { kind: "auth", detail };
  if ((e.code && NETWORK_CODES.has(e.code)) || /timeout|terminated unexpectedly/i.test(e.message ?? ""))
    return { kind: "unreachable", detail };
  if (/SSL|TLS|certificate|self[- ]signed|CERT_|altnames/i.test(`${e.code ?? ""} ${e.message ?? ""}`))
    return { kind: "tls", detail };
  return { kind: "other", detail };
}

const IP_ADDRESS = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|\[?\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d+)?/gi;

/** The message with the login's host, user and database, and any IP address, replaced by what they are. */
export function scrub(message: string, credentials: Pick<Credentials, "host" | "username" | "database">): string {
  let text = message;
  // Longest first, so that a user named like a part of the host is replaced inside neither.
  const names: [string, string][] = [
    [credentials.host, "<host>"],
    [credentials.username, "<user>"],
    [credentials.database, "<database>"],
  ];
  for (const [value, label] of names.sort(([a], [b]) => b.length - a.length)) {
    if (value) text = text.split(value).join(label);
  }
  return text.replace(IP_ADDRESS, "<address>");
}

/** The TLS mode for a login: the secret's `ssl: false` turns TLS off, otherwise the function's mode. */
export function sslModeFor(credentials: Credentials, config: RotationConfig): SslMode {
  return credentials.ssl === false ? "disable" : config.sslMode;
}

function tlsOptions(mode: SslMode, config: RotationConfig): ClientConfig["ssl"] {
  if (mode === "disable") return false;
  // verify-full: Node checks the chain against `ca` (or the system's CAs) and the host name against the certificate.
  const options: ConnectionOptions =
    mode === "verify-full" ? { rejectUnauthorized: true, ca: config.caBundle } : { rejectUnauthorized: false };
  return options;
}

/** PostgreSQL access for the rotation steps. Every connection is closed by the step that opens it. */
export class Database {
  constructor(private readonly config: RotationConfig) {}

  /** Connects and authenticates; never throws for a refused login. */
  public async login(credentials: Credentials): Promise<LoginResult> {
    const client = new Client({
      host: credentials.host,
      port: credentials.port,
      user: credentials.username,
      password: credentials.password,
      database: credentials.database,
      ssl: tlsOptions(sslModeFor(credentials, this.config), this.config),
      connectionTimeoutMillis: this.config.connectTimeoutMs,
      statement_timeout: 15_000,
      application_name: "qualisys-secret-rotation",
    });
    // An error after connect (server restart) must not crash the process; the step's query reports it.
    client.on("error", () => undefined);
    try {
      await client.connect();
      return { ok: true, client };
    } catch (error) {
      await client.end().catch(() => undefined);
      return { ok: false, failure: classify(error, credentials) };
    }
  }

  /** Logs in, runs `use`, and closes the connection whatever happens. Returns `undefined` when the login fails. */
  public async withLogin<T>(
    credentials: Credentials,
    use: (client: Client) => Promise<T>,
  ): Promise<{ value: T } | { failure: LoginFailure }> {
    const result = await this.login(credentials);
    if (!result.ok) return { failure: result.failure };
    try {
      return { value: await use(result.client) };
    } finally {
      await result.client.end().catch(() => undefined);
    }
  }
}

/** Whether a PostgreSQL role exists. */
export async function roleExists(client: Client, role: string): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [role]);
  return (rowCount ?? 0) > 0;
}

/**
 * Sets a role's password, sending PostgreSQL the password's SCRAM-SHA-256 verifier, never the password
 * (statement logs and pgaudit would record it). ALTER ROLE takes no bind parameters, so the role is a
 * quoted identifier and the verifier an escaped literal (pg's escapeIdentifier / escapeLiteral). A
 * failure is reported by SQLSTATE only.
 */
export async function setRolePassword(client: Client, role: string, password: string): Promise<void> {
  const verifier = scramSha256Verifier(password);
  await runWithoutEcho(
    client,
    `ALTER ROLE ${client.escapeIdentifier(role)} WITH PASSWORD ${client.escapeLiteral(verifier)}`,
  );
}

/**
 * Creates a login role with the password's verifier and every privilege of `base` (through membership),
 * then makes its sessions run as `base` (see {@link actAsBase}), in one transaction.
 */
export async function createRoleLike(client: Client, role: string, password: string, base: string): Promise<void> {
  await client.query("BEGIN");
  try {
    const verifier = scramSha256Verifier(password);
    await runWithoutEcho(
      client,
      `CREATE ROLE ${client.escapeIdentifier(role)} WITH LOGIN PASSWORD ${client.escapeLiteral(verifier)}`,
    );
    await makeClone(client, role, base);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * Makes a role the base user's clone: it may log in, it is a member of the base user (every privilege
 * of it, and `SET ROLE` to it), and its sessions run as the base user. Idempotent.
 */
export async function makeClone(client: Client, clone: string, base: string): Promise<void> {
  const role = client.escapeIdentifier(clone);
  await client.query(`ALTER ROLE ${role} WITH LOGIN`);
  await client.query(`GRANT ${client.escapeIdentifier(base)} TO ${role}`);
  await actAsBase(client, clone, base);
}

/**
 * Makes every session of the clone run as the base user (`ALTER ROLE clone SET role = base`, applied at
 * login): tables, sequences, views and functions it creates belong to the base user, so after the next
 * rotation the base user owns and uses them, and the clone, as a member of the base user, does too,
 * across any number of rotations. Idempotent.
 * see: https://www.postgresql.org/docs/15/sql-alterrole.html
 */
async function actAsBase(client: Client, clone: string, base: string): Promise<void> {
  await client.query(`ALTER ROLE ${client.escapeIdentifier(clone)} SET role = ${client.escapeLiteral(base)}`);
}

/** Runs a statement that holds a password; on failure throws an error naming only the SQLSTATE. */
async function runWithoutEcho(client: Client, statement: string): Promise<void> {
  try {
    await client.query(statement);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "unknown";
    // The cause is dropped on purpose: the server's message may quote the statement, password included.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`the password statement failed with SQLSTATE ${code}`);
  }
}
