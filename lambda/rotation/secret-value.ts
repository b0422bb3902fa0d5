import { RotationError, SecretFieldError, type RotationStep } from "./errors";

/** Rotation strategies, chosen per secret by its `rotation_strategy` field. */
export const ROTATION_STRATEGIES = ["single-user", "alternating-users"] as const;

/**
 * `single-user`: the user's own password changes (a short window where only AWSPENDING logs in).
 * `alternating-users`: `<user>` and `<user>_clone` take turns, so credentials held by applications
 * stay valid through the change; needs a superuser secret named by `masterarn`.
 */
export type RotationStrategy = (typeof ROTATION_STRATEGIES)[number];

/** Suffix of the second user of the alternating strategy. */
export const CLONE_SUFFIX = "_clone";

/** PostgreSQL truncates identifiers beyond 63 bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/** A database secret, checked. `fields` keeps every field of the JSON, known or not. */
export interface DatabaseSecret {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /** The secret's own TLS setting: `false` turns TLS off for it; `undefined` leaves the function's default. */
  readonly ssl?: boolean;
  readonly strategy: RotationStrategy;
  readonly masterArn?: string;
}

/** Where a secret value was read, for error messages. */
export interface SecretContext {
  readonly step: RotationStep;
  readonly secretId: string;
  readonly stage: string;
}

const typeOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** A secret version's SecretString as a JSON object; the errors name the version, never its text. */
function parseJsonObject(
  secretString: string | undefined,
  { step, secretId, stage }: SecretContext,
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? "");
  } catch {
    // JSON.parse's own message quotes the text: never pass it on.
    throw new RotationError(step, secretId, `the ${stage} version's SecretString is not valid JSON`);
  }
  if (typeOf(parsed) !== "object") {
    throw new RotationError(
      step,
      secretId,
      `the ${stage} version's SecretString is a JSON ${typeOf(parsed)}; expected a JSON object`,
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Parses and checks a database secret. The first step that reads a secret calls this, so a missing
 * or malformed field fails there, naming the field. Messages hold no secret value.
 */
export function parseDatabaseSecret(secretString: string | undefined, context: SecretContext): DatabaseSecret {
  const { step, secretId, stage } = context;
  const fields = parseJsonObject(secretString, context);
  const fail = (field: string, expected: string): never => {
    throw new SecretFieldError(step, secretId, stage, field, expected);
  };
  const text = (field: string): string => {
    const value = fields[field];
    if (value === undefined) fail(field, "is missing; expected a non-empty string");
    if (typeof value !== "string" || value === "")
      fail(field, `is a ${typeOf(value)}${value === "" ? " (empty)" : ""}; expected a non-empty string`);
    return value as string;
  };

  if (fields.engine !== "postgres") {
    fail(
      "engine",
      fields.engine === undefined
        ? 'is missing; expected "postgres"'
        : `is ${JSON.stringify(fields.engine)}; expected "postgres"`,
    );
  }
  const host = text("host");
  let port = 5432;
  if (fields.port !== undefined) {
    const raw = fields.port;
    port = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      fail("port", `is not a port number; expected a whole number from 1 to 65535`);
  }
  const username = text("username");
  if (Buffer.byteLength(username) > MAX_IDENTIFIER_BYTES - CLONE_SUFFIX.length) {
    fail(
      "username",
      `is longer than ${MAX_IDENTIFIER_BYTES - CLONE_SUFFIX.length} bytes; PostgreSQL identifiers hold ${MAX_IDENTIFIER_BYTES}, and the clone user adds "${CLONE_SUFFIX}"`,
    );
  }
  const password = text("password");
  const databaseField = fields.dbname !== undefined ? "dbname" : fields.database !== undefined ? "database" : undefined;
  const database = databaseField ? text(databaseField) : "postgres";

  let ssl: boolean | undefined;
  if (fields.ssl !== undefined) {
    const raw = fields.ssl;
    if (raw === true || raw === "true") ssl = true;
    else if (raw === false || raw === "false") ssl = false;
    else fail("ssl", 'is neither true nor false; expected true, false, "true" or "false"');
  }

  // `masterarn` is what AWS's multi-user function reads; here it alone selects alternating users (AWS
  // chooses by the function attached), and a `rotation_strategy` that contradicts it is an error.
  const declared = fields.rotation_strategy;
  if (declared !== undefined && !ROTATION_STRATEGIES.includes(declared as RotationStrategy)) {
    fail("rotation_strategy", `is ${JSON.stringify(declared)}; expected one of ${ROTATION_STRATEGIES.join(", ")}`);
  }
  const strategy: RotationStrategy =
    (declared as RotationStrategy | undefined) ??
    (fields.masterarn !== undefined ? "alternating-users" : "single-user");
  if (strategy === "single-user" && fields.masterarn !== undefined) {
    fail(
      "rotation_strategy",
      'is "single-user" while masterarn names a superuser secret; expected "alternating-users", or no masterarn',
    );
  }
  const masterArn = strategy === "alternating-users" ? text("masterarn") : undefined;

  return { fields, host, port, username, password, database, ssl, strategy, masterArn };
}

/** `postgresql://user:password@host:port/database`, user, password and database URL-encoded. */
export function connectionString(
  secret: Pick<DatabaseSecret, "username" | "password" | "host" | "port" | "database">,
): string {
  const e = encodeURIComponent;
  return `postgresql://${e(secret.username)}:${e(secret.password)}@${secret.host}:${secret.port}/${e(secret.database)}`;
}

/** The other user of the alternating strategy: `app` <-> `app_clone`. */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : `${username}${CLONE_SUFFIX}`;
}

/**
 * The JSON of a new version: every field of the current one, with the new password (and user),
 * and `connection_string` rebuilt from them when the secret has one.
 */
export function withCredentials(current: DatabaseSecret, username: string, password: string): string {
  const next: Record<string, unknown> = { ...current.fields, username, password };
  if ("connection_string" in current.fields)
    next.connection_string = connectionString({ ...current, username, password });
  return JSON.stringify(next);
}

/** The superuser secret of the alternating strategy: what it must hold. */
export interface MasterSecret {
  readonly username: string;
  readonly password: string;
  /** Absent in an RDS-managed master secret, which holds only `username` and `password`. */
  readonly host?: string;
  readonly port?: number;
}

/**
 * Parses the superuser secret named by `masterarn`: `username` and `password` always; `host` and `port`
 * when the secret has them (a self-managed one). An RDS-managed master secret holds only the first two.
 * see: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
 */
export function parseMasterSecret(secretString: string | undefined, context: SecretContext): MasterSecret {
  const { step, secretId, stage } = context;
  const fields = parseJsonObject(secretString, context);
  const text = (field: string): string => {
    const value = fields[field];
    if (typeof value !== "string" || value === "")
      throw new SecretFieldError(
        step,
        secretId,
        stage,
        field,
        value === undefined ? "is missing; expected a non-empty string" : "is not a non-empty string",
      );
    return value;
  };
  const username = text("username");
  const password = text("password");
  const host = fields.host === undefined ? undefined : text("host");
  const rawPort = fields.port;
  const port = rawPort === undefined ? undefined : Number(rawPort);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new SecretFieldError(
      step,
      secretId,
      stage,
      "port",
      "is not a port number; expected a whole number from 1 to 65535",
    );
  }
  return { username, password, host, port };
}
