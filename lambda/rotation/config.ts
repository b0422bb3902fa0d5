import { readFileSync } from "node:fs";
import { ConfigurationError } from "./errors";

/** How the function connects to PostgreSQL over TLS. */
export const SSL_MODES = ["verify-full", "require", "disable"] as const;

/** `verify-full`: TLS, certificate and host name verified; `require`: TLS without verification; `disable`: no TLS. */
export type SslMode = (typeof SSL_MODES)[number];

/** The function's configuration, read from its environment variables (see README.md). */
export interface RotationConfig {
  /** Length of generated passwords. */
  readonly passwordLength: number;
  /** Characters generated passwords never contain. */
  readonly excludeCharacters: string;
  /** Default TLS mode; a secret's `ssl: false` can turn TLS off for that secret. */
  readonly sslMode: SslMode;
  /** PEM bundle of the CAs that may sign the database's certificate, if not the system's. */
  readonly caBundle?: string;
  /** How long to wait for a database connection. */
  readonly connectTimeoutMs: number;
  /**
   * Other names of the database a secret's `host` may hold (RDS Proxy endpoints, DNS aliases): the
   * superuser still logs in at the database's own endpoint; any other host is refused.
   */
  readonly hostAliases: readonly string[];
}

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** Characters left out of passwords by default: those that break URLs, shells or SQL literals in hand-written tools. */
export const DEFAULT_EXCLUDE_CHARACTERS = "/@\"'\\ ";

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigurationError(name, `is "${raw}"; expected a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Reads the configuration from environment variables.
 * @throws ConfigurationError naming the variable, its value and what is allowed
 */
export function readConfig(env: NodeJS.ProcessEnv): RotationConfig {
  const sslMode = (env.DB_SSL_MODE || "verify-full") as SslMode;
  if (!SSL_MODES.includes(sslMode)) {
    throw new ConfigurationError("DB_SSL_MODE", `is "${sslMode}"; expected one of ${SSL_MODES.join(", ")}`);
  }
  let caBundle: string | undefined;
  if (env.DB_CA_BUNDLE) {
    try {
      caBundle = readFileSync(env.DB_CA_BUNDLE, "utf8");
    } catch (error) {
      throw new ConfigurationError(
        "DB_CA_BUNDLE",
        `names "${env.DB_CA_BUNDLE}", which cannot be read (${(error as Error).message})`,
      );
    }
  }
  const hostAliases = (env.DB_HOST_ALIASES ?? "").split(",").filter((alias) => alias !== "");
  const badAlias = hostAliases.find((alias) => !HOST_NAME.test(alias));
  if (badAlias !== undefined)
    throw new ConfigurationError("DB_HOST_ALIASES", `holds "${badAlias}"; expected host names separated by commas`);
  return {
    hostAliases,
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html (1 to 4096)
    passwordLength: integer(env, "PASSWORD_LENGTH", 32, 16, 4096),
    excludeCharacters: env.EXCLUDE_CHARACTERS ?? DEFAULT_EXCLUDE_CHARACTERS,
    sslMode,
    caBundle,
    connectTimeoutMs: integer(env, "DB_CONNECT_TIMEOUT_MS", 5000, 100, 60000),
  };
}
