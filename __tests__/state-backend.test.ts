import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { synthSecretsStack } from "./helpers/stacks";

describe("state backend", () => {
  it("is a local file in the project root by default, the same on every machine", () => {
    const { json } = synthSecretsStack();
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.secrets-test.tfstate" } });
  });

  it("is S3 with one key per stack, encryption and S3-native locking when configured", () => {
    const { json } = synthSecretsStack({
      backend: { type: "s3", bucket: "my-state-bucket", keyPrefix: "platform/qualisys" },
    });
    expect(json.terraform?.backend).toEqual({
      s3: {
        bucket: "my-state-bucket",
        key: "platform/qualisys/secrets-test/terraform.tfstate",
        region: "eu-central-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("keeps the bucket's own region when it differs from the environment's", () => {
    const { json } = synthSecretsStack({ backend: { type: "s3", bucket: "my-state-bucket", region: "us-west-2" } });
    expect(json.terraform?.backend).toMatchObject({
      s3: { region: "us-west-2", key: "qualisys/secrets-test/terraform.tfstate" },
    });
  });

  it("is an HCP Terraform workspace per stack when configured", () => {
    const { json } = synthSecretsStack({ backend: { type: "cloud", organization: "acme", workspacePrefix: "acme-" } });
    expect(json.terraform?.cloud).toEqual({ organization: "acme", workspaces: { name: "acme-secrets-test" } });
    expect(json.terraform?.backend).toBeUndefined();
  });
});

describe("synthesis", () => {
  it("needs no terraform binary, even for a stack in HCP Terraform", () => {
    // Given a PATH without terraform (cdktf's own CloudBackend would run `terraform version` here)
    const outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "no-terraform-")), "out");
    const root = path.resolve(__dirname, "..");
    // When the examples are synthesized
    execFileSync(process.execPath, ["--import", "tsx", path.join(root, "cli", "synth.ts"), "--outdir", outdir], {
      cwd: root,
      env: { HOME: process.env.HOME, PATH: "" },
      stdio: "pipe",
    });
    // Then the production stack has its cloud block
    const json = JSON.parse(readFileSync(path.join(outdir, "stacks", "secrets-production", "cdk.tf.json"), "utf8")) as {
      terraform: { cloud: unknown };
    };
    expect(json.terraform.cloud).toEqual({
      organization: "qualisys",
      workspaces: { name: "qualisys-secrets-production" },
    });
  });
});
