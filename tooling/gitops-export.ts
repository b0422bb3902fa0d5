import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import type { ResolvedEnvironment } from "../config/environment-config";
import { externalSecrets, secretStores } from "../kubernetes/eso-manifests";

/** Where the GitOps copy of the External Secrets objects lives, from the project root. */
export const GITOPS_DIR = path.join("infrastructure", "kubernetes", "external-secrets");

const HEADER =
  "# Generated from the secret catalog and config/example-environments.ts by `npm run export:kubernetes`. Do not edit.\n";

function yaml(value: unknown): string {
  return HEADER + stringify(value, { lineWidth: 0 });
}

/**
 * The files of the GitOps copy, by path from the project root: per environment the chart values, the
 * SecretStore of each workload namespace and one file per ExternalSecret, from the same objects the
 * stacks synthesize.
 */
export function renderGitOpsFiles(environments: readonly ResolvedEnvironment[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const environment of environments) {
    if (!environment.kubernetes) continue;
    const dir = path.join(GITOPS_DIR, environment.name);
    files.set(path.join(dir, "values.yaml"), yaml(environment.kubernetes.values));
    for (const store of secretStores(environment)) {
      files.set(path.join(dir, "external-secrets", store.metadata.namespace!, "secret-store.yaml"), yaml(store));
    }
    for (const secret of externalSecrets(environment)) {
      files.set(
        path.join(dir, "external-secrets", secret.metadata.namespace!, `${secret.metadata.name}.yaml`),
        yaml(secret),
      );
    }
  }
  return files;
}

/** Every file under a folder, by path from `root`; empty when the folder does not exist. */
export function filesUnder(root: string, dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (relative: string) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else result.set(child, readFileSync(path.join(root, child), "utf8"));
    }
  };
  walk(dir);
  return result;
}

/** What differs between the rendered files and those on disk: missing, changed and extra paths. */
export function diffFiles(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const differences: string[] = [];
  for (const [file, content] of expected) {
    if (!actual.has(file)) differences.push(`missing: ${file}`);
    else if (actual.get(file) !== content) differences.push(`changed: ${file}`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) differences.push(`not generated (remove it): ${file}`);
  return differences.sort();
}
