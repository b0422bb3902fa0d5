import { buildSync } from "esbuild";
import { mkdirSync } from "node:fs";
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
