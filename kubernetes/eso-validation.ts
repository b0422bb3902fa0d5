/**
 * Validation of the External Secrets objects the project writes: ESO's own v1 object models
 * (`@kubernetes-models/external-secrets`, generated from ESO's CRDs, MIT; they also pin apiVersion to
 * `external-secrets.io/v1`), plus the project's rules those schemas leave open: the one store every
 * ExternalSecret names, and the AWS provider alone.
 */
import type { SecretStore as SecretStoreModel } from "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore";
import type { ExternalSecret as ExternalSecretModel } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import path from "node:path";
import { cacheRecords } from "../cache/build-cache";
import type { KubernetesObject, StoreReference } from "./eso-manifests";

interface EsoModels {
  readonly SecretStore: typeof SecretStoreModel;
  readonly ExternalSecret: typeof ExternalSecretModel;
}

let models: EsoModels | undefined;

/**
 * Loads the two models the project validates against. The package is ES modules only, and this
 * project is CommonJS: a dynamic import, once, at the entry points (synthesis, export, tests). Deep
 * imports of the two kinds cost about 0.1 s; the whole `v1` index about 0.23 s.
 */
export async function loadEsoModels(): Promise<void> {
  if (models) return;
  const [store, externalSecret] = await Promise.all([
    import("@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore"),
    import("@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret"),
  ]);
  models = { SecretStore: store.SecretStore, ExternalSecret: externalSecret.ExternalSecret };
}

/**
 * The record that exactly these manifests passed validation: their JSON, this file (the project's
 * rules) and package-lock.json (the models' version). A synthesis whose manifests were validated
 * before neither loads the models (about 0.3 s under tsx) nor validates again.
 */
function validationKey(manifests: readonly KubernetesObject[], store: StoreReference): string {
  return cacheRecords.key(
    [JSON.stringify(manifests), JSON.stringify(store)],
    [__filename, path.join(__dirname, "..", "package-lock.json")],
  );
}
const VALIDATED = "eso-validated";

/**
 * Loads ESO's models when some of these manifest sets were not validated before: what an entry point
 * calls before building the sync stacks, so that validation at construction (synchronous) can run.
 */
export async function prepareManifestValidation(
  manifestSets: readonly (readonly KubernetesObject[])[],
  store: StoreReference,
): Promise<void> {
  if (manifestSets.some((manifests) => !cacheRecords.has(VALIDATED, validationKey(manifests, store))))
    await loadEsoModels();
}

function loaded(): EsoModels {
  if (!models)
    throw new Error(
      "ESO's object models are not loaded: await prepareManifestValidation() or loadEsoModels() before building the sync stacks (the entry points and tests do)",
    );
  return models;
}

/** The problems of one object: the model's message (which names the failing field) and the project's rules. */
export function manifestProblems(manifest: KubernetesObject, store: StoreReference): string[] {
  const { SecretStore, ExternalSecret } = loaded();
  const problems: string[] = [];
  const validate = (model: { validate(): void }) => {
    try {
      model.validate();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  };
  const spec = manifest.spec as Record<string, unknown> | undefined;
  if (manifest.kind === "SecretStore") {
    const providers = Object.keys((spec?.provider as object | undefined) ?? {});
    if (providers.join() !== "aws")
      problems.push(`spec.provider must name the aws provider alone, got ${providers.join(", ") || "none"}`);
    validate(new SecretStore(manifest));
  } else if (manifest.kind === "ExternalSecret") {
    const ref = spec?.secretStoreRef as { name?: unknown; kind?: unknown } | undefined;
    if (ref?.name !== store.name || ref?.kind !== store.kind) {
      problems.push(
        `spec.secretStoreRef must name the ${store.kind} ${store.name}, got ${JSON.stringify(ref ?? null)}`,
      );
    }
    validate(new ExternalSecret(manifest));
  } else {
    problems.push(
      `kind must be SecretStore or ExternalSecret (no ClusterSecretStore: it would serve every namespace), got ${JSON.stringify(manifest.kind)}`,
    );
  }
  return problems;
}

/** Thrown when a manifest fails ESO's model or the project's rules: synthesis stops and names each problem. */
export class ManifestValidationError extends Error {
  constructor(problems: readonly string[]) {
    super(`External Secrets manifests do not validate:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ManifestValidationError";
  }
}

/** Validates the manifests (unless exactly these passed before); throws naming the object and the problem of each failure. */
export function assertValidManifests(manifests: readonly KubernetesObject[], store: StoreReference): void {
  const key = validationKey(manifests, store);
  if (cacheRecords.has(VALIDATED, key)) return;
  const problems = manifests.flatMap((m) =>
    manifestProblems(m, store).map(
      (p) => `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name}: ${p}`,
    ),
  );
  if (problems.length > 0) throw new ManifestValidationError(problems);
  cacheRecords.record(VALIDATED, key);
}
