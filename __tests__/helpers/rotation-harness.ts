import {
  CreateSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject, vi } from "vitest";
import type { SecretsManagerRotationEvent } from "aws-lambda";
import { asSuperuser, logsIn, type PostgresServer } from "../../harness/postgres";
import { handler as sourceHandler } from "../../lambda/rotation/index";
import { functionEnvironment } from "../../harness/function-environment";
import { SecretsManagerStandIn } from "../../harness/secrets-manager-standin";

/** A database secret's JSON, as the secrets stack writes it. */
export interface DatabaseSecretJson {
  engine?: unknown;
  host?: unknown;
  port?: unknown;
  database?: unknown;
  dbname?: unknown;
  username?: unknown;
  password?: unknown;
  connection_string?: unknown;
  [field: string]: unknown;
}

/** Everything a rotation test needs: the real PostgreSQL, the stand-in, and the handler to call. */
export class RotationHarness {
  public readonly pg: PostgresServer = inject("postgres");
  public readonly sm = new SecretsManagerStandIn();
  /** A test-side client (the function has its own). */
  public client!: SecretsManagerClient;
  /** Everything written to stdout and stderr while the function ran. */
  public output = "";
  private handler!: (event: SecretsManagerRotationEvent) => Promise<void>;
  private savedEnv: Record<string, string | undefined> = {};

  /**
   * Registers beforeAll/afterAll hooks that start the stand-in and load the handler with its environment:
   * the TypeScript source by default, or `loadHandler()`'s (the esbuild bundle).
   */
  public static setup(
    extraEnv: Record<string, string> = {},
    loadHandler: () => Promise<(event: SecretsManagerRotationEvent) => Promise<void>> = () =>
      Promise.resolve(sourceHandler),
  ): RotationHarness {
    const harness = new RotationHarness();
    beforeAll(async () => {
      await harness.sm.start();
      const env = { ...functionEnvironment(harness.sm, harness.pg), ...extraEnv };
      harness.savedEnv = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
      Object.assign(process.env, env);
      harness.client = new SecretsManagerClient({});
      harness.handler = await loadHandler();
    });
    afterAll(async () => {
      harness.client?.destroy();
      for (const [key, value] of Object.entries(harness.savedEnv)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await harness.sm.stop();
    });
    return harness;
  }

  /** A fresh role name, so tests sharing the server do not meet. */
  public static roleName(prefix = "app"): string {
    return `${prefix}_${randomBytes(4).toString("hex")}`;
  }

  /** Creates a login role with a password (and, optionally, a table it owns). */
  public async createRole(
    username: string,
    password: string,
    options: { superuserFor?: boolean; createRole?: boolean } = {},
  ): Promise<void> {
    await asSuperuser(this.pg, async (client) => {
      await client.query(
        `CREATE ROLE ${client.escapeIdentifier(username)} WITH LOGIN ${options.createRole ? "CREATEROLE " : ""}PASSWORD ${client.escapeLiteral(password)}`,
      );
    });
  }

  /** The JSON of a database secret for a role of the test server. */
  public secretJson(username: string, password: string, extra: DatabaseSecretJson = {}): DatabaseSecretJson {
    const e = encodeURIComponent;
    return {
      engine: "postgres",
      host: this.pg.host,
      port: this.pg.port,
      database: "postgres",
      username,
      password,
      dbname: "postgres",
      connection_string: `postgresql://${e(username)}:${e(password)}@${this.pg.host}:${this.pg.port}/postgres`,
      ...extra,
    };
  }

  /** Creates the secret in the stand-in; returns its ARN. */
  public async createSecret(name: string, json: DatabaseSecretJson | string): Promise<string> {
    const out = await this.client.send(
      new CreateSecretCommand({ Name: name, SecretString: typeof json === "string" ? json : JSON.stringify(json) }),
    );
    return out.ARN!;
  }

  /** A role and its secret, ready to rotate. */
  public async databaseSecret(
    extra: DatabaseSecretJson = {},
  ): Promise<{ arn: string; username: string; password: string }> {
    const username = RotationHarness.roleName();
    const password = `initial-${randomBytes(12).toString("hex")}`;
    await this.createRole(username, password);
    const arn = await this.createSecret(`qualisys/database/${username}`, this.secretJson(username, password, extra));
    return { arn, username, password };
  }

  /** Starts a rotation as Secrets Manager does (RotateSecret: rotation on, AWSPENDING version id); returns the token. */
  public async startRotation(arn: string): Promise<string> {
    const out = await this.client.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: "arn:aws:lambda:us-east-1:123456789012:function:rotation",
        RotateImmediately: false,
      }),
    );
    return out.VersionId!;
  }

  /** Invokes the handler for one step, capturing everything written to stdout and stderr. */
  public async step(arn: string, token: string, step: string): Promise<void> {
    await this.invoke({ SecretId: arn, ClientRequestToken: token, Step: step } as SecretsManagerRotationEvent);
  }

  /** Invokes the handler with any event, capturing output. */
  public async invoke(event: SecretsManagerRotationEvent): Promise<void> {
    const capture = (stream: NodeJS.WriteStream) =>
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
        this.output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    const consoleSpies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        this.output += `${args.map(String).join(" ")}\n`;
      }),
    );
    try {
      await this.handler(event);
    } catch (error) {
      // What Lambda would log for a failed invocation: the error's type, message and stack.
      this.output += `${(error as Error)?.name}: ${(error as Error)?.message}\n${(error as Error)?.stack ?? ""}\n`;
      throw error;
    } finally {
      for (const spy of [...spies, ...consoleSpies]) spy.mockRestore();
    }
  }

  /** Runs the four steps in order for a fresh rotation; returns the token. */
  public async rotate(arn: string): Promise<string> {
    const token = await this.startRotation(arn);
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"]) await this.step(arn, token, step);
    return token;
  }

  /** The JSON of a version (by stage, or by id and stage). */
  public async version(arn: string, stage: string, versionId?: string): Promise<DatabaseSecretJson> {
    const out = await this.client.send(
      new GetSecretValueCommand({ SecretId: arn, VersionStage: stage, VersionId: versionId }),
    );
    return JSON.parse(out.SecretString!) as DatabaseSecretJson;
  }

  /** Whether a version's credentials log in to the test server. */
  public async versionLogsIn(arn: string, stage: string, versionId?: string): Promise<boolean> {
    const json = await this.version(arn, stage, versionId);
    return logsIn(this.pg, String(json.username), String(json.password));
  }

  /** Runs one statement as the test server's superuser. */
  public async pgAsSuperuser(statement: string): Promise<void> {
    await asSuperuser(this.pg, (client) => client.query(statement));
  }

  /** The stored password verifier of a role: changes whenever the password is set, even to the same value (new salt). */
  public async passwordVerifier(role: string): Promise<string> {
    return asSuperuser(this.pg, async (client) => {
      const { rows } = await client.query<{ rolpassword: string }>(
        "SELECT rolpassword FROM pg_authid WHERE rolname = $1",
        [role],
      );
      return rows[0]?.rolpassword ?? "";
    });
  }

  /** The JSON log lines the function wrote. */
  public logLines(): Record<string, unknown>[] {
    return this.output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
