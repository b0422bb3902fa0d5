import type { RotationConfig } from "./config";
import {
  createRoleLike,
  makeClone,
  roleExists,
  setRolePassword,
  type Credentials,
  type Database,
  type LoginFailure,
} from "./database";
import { DatabaseError, RotationError, type RotationStep } from "./errors";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, type SecretMetadata, type SecretsStore } from "./secrets";
import type { DatabaseDirectory } from "./rds";
import {
  alternateUsername,
  CLONE_SUFFIX,
  parseDatabaseSecret,
  parseMasterSecret,
  withCredentials,
  type DatabaseSecret,
  type RotationStrategy,
} from "./secret-value";

/** What every step works with. */
export interface StepContext {
  /** ARN of the secret (from DescribeSecret). */
  readonly arn: string;
  /** ClientRequestToken: the id of the version being rotated in. */
  readonly token: string;
  /** DescribeSecret's answer, read by the guards. */
  readonly metadata: SecretMetadata;
  readonly store: SecretsStore;
  readonly db: Database;
  readonly config: RotationConfig;
  /** RDS, for where an RDS-managed master secret's database answers. */
  readonly directory: DatabaseDirectory;
}

/** What a step did. */
export interface StepResult {
  /** `skipped`: nothing to do (already done by an earlier run of the step). */
  readonly outcome: "succeeded" | "skipped";
  /** The secret's rotation strategy, when the step read the secret. */
  readonly strategy?: RotationStrategy;
}

/** Reads and checks one version of the secret; fails when it has no value. */
async function readVersion(
  ctx: StepContext,
  step: RotationStep,
  stage: string,
  versionId?: string,
): Promise<DatabaseSecret> {
  const value = await ctx.store.value(ctx.arn, stage, versionId);
  if (value === undefined) {
    throw new RotationError(
      step,
      ctx.arn,
      `the secret has no ${stage} value${versionId ? ` for version ${versionId}` : ""}${stage === AWSPENDING ? "; createSecret must run first" : ""}`,
    );
  }
  return parseDatabaseSecret(value, { step, secretId: ctx.arn, stage });
}

const describeFailure = (who: string, failure: LoginFailure) =>
  failure.kind === "unreachable"
    ? `the database cannot be reached with the ${who} credentials (${failure.detail})`
    : `the ${who} credentials do not log in (${failure.kind}: ${failure.detail})`;

/**
 * createSecret: keeps an AWSPENDING value already put for this token; otherwise generates a password
 * with GetRandomPassword and puts a new version, AWSPENDING, with every field of AWSCURRENT and the new
 * password (and, alternating, the other user) and a matching connection_string.
 */
export async function createSecret(ctx: StepContext): Promise<StepResult> {
  const current = await readVersion(ctx, "createSecret", AWSCURRENT);
  if ((await ctx.store.value(ctx.arn, AWSPENDING, ctx.token)) !== undefined) {
    return { outcome: "skipped", strategy: current.strategy };
  }
  const password = await ctx.store.randomPassword(ctx.config.passwordLength, ctx.config.excludeCharacters);
  const username = current.strategy === "alternating-users" ? alternateUsername(current.username) : current.username;
  await ctx.store.putPending(ctx.arn, ctx.token, withCredentials(current, username, password));
  return { outcome: "succeeded", strategy: current.strategy };
}

/**
 * setSecret: makes the database accept the AWSPENDING credentials. Does nothing when they already log
 * in. Single user: logs in as AWSCURRENT (or AWSPREVIOUS) and changes that user's password.
 * Alternating users: logs in with the superuser secret named by `masterarn` and sets the password of
 * the other user, creating it with the current user's privileges the first time.
 */
