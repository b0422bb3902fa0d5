import type { PostgresServer } from "./postgres";
import type { SecretsManagerStandIn } from "./secrets-manager-standin";

/** Environment of the rotation function under test: the stand-in's endpoint, fake credentials, the test CA. */
export function functionEnvironment(sm: SecretsManagerStandIn, pg: PostgresServer): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDTESTONLY",
    AWS_SECRET_ACCESS_KEY: "test-only-secret-key",
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AWS_EC2_METADATA_DISABLED: "true",
    DB_CA_BUNDLE: pg.caFile,
    DB_CONNECT_TIMEOUT_MS: "2000",
  };
}
