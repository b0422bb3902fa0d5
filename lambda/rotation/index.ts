/**
 * Secrets Manager rotation function for PostgreSQL secrets (Lambda runtime nodejs22.x).
 * Configuration: environment variables only, see README.md.
 */
import { RDSClient } from "@aws-sdk/client-rds";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SecretsManagerRotationEvent } from "aws-lambda";
import { readConfig } from "./config";
import { Database } from "./database";
import { Logger, Redactor } from "./log";
import { DatabaseDirectory } from "./rds";
import { rotate } from "./rotate";
import { SecretsStore } from "./secrets";

// One client per container, reused across invocations. Region, credentials and the endpoint
// (AWS_ENDPOINT_URL_SECRETS_MANAGER, or the VPC endpoint's private DNS) come from the SDK's standard settings.
let client: SecretsManagerClient | undefined;
// RDS only for an RDS-managed master secret (alternating users): created on first use.
let rds: RDSClient | undefined;
const directory = new DatabaseDirectory(() => (rds ??= new RDSClient({})));

/** Replaces every secret value in an error's message and stack (and its causes'), so Lambda's own error log holds none. */
function redactError(error: unknown, redactor: Redactor): unknown {
  for (
    let e = error as (Error & { cause?: unknown }) | undefined, depth = 0;
    e instanceof Error && depth < 5;
    e = e.cause as Error | undefined, depth++
  ) {
    e.message = redactor.apply(e.message);
    if (e.stack) e.stack = redactor.apply(e.stack);
  }
  return error;
}

/** The Lambda handler: one step of one rotation per invocation. */
export const handler = async (event: SecretsManagerRotationEvent): Promise<void> => {
  const redactor = new Redactor();
  const logger = new Logger(redactor);
  try {
    let config;
    try {
      config = readConfig(process.env);
    } catch (error) {
      const e = error as Error;
      logger.log({
        level: "error",
        message: "configuration invalid",
        secretArn: event?.SecretId,
        token: event?.ClientRequestToken,
        step: event?.Step,
        outcome: "failed",
        errorName: e.name,
        errorMessage: e.message,
      });
      throw error;
    }
    client ??= new SecretsManagerClient({});
    await rotate(event, {
      store: new SecretsStore(client, redactor),
      db: new Database(config),
      config,
      logger,
      directory,
    });
  } catch (error) {
    throw redactError(error, redactor);
  }
};
