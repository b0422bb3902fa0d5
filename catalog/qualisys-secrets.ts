import type { RotationStrategy } from "../lambda/rotation/secret-value";
import { field, type EmailProvider, type FieldSource, type SecretDefinition } from "./secret-catalog";

/** Options that vary the catalog between environments. */
export interface QualisysCatalogOptions {
  /** The e-mail provider of the environment: decides the name of the e-mail secret. */
  readonly emailProvider: EmailProvider;
  /**
   * The rotation strategy of the database secret; `alternating-users` adds the `rotation_strategy` and
   * `masterarn` fields the rotation function reads.
   * @default - single-user, no extra fields
   */
  readonly databaseRotation?: { readonly strategy: RotationStrategy; readonly masterSecretArn?: string };
}

/** The fields that tell the rotation function to alternate users, and with which superuser secret. */
function rotationFields(options: QualisysCatalogOptions): Record<string, FieldSource> {
  const rotation = options.databaseRotation;
  if (rotation?.strategy !== "alternating-users") return {};
  return {
    rotation_strategy: field.constant(rotation.strategy),
    masterarn: field.constant(rotation.masterSecretArn ?? ""),
  };
}

/** The story's "Secret Structure" table, as code. Every other artefact is derived from it. */
export function qualisysSecretCatalog(options: QualisysCatalogOptions): SecretDefinition[] {
  return [
    {
      name: "qualisys/database/connection",
      description: "PostgreSQL connection for the Qualisys API (rotated every 90 days by the rotation function)",
      fields: {
        host: field.variable({
          name: "database_host",
          description: "PostgreSQL endpoint host name (from the database stack)",
        }),
        port: field.variable({
          name: "database_port",
          type: "number",
          description: "PostgreSQL port (from the database stack)",
        }),
        database: field.variable({ name: "database_name", description: "Name of the application database" }),
        username: field.variable({ name: "database_username", description: "Application database user" }),
        password: field.variable({
          name: "database_password",
          sensitive: true,
          description: "Initial password of the application database user; the rotation function replaces it",
        }),
        // AWS's rotation functions read `engine` and `dbname`; keeping them lets those tools work on this secret too.
        engine: field.constant("postgres"),
        dbname: field.copyOf("database"),
        connection_string: field.postgresUrl(),
        ...rotationFields(options),
      },
      consumers: ["api"],
      rotation: { kind: "automatic", everyDays: 90 },
      responsible: "Platform on-call (watches the rotation notifications)",
      environmentVariables: {
        connection_string: "DATABASE_URL",
        host: "DATABASE_HOST",
        port: "DATABASE_PORT",
        database: "DATABASE_NAME",
        username: "DATABASE_USER",
        password: "DATABASE_PASSWORD",
      },
    },
    {
      name: "qualisys/redis/connection",
      description: "ElastiCache Redis endpoints and AUTH token for the Qualisys API",
      fields: {
        primary_endpoint: field.variable({
          name: "redis_primary_endpoint",
          description: "Redis primary endpoint (from the cache stack)",
        }),
        reader_endpoint: field.variable({
          name: "redis_reader_endpoint",
          description: "Redis reader endpoint (from the cache stack)",
        }),
        port: field.variable({ name: "redis_port", type: "number", description: "Redis port (from the cache stack)" }),
        auth_token: field.variable({
          name: "redis_auth_token",
          sensitive: true,
          description: "Redis AUTH token (ElastiCache transit encryption)",
        }),
      },
      consumers: ["api"],
      rotation: {
        kind: "manual",
        cadence: "on-demand",
        procedure: "coordinated with ElastiCache (ROTATE auth token strategy, then SET)",
      },
      responsible: "Platform team",
      environmentVariables: {
        primary_endpoint: "REDIS_PRIMARY_ENDPOINT",
        reader_endpoint: "REDIS_READER_ENDPOINT",
        port: "REDIS_PORT",
        auth_token: "REDIS_AUTH_TOKEN",
      },
    },
    {
      name: "qualisys/jwt/signing-key",
      description: "HMAC key that signs the Qualisys API's JSON Web Tokens",
      fields: { secret: field.generated(256) },
      consumers: ["api"],
      rotation: {
        kind: "manual",
        cadence: "annual",
        procedure: "new key version, both keys accepted during the token lifetime",
      },
      responsible: "Backend team",
      environmentVariables: { secret: "JWT_SECRET" },
    },
    {
      name: "qualisys/llm/openai",
      description: "OpenAI API key for the AI agents",
      fields: { api_key: field.operator() },
      consumers: ["ai-agent"],
      rotation: {
        kind: "manual",
        cadence: "quarterly",
        procedure: "new key in the OpenAI console, put-secret-value, revoke the old key",
      },
      responsible: "AI team",
      environmentVariables: { api_key: "OPENAI_API_KEY" },
    },
    {
      name: "qualisys/llm/anthropic",
      description: "Anthropic API key for the AI agents",
      fields: { api_key: field.operator() },
      consumers: ["ai-agent"],
      rotation: {
        kind: "manual",
        cadence: "quarterly",
        procedure: "new key in the Anthropic console, put-secret-value, revoke the old key",
      },
      responsible: "AI team",
      environmentVariables: { api_key: "ANTHROPIC_API_KEY" },
    },
    {
      name: "qualisys/oauth/google",
      description: "Google OAuth client for sign-in to Qualisys",
      fields: { client_id: field.operator(), client_secret: field.operator() },
      consumers: ["api"],
      rotation: {
        kind: "manual",
        cadence: "annual",
        procedure: "new client secret in Google Cloud console, put-secret-value, delete the old one",
      },
      responsible: "Backend team",
      environmentVariables: { client_id: "GOOGLE_CLIENT_ID", client_secret: "GOOGLE_CLIENT_SECRET" },
    },
    {
      name: `qualisys/email/${options.emailProvider}`,
      description: `${options.emailProvider === "sendgrid" ? "SendGrid" : "Postmark"} API key for transactional e-mail`,
      fields: { api_key: field.operator() },
      consumers: ["api"],
      rotation: {
        kind: "manual",
        cadence: "on-demand",
        procedure: "new key in the provider's console, put-secret-value, revoke the old key",
      },
      responsible: "Platform team",
      environmentVariables: { api_key: `${options.emailProvider.toUpperCase()}_API_KEY` },
    },
  ];
}

/** The name of the sync canary (see {@link syncCanarySecret}). */
export const SYNC_CANARY_SECRET_NAME = "qualisys/integrations/sync-canary";

/**
 * Not a credential: a timestamp that `npm run verify -- --sync-check` overwrites to prove that a new value
 * reaches the API's namespace (the story's Task 7.3), without touching a secret a workload depends on. An
 * environment opts in through `additionalSecrets` (dev does); it costs one secret ($0.40 a month).
 */
export function syncCanarySecret(): SecretDefinition {
  return {
    name: SYNC_CANARY_SECRET_NAME,
    description: "Not a credential: the time verify --sync-check last wrote it, to prove new values reach Kubernetes",
    fields: { written_at: field.constant("never") },
    consumers: ["api"],
    rotation: {
      kind: "manual",
      cadence: "on-demand",
      procedure: "written and restored by npm run verify -- --sync-check",
    },
    responsible: "Platform team",
    environmentVariables: { written_at: "SYNC_CANARY_WRITTEN_AT" },
  };
}
