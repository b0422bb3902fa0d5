import { beforeAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { SecretsStack, secretsStackName } from "../stacks/secrets-stack";
import { blocks, storySecretNames, synthSecretsStack, type TerraformJson } from "./helpers/stacks";

/** The examples, synthesized once for the whole file with validations on. */
const examples: Record<string, TerraformJson> = {};
beforeAll(() => {
  for (const environment of resolveEnvironments(exampleEnvironments)) {
    const stack = new SecretsStack(Testing.app(), secretsStackName(environment.name), { environment });
    examples[environment.name] = JSON.parse(Testing.synth(stack, true)) as TerraformJson;
  }
});

describe.each([
  // dev and staging add the sync canary `npm run verify -- --sync-check` overwrites (verifyWrites).
  ["dev", "sendgrid", ["qualisys/integrations/sync-canary"]],
  ["staging", "sendgrid", ["qualisys/integrations/sync-canary"]],
  ["production", "postmark", []],
])("secrets-%s", (env, email, own) => {
  const json = () => examples[env]!;
  const secretNames = () => [...storySecretNames(email), ...own].sort();

  it("has the story's seven secrets and the environment's own, with exactly the catalog's names", () => {
    const names = Object.values(blocks(json(), "resource", SecretsmanagerSecret.tfResourceType)).map((s) => s.name);
    expect(names.sort()).toEqual(secretNames());
  });

  it("encrypts every secret with a customer-managed key that rotates", () => {
    const keys = blocks(json(), "resource", KmsKey.tfResourceType);
    for (const secret of Object.values(blocks(json(), "resource", SecretsmanagerSecret.tfResourceType))) {
      const [, keyName] = /^\$\{aws_kms_key\.([\w-]+)\.arn\}$/.exec(String(secret.kms_key_id)) ?? [];
      expect(keyName, `${String(secret.name)} kms_key_id`).toBeDefined();
      expect(keys[keyName!]).toMatchObject({ enable_key_rotation: true });
    }
  });

  it("gives every secret one version that ignores later changes to its value and stages", () => {
    const versions = Object.values(blocks(json(), "resource", SecretsmanagerSecretVersion.tfResourceType));
    expect(versions).toHaveLength(7 + own.length);
    for (const version of versions) {
      expect((version.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(
        expect.arrayContaining(["secret_string", "version_stages"]),
      );
    }
  });

  it("configures the AWS provider for the environment's account and region, with default tags", () => {
    const [aws] = (json().provider as unknown as Record<string, Record<string, unknown>[]>).aws!;
    const config = exampleEnvironments.find((e) => e.name === env)!;
    expect(aws).toMatchObject({
      region: config.region,
      allowed_account_ids: [config.accountId],
      default_tags: [
        { tags: { Project: "qualisys", Environment: env, ManagedBy: "cdktf", Component: "secret-management" } },
      ],
    });
  });

  it("outputs each secret's ARN, a map of all ARNs, and the key's ARN and alias", () => {
    const outputs = json().output as unknown as Record<string, { value: unknown; description: string }>;
    expect(outputs.database_connection_secret_arn?.value).toBe("${aws_secretsmanager_secret.database_connection.arn}");
    expect(outputs[`email_${email}_secret_arn`]?.value).toBe(`\${aws_secretsmanager_secret.email_${email}.arn}`);
    expect(Object.keys(outputs.secret_arns?.value as object).sort()).toEqual(secretNames());
    expect(outputs.kms_key_arn?.value).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
    expect(outputs.kms_key_alias?.value).toMatch(/^\$\{aws_kms_alias\.[\w-]+\.name\}$/);
    for (const output of Object.values(outputs)) expect(output.description).not.toBe("");
  });
});

describe("modes of the examples", () => {
  it("dev and staging keep values in secret_string, fed by the random provider", () => {
    for (const env of ["dev", "staging"]) {
      const jwt = blocks(examples[env]!, "resource", SecretsmanagerSecretVersion.tfResourceType).jwt_signing_key;
      expect(jwt?.secret_string).toBe('${jsonencode({"secret" = random_bytes.jwt_signing_key_secret.hex})}');
      expect(examples[env]!.terraform?.required_providers).toHaveProperty("random");
    }
  });

  it("production runs in write-only mode and needs only the AWS provider", () => {
    const prod = examples.production!;
    for (const version of Object.values(blocks(prod, "resource", SecretsmanagerSecretVersion.tfResourceType))) {
      expect(version).not.toHaveProperty("secret_string");
      expect(version.secret_string_wo).toMatch(/^\$\{jsonencode\(\{.*\}\)\}$/);
      expect(version.secret_string_wo_version).toBe(1);
    }
    expect(Object.keys(prod.terraform?.required_providers ?? {})).toEqual(["aws"]);
    // The initial password reaches the secret through an ephemeral variable: never stored in state or plan.
    expect((prod.variable as Record<string, Record<string, unknown>>).database_password).toMatchObject({
      type: "string",
      sensitive: true,
      ephemeral: true,
    });
  });
});

describe("recovery window", () => {
  it("comes from the environment: 30 days in production, 7 elsewhere", () => {
    const windows = (env: string) =>
      Object.values(blocks(examples[env]!, "resource", SecretsmanagerSecret.tfResourceType)).map(
        (s) => s.recovery_window_in_days,
      );
    expect(new Set(windows("production"))).toEqual(new Set([30]));
    expect(new Set(windows("dev"))).toEqual(new Set([7]));
    expect(new Set(windows("staging"))).toEqual(new Set([7]));
  });

  it("can be 0 for a throwaway environment", () => {
    const { json } = synthSecretsStack({ recoveryWindowInDays: 0 });
    for (const secret of Object.values(blocks(json, "resource", SecretsmanagerSecret.tfResourceType)))
      expect(secret.recovery_window_in_days).toBe(0);
  });
});

describe("deletion guards", () => {
  it("put prevent_destroy on the keys and the secrets when the environment asks (production does), so a stray destroy stops at plan", () => {
    // see: https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
    const { json } = synthSecretsStack({ preventDestroy: true });
    const guarded = (type: string) =>
      Object.values(blocks(json, "resource", type)).map(
        (r) => (r.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy,
      );
    expect(guarded("aws_kms_key")).toEqual([true, true, true]); // secrets, operations and audit keys
    expect(guarded("aws_secretsmanager_secret").every((p) => p === true)).toBe(true);
    expect(guarded("aws_secretsmanager_secret").length).toBe(7);
    // versions keep their own lifecycle (ignore_changes), untouched
    for (const version of Object.values(blocks(json, "resource", "aws_secretsmanager_secret_version")))
      expect(version.lifecycle).toEqual({ ignore_changes: ["secret_string", "version_stages"] });
    const { json: unguarded } = synthSecretsStack();
    expect(Object.values(blocks(unguarded, "resource", "aws_kms_key")).every((k) => k.lifecycle === undefined)).toBe(
      true,
    );
  });
});
