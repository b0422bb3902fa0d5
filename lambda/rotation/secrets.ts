import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { Redactor } from "./log";

/** Staging labels of the rotation protocol. */
export const AWSCURRENT = "AWSCURRENT";
export const AWSPENDING = "AWSPENDING";
export const AWSPREVIOUS = "AWSPREVIOUS";

/** What the guards (and the master secret's lookup) need from DescribeSecret. */
export interface SecretMetadata {
  readonly arn: string;
  /** `RotationEnabled` as DescribeSecret returns it: absent when Secrets Manager leaves it out. */
  readonly rotationEnabled?: boolean;
  readonly versionIdsToStages: Readonly<Record<string, readonly string[]>>;
  /** The secret's tags, system tags included (`aws:rds:primaryDBInstanceArn` on an RDS-managed secret). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The Secrets Manager calls the function makes. Every value read is registered with the redactor,
 * so it cannot reach a log line or an error message.
 */
export class SecretsStore {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly redactor: Redactor,
  ) {}

  /** DescribeSecret: rotation state, the versions' stages and the tags. */
  public async describe(secretId: string): Promise<SecretMetadata> {
    const out = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return {
      arn: out.ARN ?? secretId,
      rotationEnabled: out.RotationEnabled,
      versionIdsToStages: out.VersionIdsToStages ?? {},
      tags: Object.fromEntries((out.Tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? ""])),
    };
  }

  /** GetSecretValue of a stage (and version); `undefined` when that version has no value yet. */
  public async value(secretId: string, stage: string, versionId?: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }),
      );
      this.registerSecretJson(out.SecretString);
      return out.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  /** GetRandomPassword with the configured length and exclusions. */
  public async randomPassword(length: number, excludeCharacters: string): Promise<string> {
    const out = await this.client.send(
      new GetRandomPasswordCommand({ PasswordLength: length, ExcludeCharacters: excludeCharacters || undefined }),
    );
    if (!out.RandomPassword) throw new Error("GetRandomPassword returned no password");
    this.redactor.add(out.RandomPassword);
    return out.RandomPassword;
  }

  /** PutSecretValue of a new version with the rotation's token, staged AWSPENDING. */
  public async putPending(secretId: string, token: string, secretString: string): Promise<void> {
    this.registerSecretJson(secretString);
    await this.client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        SecretString: secretString,
        VersionStages: [AWSPENDING],
      }),
    );
  }

  /** UpdateSecretVersionStage: moves AWSCURRENT to `toVersion` (Secrets Manager puts AWSPREVIOUS on the one it leaves). */
  public async moveCurrent(secretId: string, toVersion: string, fromVersion: string | undefined): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: AWSCURRENT,
        MoveToVersionId: toVersion,
        RemoveFromVersionId: fromVersion,
      }),
    );
  }

  private registerSecretJson(secretString: string | undefined): void {
    if (!secretString) return;
    this.redactor.add(secretString);
    try {
      const fields = JSON.parse(secretString) as Record<string, unknown>;
      for (const key of ["password", "connection_string"]) {
        if (typeof fields[key] === "string") this.redactor.add(fields[key]);
      }
    } catch {
      // Not JSON: the whole string is registered above.
    }
  }
}
