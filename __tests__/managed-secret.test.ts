import { describe, expect, it } from "vitest";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { field, type SecretDefinition } from "../catalog/secret-catalog";
import { ManagedSecret, WRITE_ONLY_VERSION } from "../constructs/managed-secret";
import { onlyBlock, synthConstruct } from "./helpers/stacks";

const definition: SecretDefinition = {
  name: "qualisys/oauth/google",
  description: "Google OAuth client",
  fields: { client_id: field.operator(), client_secret: field.operator() },
  consumers: ["api"],
  rotation: { kind: "manual", cadence: "annual", procedure: "by hand" },
  responsible: "Integrations team",
  environmentVariables: { client_id: "GOOGLE_CLIENT_ID", client_secret: "GOOGLE_CLIENT_SECRET" },
};
const value = { client_id: "SET_ME", client_secret: "SET_ME" };
const keyArn = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function synth(extra: Partial<ConstructorParameters<typeof ManagedSecret>[2]> = {}) {
  const { json, built } = synthConstruct((scope) => new ManagedSecret(scope, "google", { definition, kmsKeyArn: keyArn, value, ...extra }));
  return {
    built,
    secret: onlyBlock(json, "resource", SecretsmanagerSecret.tfResourceType),
    version: onlyBlock(json, "resource", SecretsmanagerSecretVersion.tfResourceType),
    addresses: Object.keys(json.resource?.[SecretsmanagerSecret.tfResourceType] ?? {}),
  };
}

describe("ManagedSecret", () => {
  it("creates the secret under its catalog name, encrypted with the given key", () => {
    const { secret } = synth();
    expect(secret).toMatchObject({ name: "qualisys/oauth/google", kms_key_id: keyArn, description: "Google OAuth client" });
  });

  it("tags the secret with category, access group and rotation policy", () => {
    expect(synth().secret.tags).toEqual({ Category: "oauth", AccessGroup: "integrations", Rotation: "manual-annual" });
  });

  it("uses the recovery window it is given, 30 days by default", () => {
    expect(synth().secret.recovery_window_in_days).toBe(30);
    expect(synth({ recoveryWindowInDays: 7 }).secret.recovery_window_in_days).toBe(7);
  });

  it("has a readable, stable address named after the secret", () => {
    expect(synth().addresses).toEqual(["oauth_google"]);
  });

  it("writes the value once as JSON and then ignores changes to it and to its stages", () => {
    const { version } = synth();
    expect(version.secret_id).toBe("${aws_secretsmanager_secret.oauth_google.id}");
    expect(version.secret_string).toBe('${jsonencode({"client_id" = "SET_ME", "client_secret" = "SET_ME"})}');
    expect(version.lifecycle).toEqual({ ignore_changes: ["secret_string", "version_stages"] });
  });

  it("in write-only mode writes secret_string_wo with a version, and no secret_string", () => {
    const { version } = synth({ writeOnly: true });
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo).toBe('${jsonencode({"client_id" = "SET_ME", "client_secret" = "SET_ME"})}');
    expect(version.secret_string_wo_version).toBe(WRITE_ONLY_VERSION);
    expect(version.lifecycle).toEqual({ ignore_changes: ["secret_string", "version_stages"] });
  });

  it("rejects a value whose fields differ from the catalog's", () => {
    expect(() => synth({ value: { client_id: "x" } })).toThrow(
      "qualisys/oauth/google: value must have exactly the fields client_id, client_secret, got client_id",
    );
  });

  it.each([1, 31])("rejects a recovery window of %s days", (days) => {
    expect(() => synth({ recoveryWindowInDays: days })).toThrow(`recoveryWindowInDays must be 0 (delete without recovery) or a whole number of days from 7 to 30, got ${days}`);
  });
});
