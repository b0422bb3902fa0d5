import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * What can make `terraform destroy` fail: `prevent_destroy` (Terraform refuses the plan), a bucket that
 * still holds objects (S3 refuses DeleteBucket unless the provider empties it first: `force_destroy`), and
 * objects locked by an Object Lock retention (nobody may delete them before it ends; governance mode only
 * with s3:BypassGovernanceRetention).
 * see: https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
 * see: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#force_destroy-1
 * see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
let outdir: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "teardown-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});
const stackJson = (name: string) =>
  JSON.parse(readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson;

/** Every resource address with prevent_destroy. */
function preventDestroy(json: TerraformJson): string[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, named]) =>
    Object.entries(named)
      .filter(([, block]) => (block.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy)
      .map(([name]) => `${type}.${name}`),
  );
}

describe("teardown", () => {
  it("dev (allowTeardown): nothing in any stack can refuse terraform destroy", () => {
    for (const stack of ["secrets-dev", "external-secrets-operator-dev", "external-secrets-sync-dev"]) {
      const json = stackJson(stack);
      expect(preventDestroy(json), stack).toEqual([]);
      for (const [name, bucket] of Object.entries(blocks(json, "resource", "aws_s3_bucket")))
        expect(bucket.force_destroy, `${stack} ${name}`).toBe(true);
      expect(blocks(json, "resource", "aws_s3_bucket_object_lock_configuration"), stack).toEqual({});
    }
    expect(Object.keys(blocks(stackJson("secrets-dev"), "resource", "aws_s3_bucket"))).toHaveLength(2);
  });

  it("production and staging still refuse: prevent_destroy on the keys and the secrets; production's audit files stay locked", () => {
    for (const stack of ["secrets-production", "secrets-staging"]) {
      const kept = preventDestroy(stackJson(stack));
      expect(kept.filter((a) => a.startsWith("aws_kms_key.")).length, stack).toBeGreaterThan(0);
      expect(kept.filter((a) => a.startsWith("aws_secretsmanager_secret.")).length, stack).toBeGreaterThan(6);
    }
    const production = stackJson("secrets-production");
    expect(Object.values(blocks(production, "resource", "aws_s3_bucket")).some((b) => b.force_destroy)).toBe(false);
    expect(Object.values(blocks(production, "resource", "aws_s3_bucket_object_lock_configuration"))).toEqual([
      expect.objectContaining({ rule: { default_retention: { mode: "COMPLIANCE", days: 365 } } }),
    ]);
  });

  it.each([
    [{ preventDestroy: true }, "false while preventDestroy is true"],
    [
      { audit: { securityNotificationEmails: ["s@example.com"], objectLock: { mode: "COMPLIANCE" as const } } },
      'false while audit.objectLock.mode is "COMPLIANCE"',
    ],
  ])("refuses allowTeardown with %o", (extra, expected) => {
    const dev = exampleEnvironments.find((e) => e.name === "dev")!;
    expect(() => resolveEnvironments([{ ...dev, allowTeardown: true, ...extra }])).toThrow(
      `environment "dev": allowTeardown is true; expected ${expected}`,
    );
  });
});
