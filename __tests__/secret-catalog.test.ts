import { describe, expect, it } from "vitest";
import { qualisysSecretCatalog } from "../catalog/qualisys-secrets";
import {
  categoryOf,
  field,
  rotationLabel,
  secretSlug,
  SECRET_NAME_PATTERN,
  valueSourceOf,
  type SecretDefinition,
} from "../catalog/secret-catalog";
import { validateCatalog } from "../catalog/validate-catalog";
import { storySecretNames } from "./helpers/stacks";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { groupOfSecret } from "../config/access-groups";

describe("the story's secret catalog", () => {
  it.each(["sendgrid", "postmark"] as const)("has exactly the seven secrets of the story with %s", (emailProvider) => {
    const catalog = qualisysSecretCatalog({ emailProvider });
    expect(catalog.map((s) => s.name)).toEqual(storySecretNames(emailProvider));
    expect(validateCatalog(catalog, (i) => `catalog[${i}]`)).toEqual([]);
  });

  it("names follow qualisys/{category}/{name}", () => {
    for (const { name } of qualisysSecretCatalog({ emailProvider: "sendgrid" }))
      expect(name).toMatch(SECRET_NAME_PATTERN);
  });

  it("has the story's fields", () => {
    const fields = Object.fromEntries(
      qualisysSecretCatalog({ emailProvider: "sendgrid" }).map((s) => [s.name, Object.keys(s.fields)]),
    );
    expect(fields).toEqual({
      "qualisys/database/connection": [
        "host",
        "port",
        "database",
        "username",
        "password",
        "engine",
        "dbname",
        "connection_string",
      ],
      "qualisys/redis/connection": ["primary_endpoint", "reader_endpoint", "port", "auth_token"],
      "qualisys/jwt/signing-key": ["secret"],
      "qualisys/llm/openai": ["api_key"],
      "qualisys/llm/anthropic": ["api_key"],
      "qualisys/oauth/google": ["client_id", "client_secret"],
      "qualisys/email/sendgrid": ["api_key"],
    });
  });

  it("marks the database password and Redis token sensitive, and nothing upstream else", () => {
    const sensitive = qualisysSecretCatalog({ emailProvider: "sendgrid" })
      .flatMap((s) => Object.values(s.fields))
      .flatMap((source) => (source.kind === "variable" && source.variable.sensitive ? [source.variable.name] : []));
    expect(sensitive).toEqual(["database_password", "redis_auth_token"]);
  });

  it("says where each value comes from and how each secret rotates", () => {
    const catalog = qualisysSecretCatalog({ emailProvider: "postmark" });
    const summary = catalog.map((s) => [s.name, valueSourceOf(s), rotationLabel(s.rotation), s.consumers.join()]);
    expect(summary).toEqual([
      ["qualisys/database/connection", "upstream", "automatic-90d", "api"],
      ["qualisys/redis/connection", "upstream", "manual-on-demand", "api"],
      ["qualisys/jwt/signing-key", "generated", "manual-annual", "api"],
      ["qualisys/llm/openai", "operator", "manual-quarterly", "ai-agent"],
      ["qualisys/llm/anthropic", "operator", "manual-quarterly", "ai-agent"],
      ["qualisys/oauth/google", "operator", "manual-annual", "api"],
      ["qualisys/email/postmark", "operator", "manual-on-demand", "api"],
    ]);
  });

  it("generates the JWT key with at least 256 bits", () => {
    const jwt = qualisysSecretCatalog({ emailProvider: "sendgrid" }).find((s) => s.name === "qualisys/jwt/signing-key");
    expect(jwt?.fields.secret).toEqual({ kind: "generated", bits: 256 });
  });
});

describe("categories and access groups", () => {
  it.each([
    ["qualisys/database/connection", "database", "infra"],
    ["qualisys/redis/connection", "redis", "infra"],
    ["qualisys/jwt/signing-key", "jwt", "infra"],
    ["qualisys/llm/openai", "llm", "llm"],
    ["qualisys/oauth/google", "oauth", "integrations"],
    ["qualisys/email/sendgrid", "email", "integrations"],
    ["qualisys/integrations/github", "integrations", "integrations"],
  ])("%s is in category %s, access group %s in every example environment", (name, category, group) => {
    expect(categoryOf(name)).toBe(category);
    for (const environment of resolveEnvironments(exampleEnvironments))
      expect(groupOfSecret(environment.access.groups, name)?.name).toBe(group);
  });

  it("slugs are Terraform identifiers", () => {
    expect(secretSlug("qualisys/jwt/signing-key")).toBe("jwt_signing_key");
  });
});

