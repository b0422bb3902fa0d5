import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where synthesis keeps what it builds between runs (node_modules/.cache, which npm ci starts empty). */
export const BUILD_CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "qualisys");

/** The project root. */
const ROOT = path.join(__dirname, "..");

/** SHA-256 over the files' paths (from the project root) and contents, in the order given. */
export function hashFiles(files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(path.relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 32);
}

/**
 * A file built once and kept under the hash of everything that goes into it: `inputs` must name every
 * file whose change changes the result (sources, the builder's own file, package-lock.json for the
 * tools' versions). Built into a temporary folder and moved into place, so a concurrent run never
 * reads half a file.
 * @returns the path of the cached file
 */
export function cachedBuild(
  kind: string,
  fileName: string,
  inputs: readonly string[],
  build: (outFile: string) => void,
): string {
  const file = path.join(BUILD_CACHE_DIR, kind, hashFiles(inputs), fileName);
  if (existsSync(file)) return file;
  const dir = mkdtempSync(path.join(os.tmpdir(), `qualisys-${kind}-`));
  try {
    const built = path.join(dir, fileName);
    build(built);
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    copyFileSync(built, partial); // the temporary folder may be on another file system

    renameSync(partial, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return file;
}

/**
 * A fact recorded once under the hash of everything it depends on (for example "these manifests passed
 * ESO's models of this version"): `hasRecord` says whether it was recorded, `record` records it.
 * Only facts that are pure functions of their inputs belong here.
 */
export const cacheRecords = {
  /** The key of a fact: SHA-256 over the given texts and the contents of the given files. */
  key(texts: readonly string[], files: readonly string[]): string {
    const hash = createHash("sha256");
    for (const text of texts) hash.update(text).update("\0");
    return `${hash.digest("hex").slice(0, 32)}-${hashFiles(files)}`;
  },
  has(kind: string, key: string): boolean {
    return existsSync(path.join(BUILD_CACHE_DIR, kind, key));
  },
  record(kind: string, key: string): void {
    mkdirSync(path.join(BUILD_CACHE_DIR, kind), { recursive: true });
    writeFileSync(path.join(BUILD_CACHE_DIR, kind, key), "");
  },
};