export async function setSecret(ctx: StepContext): Promise<StepResult> {
  const step = "setSecret";
  const current = await readVersion(ctx, step, AWSCURRENT);
  const pending = await readVersion(ctx, step, AWSPENDING, ctx.token);
  const strategy = current.strategy;

  // The pending version may only change the same host and the expected user (no confused deputy): checked
  // before any connection, so a pending version that names another host is never dialled. The errors name
  // neither host nor user: whoever wrote the pending version must not learn them from the function.
  if (pending.host !== current.host) {
    throw new RotationError(
      step,
      ctx.arn,
      "the AWSPENDING host differs from the AWSCURRENT host; expected the same host",
    );
  }
  const expectedUser = strategy === "alternating-users" ? alternateUsername(current.username) : current.username;
  if (pending.username !== expectedUser) {
    throw new RotationError(
      step,
      ctx.arn,
      `the AWSPENDING user is not the one the ${strategy} strategy rotates (${strategy === "alternating-users" ? "the other of the two users" : "the AWSCURRENT user"})`,
    );
  }

  const pendingLogin = await ctx.db.withLogin(pending, () => Promise.resolve(true));
  if ("value" in pendingLogin) return { outcome: "skipped", strategy };

  if (strategy === "single-user") {
    await setSingleUserPassword(ctx, current, pending);
  } else {
    await setAlternatingUserPassword(ctx, current, pending);
  }
  return { outcome: "succeeded", strategy };
}

async function setSingleUserPassword(
  ctx: StepContext,
  current: DatabaseSecret,
  pending: DatabaseSecret,
): Promise<void> {
  const step = "setSecret";
  const change = (client: Parameters<typeof setRolePassword>[0]) =>
    setRolePassword(client, pending.username, pending.password);
  const viaCurrent = await ctx.db.withLogin(current, change);
  if ("value" in viaCurrent) return;

  // AWSCURRENT may be stale when an earlier rotation changed the password but did not finish.
  const previousId = Object.entries(ctx.metadata.versionIdsToStages).find(([, stages]) =>
    stages.includes(AWSPREVIOUS),
  )?.[0];
  let viaPrevious: { failure: LoginFailure } | undefined;
  if (previousId && viaCurrent.failure.kind === "auth") {
    const previous = await readVersion(ctx, step, AWSPREVIOUS, previousId);
    if (previous.host === current.host && previous.username === pending.username) {
      const result = await ctx.db.withLogin(previous, change);
      if ("value" in result) return;
      viaPrevious = result;
    }
  }
  throw new DatabaseError(
    step,
    ctx.arn,
    `${describeFailure(AWSCURRENT, viaCurrent.failure)}${viaPrevious ? `; ${describeFailure(AWSPREVIOUS, viaPrevious.failure)}` : ""}; the password was not changed`,
  );
}