describe("validateCatalog", () => {
  const valid: SecretDefinition = {
    name: "qualisys/integrations/github",
    description: "GitHub App key",
    fields: { private_key: field.operator() },
    consumers: ["api"],
    rotation: { kind: "manual", cadence: "annual", procedure: "by hand" },
    responsible: "Integrations team",
    environmentVariables: { private_key: "GITHUB_APP_PRIVATE_KEY" },
  };
  const problems = (entries: SecretDefinition[]) => validateCatalog(entries, (i) => `secrets[${i}]`);

  it("accepts a valid entry", () => {
    expect(problems([valid])).toEqual([]);
  });

  it("rejects a copy of a field that does not exist", () => {
    expect(
      problems([{ ...valid, environmentVariables: {}, fields: { a: field.operator(), b: field.copyOf("c") } }]),
    ).toEqual([
      expect.objectContaining({
        field: "secrets[0].fields.b.field",
        value: "c",
        expected: expect.stringContaining("one of a"),
      }),
    ]);
  });

  it("rejects a postgres URL without the fields it is built from", () => {
    expect(
      problems([{ ...valid, environmentVariables: {}, fields: { host: field.operator(), url: field.postgresUrl() } }]),
    ).toEqual([
      expect.objectContaining({
        field: "secrets[0].fields.url",
        expected: expect.stringContaining("missing: port, database, username, password"),
      }),
    ]);
  });

  it("rejects one variable feeding two fields", () => {
    const spec = { name: "shared", description: "x" };
    expect(
      problems([{ ...valid, environmentVariables: {}, fields: { a: field.variable(spec), b: field.variable(spec) } }]),
    ).toEqual([expect.objectContaining({ field: "secrets[0].fields.b.variable.name", value: "shared" })]);
  });

  it("rejects a consumer that cannot be a workload's name and an empty consumer list", () => {
    // Which workloads exist is the environment's configuration (kubernetes.workloads), checked there.
    expect(problems([{ ...valid, consumers: ["Batch_Jobs"] }])).toEqual([
      expect.objectContaining({
        field: "secrets[0].consumers[0]",
        value: "Batch_Jobs",
        expected:
          "a workload's name: up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
      }),
    ]);
    expect(problems([{ ...valid, consumers: [] }])).toEqual([
      expect.objectContaining({ field: "secrets[0].consumers" }),
    ]);
  });

  const postgres: SecretDefinition = {
    ...valid,
    name: "qualisys/database/reporting",
    environmentVariables: {},
    fields: {
      engine: field.constant("postgres"),
      host: field.operator(),
      username: field.operator(),
      password: field.operator(),
    },
    rotation: { kind: "automatic", everyDays: 30 },
  };

  it("accepts automatic rotation of a PostgreSQL secret, and nothing else", () => {
    expect(problems([postgres])).toEqual([]);
    expect(problems([{ ...valid, rotation: { kind: "automatic", everyDays: 30 } }])).toEqual([
      expect.objectContaining({
        field: "secrets[0].rotation.kind",
        value: "automatic",
        expected: expect.stringContaining("the rotation function rotates PostgreSQL credentials only"),
      }),
    ]);
  });

  it.each([0, 1001, 1.5])("rejects automatic rotation every %s days", (days) => {
    expect(problems([{ ...postgres, rotation: { kind: "automatic", everyDays: days } }])).toEqual([
      expect.objectContaining({
        field: "secrets[0].rotation.everyDays",
        value: days,
        expected: "a whole number of days from 1 to 1000",
      }),
    ]);
  });

  it("rejects a generated value of fewer than 128 bits", () => {
    expect(problems([{ ...valid, environmentVariables: {}, fields: { key: field.generated(64) } }])).toEqual([
      expect.objectContaining({ field: "secrets[0].fields.key.bits", value: 64 }),
    ]);
  });

  it("rejects an environment variable for no field, a malformed one, and one used twice", () => {
    expect(problems([{ ...valid, environmentVariables: { public_key: "GITHUB_KEY" } }])).toEqual([
      expect.objectContaining({
        field: "secrets[0].environmentVariables.public_key",
        expected: "a field of the secret (one of private_key)",
      }),
    ]);
    expect(problems([{ ...valid, environmentVariables: { private_key: "github-key" } }])).toEqual([
      expect.objectContaining({ field: "secrets[0].environmentVariables.private_key", value: "github-key" }),
    ]);
    expect(problems([valid, { ...valid, name: "qualisys/integrations/gitlab" }])).toEqual([
      expect.objectContaining({
        field: "secrets[1].environmentVariables.private_key",
        value: "GITHUB_APP_PRIVATE_KEY",
      }),
    ]);
  });

  it("rejects a field name that is not snake_case and an entry without fields", () => {
    expect(problems([{ ...valid, environmentVariables: {}, fields: { "Private-Key": field.operator() } }])).toEqual([
      expect.objectContaining({ field: "secrets[0].fields.Private-Key" }),
    ]);
    expect(problems([{ ...valid, environmentVariables: {}, fields: {} }])).toEqual([
      expect.objectContaining({ field: "secrets[0].fields", expected: "at least one field" }),
    ]);
  });
});
