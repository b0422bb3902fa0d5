import { describe, expect, it } from "vitest";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { qualisysSecretCatalog } from "../catalog/qualisys-secrets";
import { OPERATOR_PLACEHOLDER, secretSlug, type SecretDefinition } from "../catalog/secret-catalog";
import { TerraformLocal } from "cdktf";
import { SecretValueInputs } from "../constructs/secret-value-inputs";
import { blocks, synthConstruct, type TerraformJson } from "./helpers/stacks";

const catalog = qualisysSecretCatalog({ emailProvider: "sendgrid" });
const entry = (name: string): SecretDefinition => catalog.find((s) => s.name === name)!;

function synth(writeOnly: boolean) {
  return synthConstruct((scope) => {
    if (!writeOnly) new RandomProvider(scope, "random");
    const inputs = new SecretValueInputs(scope, "inputs", { catalog, writeOnly });
    // Locals render the value objects as Terraform expressions, for comparison.
    for (const definition of catalog)
      new TerraformLocal(scope, secretSlug(definition.name), inputs.valueOf(definition));
  });
}

/** The value object of a secret as synthesized. */
const valueIn = (json: TerraformJson, name: string): unknown =>
  (json.locals as unknown as Record<string, unknown>)[secretSlug(name)];

describe("SecretValueInputs in default mode", () => {
  const { json } = synth(false);
  const variables = json.variable ?? {};

  it("declares one variable per upstream value, named as in the catalog, without defaults but for the initial secret values (null)", () => {
    expect(Object.keys(variables).sort()).toEqual([
      "database_host",
      "database_name",
      "database_password",
      "database_port",
      "database_username",
      "redis_auth_token",
      "redis_port",
      "redis_primary_endpoint",
      "redis_reader_endpoint",
    ]);
    for (const [name, variable] of Object.entries(variables))
      if (name === "database_password" || name === "redis_auth_token") expect(variable.default, name).toBeNull();
      else expect(variable, name).not.toHaveProperty("default");
  });

  it("marks the password and the Redis token sensitive, not ephemeral", () => {
    expect(variables.database_password).toMatchObject({ sensitive: true, type: "string" });
    expect(variables.redis_auth_token).toMatchObject({ sensitive: true });
    expect(variables.database_host).toMatchObject({ sensitive: false });
    expect(Object.values(variables).some((v) => "ephemeral" in v)).toBe(false);
  });

  it("validates ports and refuses spaces in URL credentials at plan time", () => {
    expect(variables.database_port).toMatchObject({ type: "number" });
    expect(JSON.stringify(variables.database_port?.validation)).toContain("var.database_port <= 65535");
    expect(JSON.stringify(variables.database_password?.validation)).toContain(
      '!strcontains(var.database_password, \\" \\")',
    );
    expect(JSON.stringify(variables.redis_auth_token?.validation)).not.toContain("strcontains");
  });

  it("builds the database value from the variables, with engine, dbname and a URL-encoded connection string", () => {
    expect(valueIn(json, "qualisys/database/connection")).toEqual({
      host: "${var.database_host}",
      port: "${var.database_port}",
      database: "${var.database_name}",
      username: "${var.database_username}",
      password: '${(var.database_password == null) ? "SET_ME_WITH_put-secret-value" : var.database_password}',
      engine: "postgres",
      dbname: "${var.database_name}",
      connection_string:
        'postgresql://${urlencode(var.database_username)}:${urlencode((var.database_password == null) ? "SET_ME_WITH_put-secret-value" : var.database_password)}@${var.database_host}:${var.database_port}/${urlencode(var.database_name)}',
    });
  });

  it("feeds the JWT key from 32 random bytes (256 bits), hex-encoded", () => {
    expect(blocks(json, "resource", "random_bytes")).toEqual({
      jwt_signing_key_secret: expect.objectContaining({ length: 32 }),
    });
    expect(valueIn(json, "qualisys/jwt/signing-key")).toEqual({ secret: "${random_bytes.jwt_signing_key_secret.hex}" });
  });

  it("writes the operator placeholder where an operator sets the value", () => {
    expect(valueIn(json, "qualisys/oauth/google")).toEqual({
      client_id: OPERATOR_PLACEHOLDER,
      client_secret: OPERATOR_PLACEHOLDER,
    });
    expect(entry("qualisys/llm/openai").fields.api_key?.kind).toBe("operator");
  });
});

describe("SecretValueInputs in write-only mode", () => {
  const { json } = synth(true);
  const variables = json.variable ?? {};

  it("makes the sensitive variables ephemeral", () => {
    expect(variables.database_password).toMatchObject({ sensitive: true, ephemeral: true });
    expect(variables.redis_auth_token).toMatchObject({ sensitive: true, ephemeral: true });
    expect(variables.database_host).not.toHaveProperty("ephemeral");
  });

  it("generates the JWT key with an ephemeral random password of 64 alphanumerics (≈381 bits) and no random provider", () => {
    expect(blocks(json, "ephemeral", "aws_secretsmanager_random_password")).toEqual({
      jwt_signing_key_secret: { password_length: 64, exclude_punctuation: true, require_each_included_type: true },
    });
    // GetRandomPassword draws from letters (52), digits (10) and punctuation (32), less what is excluded:
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html
    const { password_length: length, exclude_punctuation: noPunctuation } = blocks(
      json,
      "ephemeral",
      "aws_secretsmanager_random_password",
    ).jwt_signing_key_secret as { password_length: number; exclude_punctuation: boolean };
    const alphabet = 52 + 10 + (noPunctuation ? 0 : 32);
    expect(length * Math.log2(alphabet)).toBeGreaterThanOrEqual(256); // the story's 256 bits
    expect(blocks(json, "resource", "random_bytes")).toEqual({});
    expect(valueIn(json, "qualisys/jwt/signing-key")).toEqual({
      secret: "${ephemeral.aws_secretsmanager_random_password.jwt_signing_key_secret.random_password}",
    });
  });
});