async function setAlternatingUserPassword(
  ctx: StepContext,
  current: DatabaseSecret,
  pending: DatabaseSecret,
): Promise<void> {
  const step = "setSecret";
  // Prove AWSCURRENT is genuine before acting with superuser rights on its behalf.
  const currentLogin = await ctx.db.withLogin(current, () => Promise.resolve(true));
  if ("failure" in currentLogin)
    throw new DatabaseError(
      step,
      ctx.arn,
      `${describeFailure(AWSCURRENT, currentLogin.failure)}; the password was not changed`,
    );

  const masterArn = current.masterArn!;
  const masterValue = await ctx.store.value(masterArn, AWSCURRENT);
  if (masterValue === undefined)
    throw new RotationError(step, ctx.arn, `the superuser secret named by masterarn has no ${AWSCURRENT} value`);
  const master = parseMasterSecret(masterValue, {
    step,
    secretId: masterArn,
    stage: `${AWSCURRENT} (superuser secret)`,
  });
  // The secret's host must be the database's own, or one of its configured aliases (a proxy, a DNS name);
  // the superuser logs in at the database's own host either way.
  const sameDatabase = (host: string) => host === current.host || ctx.config.hostAliases.includes(current.host);
  let host: string;
  let port: number;
  if (master.host !== undefined) {
    if (!sameDatabase(master.host))
      throw new RotationError(
        step,
        ctx.arn,
        "the superuser secret's host differs from the secret's host; expected the same host, or one of DB_HOST_ALIASES",
      );
    host = master.host;
    port = master.port ?? current.port;
  } else {
    // An RDS-managed master secret: its tags name the database; RDS says where it answers. Whoever can
    // write the application secret must not be able to send the superuser's password to another host.
    const endpoint = await ctx.directory.endpointOf((await ctx.store.describe(masterArn)).tags);
    if (!endpoint) {
      throw new RotationError(
        step,
        ctx.arn,
        "the superuser secret has no host and no aws:rds:primaryDBInstanceArn or aws:rds:primaryDBClusterArn tag; expected an RDS-managed master secret, or host and port in it",
      );
    }
    if (!sameDatabase(endpoint.host)) {
      throw new RotationError(
        step,
        ctx.arn,
        `the secret's host is not the endpoint of the database the superuser secret belongs to (${endpoint.arn}); expected that endpoint, or one of DB_HOST_ALIASES`,
      );
    }
    host = endpoint.host;
    port = endpoint.port;
  }
  // The superuser's TLS is the function's (verify-full by default), never the application secret's `ssl`.
  const superuser: Credentials = {
    host,
    port,
    username: master.username,
    password: master.password,
    database: current.database,
  };
  // The base user is the one without the clone suffix; the clone's sessions always run as it.
  const base = pending.username.endsWith(CLONE_SUFFIX) ? alternateUsername(pending.username) : pending.username;
  const result = await ctx.db.withLogin(superuser, async (client) => {
    if (!(await roleExists(client, pending.username))) {
      await createRoleLike(client, pending.username, pending.password, base);
      return;
    }
    await setRolePassword(client, pending.username, pending.password);
    // A clone made earlier (or by hand) is made whole again: it logs in, is a member of the base user, and
    // its sessions run as the base user (clones made before that setting existed get it now).
    if (pending.username !== base) await makeClone(client, pending.username, base);
  });
  if ("failure" in result)
    throw new DatabaseError(
      step,
      ctx.arn,
      `${describeFailure("superuser", result.failure)}; the password was not changed`,
    );
}

/** testSecret: logs in with the AWSPENDING credentials and runs a query as that user. */
export async function testSecret(ctx: StepContext): Promise<StepResult> {
  const step = "testSecret";
  const pending = await readVersion(ctx, step, AWSPENDING, ctx.token);
  const result = await ctx.db.withLogin(pending, async (client) => {
    const { rows } = await client.query<{ login: string; acting: string }>(
      "SELECT session_user AS login, current_user AS acting, now()",
    );
    return rows[0];
  });
  if ("failure" in result) throw new DatabaseError(step, ctx.arn, `${describeFailure(AWSPENDING, result.failure)}`);
  // A clone logs in as itself and acts as the base user (alternating users); anyone else acts as itself.
  const expectedActing =
    pending.strategy === "alternating-users" && pending.username.endsWith(CLONE_SUFFIX)
      ? alternateUsername(pending.username)
      : pending.username;
  if (result.value?.login !== pending.username || result.value.acting !== expectedActing) {
    throw new DatabaseError(
      step,
      ctx.arn,
      "the AWSPENDING login does not run as the user it should (a clone acts as its base user); expected it to",
    );
  }
  return { outcome: "succeeded", strategy: pending.strategy };
}

/** finishSecret: moves AWSCURRENT to the token's version; nothing to do when it is already there. */
export async function finishSecret(ctx: StepContext): Promise<StepResult> {
  const metadata = await ctx.store.describe(ctx.arn);
  const currentVersion = Object.entries(metadata.versionIdsToStages).find(([, stages]) =>
    stages.includes(AWSCURRENT),
  )?.[0];
  if (currentVersion === ctx.token) return { outcome: "skipped" };
  await ctx.store.moveCurrent(ctx.arn, ctx.token, currentVersion);
  return { outcome: "succeeded" };
}
