import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { SecretsManagerRotationEvent } from "aws-lambda";
import { bundleRotationFunction } from "../../assets/rotation-function-archive";
import { RotationHarness } from "../helpers/rotation-harness";
import { logsIn } from "../../harness/postgres";

const outdir = mkdtempSync(path.join(os.tmpdir(), "rotation-bundle-"));
const bundle = bundleRotationFunction(outdir);

// The shipped artefact, not the source, runs this file's rotation.
const h = RotationHarness.setup({}, () =>
  Promise.resolve(
    (createRequire(__filename)(bundle) as { handler: (event: SecretsManagerRotationEvent) => Promise<void> }).handler,
  ),
);

describe("the esbuild bundle", () => {
  it("is one file of at most 1 MB", () => {
    expect(statSync(bundle).size).toBeLessThanOrEqual(1024 * 1024);
  });

  it("is byte-for-byte the same when built again from the same source", () => {
    const again = bundleRotationFunction(mkdtempSync(path.join(os.tmpdir(), "rotation-bundle-")));
    const hash = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
    expect(hash(again)).toBe(hash(bundle));
  });

  it("holds the AWS SDK client and pg: it loads with no node_modules in reach", () => {
    const loaded = execFileSync(
      process.execPath,
      ["-e", `console.log(typeof require(${JSON.stringify(bundle)}).handler)`],
      {
        cwd: os.tmpdir(),
        env: { PATH: process.env.PATH, NODE_PATH: "" },
        encoding: "utf8",
      },
    );
    expect(loaded.trim()).toBe("function");
    // Only optional modules stay outside (pg-native, the SigV4a CRT signer), each loaded inside a try.
    expect(
      readFileSync(bundle, "utf8").match(/require\("(@aws-sdk\/client-[\w-]+|@aws-sdk\/core|@smithy\/[\w-]+|pg)"\)/),
    ).toBeNull();
  });

  it("rotates a real secret end to end", async () => {
    const { arn, username, password } = await h.databaseSecret();
    await h.rotate(arn);
    const current = await h.version(arn, "AWSCURRENT");
    expect(await logsIn(h.pg, username, String(current.password))).toBe(true);
    expect(await logsIn(h.pg, username, password)).toBe(false);
    expect(h.output).not.toContain(String(current.password));
  });
});
