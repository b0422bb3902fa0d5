/**
 * A Secrets Manager stand-in for tests: speaks the service's JSON 1.1 protocol over HTTP on 127.0.0.1,
 * so the rotation function's real AWS SDK client reaches it through AWS_ENDPOINT_URL_SECRETS_MANAGER.
 * It keeps versions and staging labels the way the API reference describes (each rule cites its page).
 * Test-only: it is not shipped and checks no signature.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** An error as the service returns it: HTTP 400, `__type` and `message`. */
class ServiceError extends Error {
  constructor(
    public readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Version {
  value?: string;
  stages: Set<string>;
  created: number;
}

interface Secret {
  name: string;
  arn: string;
  /** `undefined`: DescribeSecret leaves the field out (it is optional in the response). */
  rotationEnabled: boolean | undefined;
  tags: { Key: string; Value: string }[];
  rotationLambdaArn?: string;
  versions: Map<string, Version>;
}

/** One request the stand-in answered. */
export interface RecordedCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

// see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html — "the following punctuation characters"
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

export class SecretsManagerStandIn {
  private readonly secrets = new Map<string, Secret>();
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly forcedPasswords: string[] = [];
  /** Every request answered, in order. */
  public readonly calls: RecordedCall[] = [];
  /** The endpoint URL to give the SDK. */
  public endpoint = "";

  constructor(
    private readonly region = "us-east-1",
    private readonly account = "123456789012",
  ) {}

  /** Starts listening on a free port of 127.0.0.1. */
  public async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops listening. */
  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next GetRandomPassword answers with this value (tests of awkward characters). */
  public forceNextPassword(password: string): void {
    this.forcedPasswords.push(password);
  }

  /**
   * Turns rotation on or off without starting one (as CancelRotateSecret would turn it off), or, with
   * `undefined`, makes DescribeSecret leave `RotationEnabled` out (the response field is optional).
   */
  public setRotationEnabled(secretId: string, enabled: boolean | undefined): void {
    this.find(secretId).rotationEnabled = enabled;
  }

  /**
   * Sets tags as a service would: RDS puts the system tags `aws:rds:primaryDBInstanceArn` (or
   * `...ClusterArn`) on the master secret it manages; no caller can set `aws:` tags with TagResource.
   * see: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
   */
  public setSystemTags(secretId: string, tags: Record<string, string>): void {
    const secret = this.find(secretId);
    secret.tags = [
      ...secret.tags.filter((t) => !(t.Key in tags)),
      ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    ];
  }

  /** The version ids and stages of a secret, as DescribeSecret returns them. */
  public stages(secretId: string): Record<string, string[]> {
    return this.versionIdsToStages(this.find(secretId));
  }

  /** The calls of one operation. */
  public callsOf(operation: string): RecordedCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.replace(/^secretsmanager\./, "");
    let status = 200;
    let body: unknown;
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      this.calls.push({ operation, input });
      body = this.dispatch(operation, input);
    } catch (error) {
      status = 400;
      const e =
        error instanceof ServiceError ? error : new ServiceError("InternalServiceError", (error as Error).message);
      if (!(error instanceof ServiceError)) status = 500;
      body = { __type: e.type, message: e.message };
      res.setHeader("x-amzn-ErrorType", e.type);
    }
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() });
    res.end(JSON.stringify(body));
  }

  private dispatch(operation: string, input: Record<string, unknown>): unknown {
    switch (operation) {
      case "CreateSecret":
        return this.createSecret(input);
      case "DescribeSecret":
        return this.describeSecret(input);
      case "GetSecretValue":
        return this.getSecretValue(input);
      case "PutSecretValue":
        return this.putSecretValue(input);
      case "UpdateSecretVersionStage":
        return this.updateSecretVersionStage(input);
      case "RotateSecret":
        return this.rotateSecret(input);
      case "GetRandomPassword":
        return this.getRandomPassword(input);
      default:
        throw new ServiceError("UnknownOperationException", `The stand-in does not implement ${operation}`);
    }
  }

  private find(secretId: unknown): Secret {
    const secret = [...this.secrets.values()].find((s) => s.name === secretId || s.arn === secretId);
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html#API_DescribeSecret_Errors
    if (!secret)
      throw new ServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    return secret;
  }

  private versionIdsToStages(secret: Secret): Record<string, string[]> {
    // Versions without staging labels are deprecated and not listed.
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html#SecretsManager-DescribeSecret-response-VersionIdsToStages
    return Object.fromEntries(
      [...secret.versions].filter(([, v]) => v.stages.size > 0).map(([id, v]) => [id, [...v.stages].sort()]),
    );
  }

  /** Attaches a label to a version, taking it off any other version: a label is on one version at a time. */
  private attach(secret: Secret, stage: string, versionId: string): void {
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html — "Each staging label can be attached to only one version at a time."
    const previousHolder = [...secret.versions].find(([id, v]) => id !== versionId && v.stages.has(stage))?.[0];
    for (const v of secret.versions.values()) v.stages.delete(stage);
    secret.versions.get(versionId)!.stages.add(stage);
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html — "Whenever you move AWSCURRENT, Secrets Manager
    // automatically moves the label AWSPREVIOUS to the version that AWSCURRENT was removed from."
    if (stage === "AWSCURRENT" && previousHolder) this.attach(secret, "AWSPREVIOUS", previousHolder);
  }

  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
  private createSecret(input: Record<string, unknown>): unknown {
    const name = String(input.Name);
    if ([...this.secrets.values()].some((s) => s.name === name)) {
      throw new ServiceError(
        "ResourceExistsException",
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const suffix = randomBytes(3).toString("hex");
    const secret: Secret = {
      name,
      arn: `arn:aws:secretsmanager:${this.region}:${this.account}:secret:${name}-${suffix}`,
      rotationEnabled: false,
      tags: Array.isArray(input.Tags)
        ? (input.Tags as { Key: string; Value: string }[]).map(({ Key, Value }) => ({ Key, Value }))
        : [],
      versions: new Map(),
    };
    this.secrets.set(name, secret);
    const versionId = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : randomUUID();
    if (typeof input.SecretString === "string") {
      secret.versions.set(versionId, { value: input.SecretString, stages: new Set(), created: Date.now() / 1000 });
      this.attach(secret, "AWSCURRENT", versionId);
    }
    return { ARN: secret.arn, Name: name, VersionId: versionId };
  }

  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
  private describeSecret(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.rotationEnabled === undefined ? {} : { RotationEnabled: secret.rotationEnabled }),
      RotationLambdaARN: secret.rotationLambdaArn,
      VersionIdsToStages: this.versionIdsToStages(secret),
      ...(secret.tags.length > 0 ? { Tags: secret.tags } : {}),
    };
  }

  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html — VersionStage defaults to AWSCURRENT; with both VersionId and
  // VersionStage, "the two parameters must refer to the same secret version".
  private getSecretValue(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    const versionId = typeof input.VersionId === "string" ? input.VersionId : undefined;
    const stage = typeof input.VersionStage === "string" ? input.VersionStage : versionId ? undefined : "AWSCURRENT";
    const entry = versionId
      ? ([versionId, secret.versions.get(versionId)] as const)
      : [...secret.versions].find(([, v]) => v.stages.has(stage!));
    const [id, version] = entry ?? [];
    if (!id || !version || (stage && !version.stages.has(stage)) || version.value === undefined) {
      throw new ServiceError(
        "ResourceNotFoundException",
        `Secrets Manager can't find the specified secret value for ${versionId ? `VersionId: ${versionId}` : `staging label: ${stage}`}`,
      );
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: id,
      SecretString: version.value,
      VersionStages: [...version.stages],
      CreatedDate: version.created,
    };
  }

  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html — an existing version id with the same value succeeds and does
  // nothing; with a different value it fails ("you can't modify an existing version"). VersionStages
  // defaults to AWSCURRENT. The AWSPENDING version RotateSecret created holds no value until this call.
  private putSecretValue(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    const versionId = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : randomUUID();
    const value = String(input.SecretString);
    const stages = Array.isArray(input.VersionStages) ? (input.VersionStages as string[]) : ["AWSCURRENT"];
    const existing = secret.versions.get(versionId);
    if (existing?.value !== undefined) {
      if (existing.value !== value) {
        throw new ServiceError(
          "ResourceExistsException",
          `A resource with the ID you requested already exists: version ${versionId} has a different value.`,
        );
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...existing.stages] };
    } else if (existing) {
      existing.value = value;
    } else {
      secret.versions.set(versionId, { value, stages: new Set(), created: Date.now() / 1000 });
    }
    for (const stage of stages) this.attach(secret, stage, versionId);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: versionId,
      VersionStages: [...secret.versions.get(versionId)!.stages],
    };
  }

  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html — "If the staging label is already attached to a different
  // version, you must include RemoveFromVersionId"; RemoveFromVersionId must name the version that has it.
  private updateSecretVersionStage(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    const stage = String(input.VersionStage);
    const moveTo = typeof input.MoveToVersionId === "string" ? input.MoveToVersionId : undefined;
    const removeFrom = typeof input.RemoveFromVersionId === "string" ? input.RemoveFromVersionId : undefined;
    const holder = [...secret.versions].find(([, v]) => v.stages.has(stage))?.[0];
    if (removeFrom !== undefined && holder !== removeFrom) {
      throw new ServiceError(
        "InvalidParameterException",
        `The staging label ${stage} is not attached to version ${removeFrom}.`,
      );
    }
    if (moveTo !== undefined) {
      if (!secret.versions.has(moveTo))
        throw new ServiceError("ResourceNotFoundException", `Secrets Manager can't find version ${moveTo}.`);
      if (holder !== undefined && holder !== moveTo && removeFrom === undefined) {
        throw new ServiceError(
          "InvalidParameterException",
          `The staging label ${stage} is currently attached to version ${holder}. You must explicitly reference that version in RemoveFromVersionId.`,
        );
      }
      this.attach(secret, stage, moveTo);
    } else if (removeFrom !== undefined) {
      secret.versions.get(removeFrom)!.stages.delete(stage);
    }
    return { ARN: secret.arn, Name: secret.name };
  }

  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html — rotation fails to start while AWSPENDING is on a version other than
  // AWSCURRENT's; DescribeSecret docs: "Secrets Manager creates an AWSPENDING version ID before creating
  // the new secret version". The tests then call the function's four steps, as the service would.
  private rotateSecret(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    const stages = this.versionIdsToStages(secret);
    const pending = Object.entries(stages).find(([, s]) => s.includes("AWSPENDING"));
    if (pending && !pending[1].includes("AWSCURRENT")) {
      throw new ServiceError(
        "InvalidRequestException",
        "A previous rotation isn't complete. That rotation will be reattempted.",
      );
    }
    secret.rotationEnabled = true;
    if (typeof input.RotationLambdaARN === "string") secret.rotationLambdaArn = input.RotationLambdaARN;
    const versionId = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : randomUUID();
    secret.versions.set(versionId, { stages: new Set(), created: Date.now() / 1000 });
    this.attach(secret, "AWSPENDING", versionId);
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId };
  }

  // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html — defaults: 32 characters, every type included, each required.
  private getRandomPassword(input: Record<string, unknown>): unknown {
    const forced = this.forcedPasswords.shift();
    if (forced !== undefined) return { RandomPassword: forced };
    const length = typeof input.PasswordLength === "number" ? input.PasswordLength : 32;
    if (length < 1 || length > 4096)
      throw new ServiceError("InvalidParameterException", "PasswordLength must be from 1 to 4096.");
    const exclude = new Set(typeof input.ExcludeCharacters === "string" ? input.ExcludeCharacters : "");
    const pools = [
      input.ExcludeUppercase ? "" : UPPER,
      input.ExcludeLowercase ? "" : LOWER,
      input.ExcludeNumbers ? "" : DIGITS,
      input.ExcludePunctuation ? "" : PUNCTUATION,
      input.IncludeSpace ? " " : "",
    ]
      .map((pool) => [...pool].filter((c) => !exclude.has(c)).join(""))
      .filter((pool) => pool.length > 0);
    const all = pools.join("");
    const requireEach = input.RequireEachIncludedType !== false;
    for (;;) {
      const password = Array.from({ length }, () => all[randomInt(all.length)]).join("");
      if (!requireEach || length < pools.length || pools.every((pool) => [...password].some((c) => pool.includes(c)))) {
        return { RandomPassword: password };
      }
    }
  }
}
