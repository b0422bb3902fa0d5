import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { SecretsManagerStandIn } from "../../harness/secrets-manager-standin";

// The stand-in is a test double: these tests pin it to the API reference, through the real SDK client.
const sm = new SecretsManagerStandIn();
let client: SecretsManagerClient;
beforeAll(async () => {
  await sm.start();
  client = new SecretsManagerClient({
    endpoint: sm.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
  });
});
afterAll(async () => {
  client.destroy();
  await sm.stop();
});

let n = 0;
const create = async (value = "v1") => {
  const out = await client.send(new CreateSecretCommand({ Name: `qualisys/test/s${++n}`, SecretString: value }));
  return { arn: out.ARN!, v1: out.VersionId! };
};
const stages = async (arn: string) =>
  (await client.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages;

describe("Secrets Manager stand-in", () => {
  it("puts AWSCURRENT on exactly one version, and AWSPREVIOUS on the version it left", async () => {
    const { arn, v1 } = await create();
    await client.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: "v2-token-000000000000000000000000",
        SecretString: "v2",
      }),
    );
    expect(await stages(arn)).toEqual({ [v1]: ["AWSPREVIOUS"], "v2-token-000000000000000000000000": ["AWSCURRENT"] });
  });

  it("is idempotent for a repeated token with the same value, and refuses a different value", async () => {
    const { arn } = await create();
    const put = (value: string) =>
      client.send(
        new PutSecretValueCommand({
          SecretId: arn,
          ClientRequestToken: "same-token-00000000000000000000000",
          SecretString: value,
          VersionStages: ["AWSPENDING"],
        }),
      );
    await put("v2");
    await put("v2");
    await expect(put("v3")).rejects.toMatchObject({ name: "ResourceExistsException" });
  });

  it("moves a stage only with RemoveFromVersionId naming its holder", async () => {
    const { arn, v1 } = await create();
    await client.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: "pending-0000000000000000000000000",
        SecretString: "v2",
        VersionStages: ["AWSPENDING"],
      }),
    );
    const move = (remove?: string) =>
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: arn,
          VersionStage: "AWSCURRENT",
          MoveToVersionId: "pending-0000000000000000000000000",
          RemoveFromVersionId: remove,
        }),
      );
    await expect(move()).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(move("not-the-holder-000000000000000000")).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await move(v1);
    expect(await stages(arn)).toEqual({
      [v1]: ["AWSPREVIOUS"],
      "pending-0000000000000000000000000": ["AWSCURRENT", "AWSPENDING"],
    });
  });

  it("starts a rotation with a valueless AWSPENDING version, and refuses a second while one is unfinished", async () => {
    const { arn } = await create();
    const { VersionId } = await client.send(new RotateSecretCommand({ SecretId: arn }));
    expect((await stages(arn))?.[VersionId!]).toEqual(["AWSPENDING"]);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: arn, VersionId, VersionStage: "AWSPENDING" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(client.send(new RotateSecretCommand({ SecretId: arn }))).rejects.toMatchObject({
      name: "InvalidRequestException",
    });
    expect((await client.send(new DescribeSecretCommand({ SecretId: arn }))).RotationEnabled).toBe(true);
  });

  it("generates passwords of the asked length without the excluded characters", async () => {
    const { RandomPassword } = await client.send(
      new GetRandomPasswordCommand({ PasswordLength: 64, ExcludeCharacters: "/@\"'\\ " }),
    );
    expect(RandomPassword).toHaveLength(64);
    expect(RandomPassword).not.toMatch(/[/@"'\\ ]/);
    expect(RandomPassword).toMatch(/[A-Z]/);
    expect(RandomPassword).toMatch(/[0-9]/);
  });
});
