/**
 * ESO 2.9.0's own schemas (the chart's values schema and the v1 CRD schemas), read from the team's
 * shared folder beside the checkout: they are ESO's files, kept out of this repository.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

/** Where the schemas are: `ESO_SCHEMA_DIR`, or `../shared/schemas/external-secrets` beside the checkout. */
export const ESO_SCHEMA_DIR =
  process.env.ESO_SCHEMA_DIR ?? path.resolve(__dirname, "..", "..", "..", "shared", "schemas", "external-secrets");

/** One schema file, parsed; fails loudly, saying where it looked and how to fix it, when it is missing. */
export function esoSchema(file: string): Record<string, unknown> {
  const full = path.join(ESO_SCHEMA_DIR, file);
  if (!existsSync(full)) {
    throw new Error(
      `ESO's schema ${file} is not at ${full}. The tests read ESO 2.9.0's schemas from the team's shared folder ` +
        "(shared/schemas/external-secrets/ beside this checkout, as CI lays it out); put it there or set ESO_SCHEMA_DIR to the folder that holds them.",
    );
  }
  return JSON.parse(readFileSync(full, "utf8")) as Record<string, unknown>;
}

/**
 * ESO's full, unmodified schemas compiled as their README says: the v1 CRD schemas with draft-07 Ajv, the
 * chart's values schema (draft 2020-12) with Ajv2020, both `strict: false` with ajv-formats.
 */
export function esoSchemaValidators() {
  const crd = new Ajv({ strict: false, allErrors: true });
  addFormats(crd);
  const chart = new Ajv2020({ strict: false, allErrors: true });
  addFormats(chart);
  return {
    SecretStore: crd.compile(esoSchema("secretstore.v1.schema.json")),
    ExternalSecret: crd.compile(esoSchema("externalsecret.v1.schema.json")),
    values: chart.compile(esoSchema("values.schema.json")),
  };
}
