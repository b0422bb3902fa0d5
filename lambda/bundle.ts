import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where the rotation function's source is. */
export const ROTATION_ENTRY = path.join(__dirname, "rotation", "index.ts");

/**
 * Bundles the rotation function with esbuild into `<outdir>/index.js`: one minified CommonJS file for
 * the Lambda runtime nodejs22.x, with the AWS SDK v3 client and pg inside (so their versions are the
 * ones package-lock.json pins, not the runtime's). The same source gives the same bytes.
 * @returns the path of the bundle
 */
export function bundleRotationFunction(outdir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, "index.js");
  buildSync({
    entryPoints: [ROTATION_ENTRY],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    // pg loads its optional native binding only when asked to; the function never asks.
    external: ["pg-native"],
    // Prefer the packages' ES module builds: esbuild can drop what the function never calls.
    mainFields: ["module", "main"],
    legalComments: "eof",
    logLevel: "error",
  });
  return outfile;
}

/** A deployment package of the rotation function. */
export interface FunctionArchive {
  /** Path of the zip file. */
  readonly file: string;
  /** SHA-256 of the zip, hex: names the asset. */
  readonly sha256Hex: string;
  /** SHA-256 of the zip, base64: what Lambda reports as CodeSha256 and `source_code_hash` expects. */
  readonly sha256Base64: string;
}

// Zip entries carry a modification time; a fixed one (the zip format's earliest) keeps the archive's
// bytes a function of the bundle's alone.
const ZIP_TIME = new Date("1980-01-01T00:00:00Z");
// Unix mode 0644 of a regular file, in the high half of the entry's external attributes.
const REGULAR_FILE_0644 = 0o100644 << 16;

/** Where built archives are kept between runs, named by the hash of everything that goes into them. */
export const ARCHIVE_CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "qualisys-rotation");

/**
 * The key of a build: SHA-256 over the function's sources, this file (the esbuild options) and
 * package-lock.json (the bundled packages' and esbuild's versions). Any change to them is a new key.
 */
export function archiveCacheKey(): string {
  const hash = createHash("sha256");
  const sources = readdirSync(path.dirname(ROTATION_ENTRY), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => path.join(path.dirname(ROTATION_ENTRY), file));
  for (const file of [...sources, __filename, path.join(__dirname, "..", "package-lock.json")]) {
    hash.update(path.relative(path.join(__dirname, ".."), file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 32);
}

let archive: FunctionArchive | undefined;

/**
 * The rotation function's deployment package: the esbuild bundle as `index.js` in a zip whose bytes
 * depend only on the bundle (fixed times and modes), so the same source gives the same hash and a
 * re-synthesis causes no diff. Built once and kept in node_modules/.cache under the hash of its inputs,
 * so a synthesis with unchanged sources skips esbuild (about half a second).
 */
export function rotationFunctionArchive(): FunctionArchive {
  if (archive) return archive;
  // One folder per key, so the file keeps the name the asset (and `filename` in Terraform) shows.
  const file = path.join(ARCHIVE_CACHE_DIR, archiveCacheKey(), "rotation-function.zip");
  if (!existsSync(file)) {
    const built = buildFunctionArchive(mkdtempSync(path.join(os.tmpdir(), "qualisys-rotation-")));
    mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename: a concurrent synthesis never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, readFileSync(built.file));
    renameSync(partial, file);
    rmSync(path.dirname(built.file), { recursive: true, force: true });
  }
  archive = describeArchive(file);
  return archive;
}

/** Bundles the function and zips it into `<dir>/rotation-function.zip`, without the cache. */
export function buildFunctionArchive(dir: string): FunctionArchive {
  const bundle = readFileSync(bundleRotationFunction(path.join(dir, "bundle")));
  // Loaded only when a build is needed: most syntheses take the archive from the cache.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { zipSync } = require("fflate") as typeof import("fflate");
  const file = path.join(dir, "rotation-function.zip");
  writeFileSync(file, zipSync({ "index.js": [bundle, { mtime: ZIP_TIME, os: 3, attrs: REGULAR_FILE_0644 }] }, { level: 9 }));
  rmSync(path.join(dir, "bundle"), { recursive: true, force: true });
  return describeArchive(file);
}

function describeArchive(file: string): FunctionArchive {
  const zip = readFileSync(file);
  return {
    file,
    sha256Hex: createHash("sha256").update(zip).digest("hex"),
    sha256Base64: createHash("sha256").update(zip).digest("base64"),
  };
}
