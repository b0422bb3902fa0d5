import { describe, expect, it } from "vitest";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Testing } from "cdktf";
import { SecretsKmsKey, type SecretsKmsKeyProps } from "../constructs/secrets-kms-key";
import { onlyBlock, synthConstruct } from "./helpers/stacks";

const props: SecretsKmsKeyProps = {
  accountId: "123456789012",
  region: "eu-central-1",
  partition: "aws",
  dnsSuffix: "amazonaws.com",
};

interface Statement {
  sid: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

describe("SecretsKmsKey", () => {
  const { json, built } = synthConstruct((scope) => new SecretsKmsKey(scope, "key", props));
  const statements = onlyBlock(json, "data", "aws_iam_policy_document").statement as Statement[];

  it("creates a symmetric key with yearly rotation and a 30-day deletion window", () => {
    expect(
      Testing.toHaveResourceWithProperties(JSON.stringify(json), KmsKey.tfResourceType, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        key_usage: "ENCRYPT_DECRYPT",
        customer_master_key_spec: "SYMMETRIC_DEFAULT",
      }),
    ).toBe(true);
  });

  it("names it alias/qualisys/secrets", () => {
    const alias = onlyBlock(json, "resource", KmsAlias.tfResourceType);
    expect(alias.name).toBe("alias/qualisys/secrets");
    expect(alias.target_key_id).toMatch(/^\$\{aws_kms_key\.[\w-]+\.key_id\}$/);
    expect(built.aliasName).toBe("alias/qualisys/secrets");
  });

  it("sets an explicit key policy from a policy document", () => {
    const key = onlyBlock(json, "resource", KmsKey.tfResourceType);
    expect(key.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/);
  });

  it("lets the account root administer the key, without using it", () => {
    const admin = statements.find((s) => s.sid === "AccountRootAdministersKey");
    expect(admin?.principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }]);
    // The administration actions of AWS's default key policy ("Allows key administrators to administer
    // the KMS key"), spelled out, and no cryptographic operation: no Encrypt, Decrypt, GenerateDataKey*.
    // see: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
    expect(admin?.actions).toEqual([
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListKeyPolicies",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]);
    expect(admin?.actions).not.toContain("kms:Decrypt");
    expect(admin?.actions).toContain("kms:PutKeyPolicy"); // no lock-out
  });

  it("lets principals of the account use the key only through Secrets Manager in its region", () => {
    const use = statements.find((s) => s.sid === "AccountPrincipalsUseKeyOnlyThroughSecretsManager");
    expect(use?.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(use?.principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }]);
    expect(use?.condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.eu-central-1.amazonaws.com"] },
        { test: "StringEquals", variable: "kms:CallerAccount", values: ["123456789012"] },
      ]),
    );
  });

  it("has no statement granting kms:* or any wildcard action, nor any to principal *", () => {
    for (const statement of statements) {
      expect(statement.actions.filter((a) => a.includes("*"))).toEqual([]);
      expect(statement.principals.flatMap((p) => p.identifiers)).not.toContain("*");
    }
  });

  it("uses the partition and DNS suffix of China regions", () => {
    const cn = synthConstruct(
      (scope) =>
        new SecretsKmsKey(scope, "key", {
          ...props,
          region: "cn-north-1",
          partition: "aws-cn",
          dnsSuffix: "amazonaws.com.cn",
        }),
    );
    const cnStatements = onlyBlock(cn.json, "data", "aws_iam_policy_document").statement as Statement[];
    expect(JSON.stringify(cnStatements)).toContain("arn:aws-cn:iam::123456789012:root");
    expect(JSON.stringify(cnStatements)).toContain("secretsmanager.cn-north-1.amazonaws.com.cn");
  });

  it.each([6, 31])("rejects a deletion window of %s days", (days) => {
    expect(() =>
      synthConstruct((scope) => new SecretsKmsKey(scope, "key", { ...props, deletionWindowInDays: days })),
    ).toThrow(`deletionWindowInDays must be a whole number from 7 to 30, got ${days}`);
  });

  it("rejects an alias in the AWS-reserved namespace", () => {
    expect(() =>
      synthConstruct((scope) => new SecretsKmsKey(scope, "key", { ...props, aliasName: "alias/aws/secrets" })),
    ).toThrow(/aliasName must/);
  });
});
