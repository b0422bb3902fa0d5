import { describe, expect, it } from "vitest";
import { synthSecretsStack } from "./helpers/stacks";

describe("state backend", () => {
  it("is a local file in the project root by default, the same on every machine", () => {
    const { json } = synthSecretsStack();
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.secrets-test.tfstate" } });
  });

  it("is S3 with one key per stack, encryption and S3-native locking when configured", () => {
    const { json } = synthSecretsStack({ backend: { type: "s3", bucket: "my-state-bucket", keyPrefix: "platform/qualisys" } });
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
    expect(json.terraform?.backend).toMatchObject({ s3: { region: "us-west-2", key: "qualisys/secrets-test/terraform.tfstate" } });
  });

  it("is an HCP Terraform workspace per stack when configured", () => {
    const { json } = synthSecretsStack({ backend: { type: "cloud", organization: "acme", workspacePrefix: "acme-" } });
    expect(json.terraform?.cloud).toEqual({ organization: "acme", workspaces: { name: "acme-secrets-test" } });
    expect(json.terraform?.backend).toBeUndefined();
  });
});
