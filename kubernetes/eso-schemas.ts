/**
 * Validation of the External Secrets Operator manifests and chart values against ESO 2.9.0's own
 * schemas (schemas/external-secrets/, copied from the team's shared folder), plus the checks those
 * schemas leave open: apiVersion, kind, and that every ExternalSecret names the store we create.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cachedBuild } from "../stacks/build-cache";

/** Where the schema copies are. */
export const SCHEMA_DIR = path.join(__dirname, "..", "schemas", "external-secrets");

/** The chart the operator stack installs, as the schemas' source says. */
export const ESO_CHART = JSON.parse(readFileSync(path.join(SCHEMA_DIR, "chart.json"), "utf8")) as {
  chart: string;
  version: string;
  appVersion: string;
  repository: string;
};

/** The only API version ESO 2.9.0 serves for these kinds (v1beta1 stopped being served in v0.17.0). */
export const ESO_API_VERSION = "external-secrets.io/v1";

/** One problem in a manifest or the values: a JSON pointer into the object, and what is wrong. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), "utf8")) as Record<string, unknown>;
}

const toProblems = (errors: ErrorObject[] | null | undefined): SchemaProblem[] =>
  (errors ?? []).map((e) => ({ path: e.instancePath || "/", message: `${e.message ?? "is invalid"}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}` }));

type Validators = { values: ValidateFunction; clusterSecretStore: ValidateFunction; externalSecret: ValidateFunction };
let validators: Validators | undefined;

/** The schemas as compiled: the ClusterSecretStore's with its `aws` provider alone (see {@link compiled}). */
function schemasToCompile(): { draft2020: Record<string, Record<string, unknown>>; draft07: Record<string, Record<string, unknown>> } {
  const store = loadSchema("clustersecretstore.v1.schema.json") as { properties: { spec: { properties: { provider: { properties: Record<string, unknown> } } } } };
  const provider = store.properties.spec.properties.provider;
  provider.properties = { aws: provider.properties.aws };
  return {
    draft2020: { values: loadSchema("values.schema.json") },
    draft07: { clusterSecretStore: store, externalSecret: loadSchema("externalsecret.v1.schema.json") },
  };
}

/**
 * Writes the validators as one standalone JavaScript module (ajv's standalone code), so that a later
 * synthesis loads them in milliseconds instead of compiling the schemas (about half a second).
 */
function buildValidatorModule(outFile: string): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv = (require("ajv") as typeof import("ajv")).default;
  const Ajv2020 = (require("ajv/dist/2020") as typeof import("ajv/dist/2020")).default;
  const addFormats = (require("ajv-formats") as typeof import("ajv-formats")).default;
  const standaloneCode = (require("ajv/dist/standalone") as typeof import("ajv/dist/standalone")).default;
  const { _ } = require("ajv") as typeof import("ajv");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const code = { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` };
  const { draft2020, draft07 } = schemasToCompile();
  const modules: string[] = [];
  for (const [AjvClass, schemas] of [[Ajv2020, draft2020], [Ajv, draft07]] as const) {
    const ajv = new AjvClass({ strict: false, allErrors: true, code, schemas: Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, { ...schema, $id: id }])) });
    addFormats(ajv);
    modules.push(standaloneCode(ajv, Object.fromEntries(Object.keys(schemas).map((id) => [id, id]))));
  }
  // Two standalone modules (one per draft) in one file, each in its own function scope.
  const wrap = (source: string) => `(function () { const module = { exports: {} }; const exports = module.exports; ${source}\nreturn module.exports; })()`;
  writeFileSync(outFile, `"use strict";\nmodule.exports = Object.assign({}, ${modules.map(wrap).join(", ")});\n`);
}

/**
 * The validators, built once (see {@link buildValidatorModule}) and loaded lazily. The ClusterSecretStore
 * schema describes all 43 providers; compiling it whole takes about 0.8 s here, so synthesis compiles it
 * with the `aws` provider alone, which validates a store of the AWS provider exactly as the whole schema
 * does (its objects are open, so the other providers' branches never apply to it), and
 * {@link validateManifest} rejects any other provider. The tests validate the synthesized manifests
 * against the whole, unmodified schemas too.
 */
function compiled(): Validators {
  if (validators) return validators;
  const inputs = [
    ...["values.schema.json", "clustersecretstore.v1.schema.json", "externalsecret.v1.schema.json"].map((f) => path.join(SCHEMA_DIR, f)),
    __filename,
    path.join(__dirname, "..", "package-lock.json"),
  ];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validators = require(cachedBuild("eso-validators", "validators.js", inputs, buildValidatorModule)) as Validators;
  return validators;
}

/** Problems of the chart values against the chart's values.schema.json (draft 2020-12). */
export function validateHelmValues(values: unknown): SchemaProblem[] {
  const validate = compiled().values;
  return validate(values) ? [] : toProblems(validate.errors);
}

/** What the store the ExternalSecrets must name is called, and its kind. */
export interface StoreReference {
  readonly name: string;
  readonly kind: "ClusterSecretStore";
}

/** Problems of a ClusterSecretStore or ExternalSecret: the CRD's v1 schema plus our own checks. */
export function validateManifest(manifest: Record<string, unknown>, store: StoreReference): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (manifest.apiVersion !== ESO_API_VERSION) {
    problems.push({ path: "/apiVersion", message: `must be ${ESO_API_VERSION} (ESO 2.9 serves no other version; v1beta1 stopped in v0.17)` });
  }
  const { clusterSecretStore, externalSecret } = compiled();
  if (manifest.kind === "ClusterSecretStore") {
    const providers = Object.keys(((manifest.spec as Record<string, unknown> | undefined)?.provider as object | undefined) ?? {});
    if (providers.join() !== "aws") problems.push({ path: "/spec/provider", message: `must name the aws provider alone, got ${providers.join(", ") || "none"}` });
    if (!clusterSecretStore(manifest)) problems.push(...toProblems(clusterSecretStore.errors));
  } else if (manifest.kind === "ExternalSecret") {
    const ref = (manifest.spec as { secretStoreRef?: { name?: unknown; kind?: unknown } } | undefined)?.secretStoreRef;
    if (ref?.name !== store.name || ref?.kind !== store.kind) {
      problems.push({ path: "/spec/secretStoreRef", message: `must name the ${store.kind} ${store.name}, got ${JSON.stringify(ref ?? null)}` });
    }
    if (!externalSecret(manifest)) problems.push(...toProblems(externalSecret.errors));
  } else {
    problems.push({ path: "/kind", message: `must be ClusterSecretStore or ExternalSecret, got ${JSON.stringify(manifest.kind)}` });
  }
  return problems;
}
