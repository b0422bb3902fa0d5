import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cachedBuild } from "../cache/build-cache";

/** Where the rotation function's source is. */
export const ROTATION_ENTRY = path.join(__dirname, "..", "lambda", "rotation", "index.ts");

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

let archive: FunctionArchive | undefined;

/** Every file whose change changes the archive: the function's sources, this file, and the lock file (tool and package versions). */
function archiveInputs(): string[] {
  const dir = path.dirname(ROTATION_ENTRY);
  const sources = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => path.join(dir, file));
  return [...sources, __filename, path.join(__dirname, "..", "package-lock.json")];
}

/**
 * The rotation function's deployment package: the esbuild bundle as `index.js` in a zip whose bytes
 * depend only on the bundle (fixed times and modes), so the same source gives the same hash and a
 * re-synthesis causes no diff. Built once and kept in node_modules/.cache under the hash of its inputs,
 * so a synthesis with unchanged sources skips esbuild (about half a second).
 */
export function rotationFunctionArchive(): FunctionArchive {
  archive ??= describeArchive(
    cachedBuild("rotation-function", "rotation-function.zip", archiveInputs(), (outFile) => {
      const built = buildFunctionArchive(path.dirname(outFile));
      if (built.file !== outFile) throw new Error(`archive built at ${built.file}, expected ${outFile}`);
    }),
  );
  return archive;
}

/** Bundles the function and zips it into `<dir>/rotation-function.zip`, without the cache. */
export function buildFunctionArchive(dir: string): FunctionArchive {
  const bundle = readFileSync(bundleRotationFunction(path.join(dir, "bundle")));
  // Loaded only when a build is needed: most syntheses take the archive from the cache.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { zipSync } = require("fflate") as typeof import("fflate");
  const file = path.join(dir, "rotation-function.zip");
  writeFileSync(
    file,
    zipSync({ "index.js": [bundle, { mtime: ZIP_TIME, os: 3, attrs: REGULAR_FILE_0644 }] }, { level: 9 }),
  );
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
