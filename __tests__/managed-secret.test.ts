import { describe, expect, it } from "vitest";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { field, type SecretDefinition } from "../catalog/secret-catalog";
import { AccessRole } from "../constructs/access-role";
import { ManagedSecret, WRITE_ONLY_VERSION } from "../constructs/managed-secret";
import { SecretGrantee } from "../constructs/secret-grantee";
import { simulate } from "./helpers/iam-simulator";
import { roleIdentityStatements, secretsWithPolicies } from "./helpers/policy-documents";
import { blocks, onlyBlock, synthConstruct, type TerraformJson } from "./helpers/stacks";

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
const placement = { accountId: "123456789012", region: "eu-central-1", partition: "aws", dnsSuffix: "amazonaws.com" };

function synth(extra: Partial<ConstructorParameters<typeof ManagedSecret>[2]> = {}) {
  const { json, built } = synthConstruct(
    (scope) =>
      new ManagedSecret(scope, "google", {
        definition,
        kmsKeyArn: keyArn,
        accessGroup: "integrations",
        placement,
        value,
        ...extra,
      }),
  );
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
    expect(secret).toMatchObject({
      name: "qualisys/oauth/google",
      kms_key_id: keyArn,
      description: "Google OAuth client",
    });
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
    // The construct's path first (stack/construct), then the secret, the prop and what is allowed.
    expect(() => synth({ value: { client_id: "x" } })).toThrow(
      "test/google: qualisys/oauth/google: value must have exactly the fields client_id, client_secret, got client_id",
    );
  });

  it.each([1, 31])("rejects a recovery window of %s days", (days) => {
    expect(() => synth({ recoveryWindowInDays: days })).toThrow(
      `test/google: recoveryWindowInDays must be 0 (delete without recovery) or a whole number of days from 7 to 30, got ${days}`,
    );
  });
});

describe("ManagedSecret.grantRead", () => {
  const auditorArn = "arn:aws:iam::123456789012:role/auditor";

  /** A secret and a new role of the stack; the role is granted the secret when `grant` is set. */
  function synthWithRole(grant: boolean): TerraformJson {
    return synthConstruct((scope) => {
      const secret = new ManagedSecret(scope, "google", {
        definition,
        kmsKeyArn: keyArn,
        accessGroup: "integrations",
        placement,
        value,
      });
      const role = new AccessRole(scope, "auditor", {
        roleName: "auditor",
        description: "Reads the OAuth client for audits",
        trust: { kind: "github-actions", repository: "qualisys/audits", ref: "refs/heads/main" },
        placement,
      });
      // Terraform's own reader: without any reader the secret has no resource policy to compare.
      secret.grantRead(
        SecretGrantee.fromPrincipalArn("terraform", "arn:aws:iam::123456789012:role/terraform"),
        "Terraform",
      );
      if (grant) secret.grantRead(role, "audits");
      return secret;
    }).json;
  }
  const canRead = (json: TerraformJson) => {
    const [secret] = secretsWithPolicies(json, "aws", "eu-central-1", "123456789012");
    const identity = roleIdentityStatements(json, "aws", "eu-central-1", "123456789012").get(auditorArn) ?? [];
    return simulate(
      { principalArn: auditorArn, action: "secretsmanager:GetSecretValue", resource: secret!.arn },
      identity,
      secret!.resourcePolicy,
    );
  };

  it("gives a role of the stack its identity statement, the KMS decrypt, and a place among the secret's readers", async () => {
    const json = synthWithRole(true);
    // Identity side: an inline policy of the role.
    const inline = onlyBlock(json, "resource", "aws_iam_role_policy");
    expect(inline).toMatchObject({
      name: "granted-secrets",
      role: expect.stringMatching(/^\$\{aws_iam_role\.auditor_role_\w+\.id\}$/),
    });
    const document = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([name]) =>
      name.startsWith("auditor_granted-document"),
    )![1];
    expect(document.statement).toEqual([
      {
        sid: "ReadSecrets",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: ["arn:aws:secretsmanager:eu-central-1:123456789012:secret:qualisys/oauth/google-??????"],
      },
      {
        sid: "DecryptSecretsThroughSecretsManager",
        actions: ["kms:Decrypt"],
        resources: [keyArn],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.eu-central-1.amazonaws.com"] },
        ],
      },
    ]);
    // Resource side: the role's ARN, from the role resource, among the principals the read deny exempts.
    const policy = Object.entries(blocks(json, "data", "aws_iam_policy_document")).find(([name]) =>
      name.startsWith("google_resource-policy_document"),
    )![1];
    const deny = (policy.statement as { sid: string; condition: { values: string[] }[] }[]).find(
      (st) => st.sid === "DenyReadExceptAllowedRoles",
    )!;
    expect(deny.condition[0]!.values).toEqual([
      "arn:aws:iam::123456789012:role/terraform",
      expect.stringMatching(/^\$\{aws_iam_role\.auditor_role_\w+\.arn\}$/),
    ]);
    expect(await canRead(json)).toBe("Allowed");
  });

  it("without the grant, the role has neither side and cannot read", async () => {
    const json = synthWithRole(false);
    expect(blocks(json, "resource", "aws_iam_role_policy")).toEqual({});
    expect(JSON.stringify(blocks(json, "data", "aws_iam_policy_document"))).not.toMatch(/auditor_role_\w+\.arn/);
    expect(await canRead(json)).toBe("ExplicitlyDenied");
  });

  it("grants a principal of the configuration on the resource side only: its identity policies are not this stack's", async () => {
    const json = synthWithRole(false);
    expect(blocks(json, "resource", "aws_iam_role_policy")).toEqual({});
    const [secret] = secretsWithPolicies(json, "aws", "eu-central-1", "123456789012");
    const broad = [{ effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: ["*"] }];
    expect(
      await simulate(
        {
          principalArn: "arn:aws:iam::123456789012:role/terraform",
          action: "secretsmanager:GetSecretValue",
          resource: secret!.arn,
        },
        broad,
        secret!.resourcePolicy,
      ),
    ).toBe("Allowed");
  });

  it("refuses a grant without a reason", () => {
    expect(() =>
      synthConstruct((scope) =>
        new ManagedSecret(scope, "google", {
          definition,
          kmsKeyArn: keyArn,
          accessGroup: "integrations",
          placement,
          value,
        }).grantRead(SecretGrantee.fromPrincipalArn("x", auditorArn), " "),
      ),
    ).toThrow("qualisys/oauth/google: grantRead(x) needs a reason");
  });
});
