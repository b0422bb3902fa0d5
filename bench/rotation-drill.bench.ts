/**
 * `npm run bench` (third part): the path production runs, N times in a row. Alternating users with an
 * RDS-managed superuser secret (username and password only, the database named by its system tag, RDS's
 * answer through aws-sdk-client-mock), a migration between rotations (a table, a sequence, a view and a
 * function made by whoever is current), against a real PostgreSQL and the Secrets Manager stand-in.
 * Prints, per rotation:
 * - failed logins: the credentials held before the rotation and AWSCURRENT read fresh, at every state
 *   between the steps, then both users on every object made so far (target 0);
 * - how long each step takes (median and slowest);
 * - the Secrets Manager and RDS calls the function makes, beside those AWS's reference function
 *   (aws-samples `SecretsManagerRDSPostgreSQLRotationMultiUser/lambda_function.py`) makes for the same
 *   rotation, counted from its code, with each difference explained.
 */
import { DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import { asSuperuser, logsIn, startPostgres, stopPostgres } from "../harness/postgres";
import { SecretsManagerStandIn } from "../harness/secrets-manager-standin";
import { functionEnvironment } from "../harness/function-environment";

const ROTATIONS = Number(process.env.BENCH_ROTATIONS ?? 10);
const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
const INSTANCE_ARN = "arn:aws:rds:us-east-1:123456789012:db:qualisys-bench";

/**
 * The reference function's calls for one alternating rotation with an RDS-managed superuser secret, read
 * from its code: DescribeSecret in the handler before every step (4), in finish_secret (1) and for the
 * superuser secret's system tags (1); GetSecretValue for AWSCURRENT and the AWSPENDING attempt in
 * create_secret (2), AWSCURRENT, AWSPENDING and the superuser secret in set_secret (3), AWSPENDING in
 * test_secret (1); one each of GetRandomPassword, PutSecretValue, UpdateSecretVersionStage; one
 * DescribeDBInstances.
 */
const REFERENCE: Record<string, number> = {
  DescribeSecret: 6,
  GetSecretValue: 6,
  GetRandomPassword: 1,
  PutSecretValue: 1,
  UpdateSecretVersionStage: 1,
  DescribeDBInstances: 1,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const pg = await startPostgres();
  const sm = await new SecretsManagerStandIn().start();
  const rds = mockClient(RDSClient);
  try {
    Object.assign(process.env, functionEnvironment(sm, pg));
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceArn: INSTANCE_ARN, Engine: "postgres", Endpoint: { Address: pg.host, Port: pg.port } }],
    });
    const client = new SecretsManagerClient({});
    // The function's source, loaded once the environment is set (the bundle holds its own copy of the RDS
    // client, which no mock reaches).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require("../lambda/rotation/index") as { handler: (event: unknown) => Promise<void> };
    const quiet = async (event: unknown) => {
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = () => true;
      try {
        await handler(event);
      } finally {
        process.stdout.write = write;
      }
    };
    const value = async (arn: string, stage: string) =>
      JSON.parse(
        (await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }))).SecretString!,
      ) as {
        username: string;
        password: string;
      };

    // The database: a master user (CREATEROLE, as RDS's), the application's user owning its schema.
    await asSuperuser(pg, async (c) => {
      await c.query("CREATE ROLE bench_master LOGIN CREATEROLE PASSWORD 'bench-master-password'");
      await c.query("CREATE ROLE bench_app LOGIN PASSWORD 'bench-app-initial'");
      await c.query("CREATE SCHEMA bench AUTHORIZATION bench_app");
    });
    const master = (
      await client.send(
        new CreateSecretCommand({
          Name: "rds!db-0b1e2c3d-bench",
          SecretString: JSON.stringify({ username: "bench_master", password: "bench-master-password" }),
        }),
      )
    ).ARN!;
    sm.setSystemTags(master, { "aws:rds:primaryDBInstanceArn": INSTANCE_ARN });
    const arn = (
      await client.send(
        new CreateSecretCommand({
          Name: "qualisys/database/connection",
          SecretString: JSON.stringify({
            engine: "postgres",
            host: pg.host,
            port: pg.port,
            username: "bench_app",
            password: "bench-app-initial",
            dbname: "postgres",
            masterarn: master,
          }),
        }),
      )
    ).ARN!;

    const stepMs: Record<string, number[]> = Object.fromEntries(STEPS.map((s) => [s, []]));
    const calls: Record<string, number>[] = [];
    let failedLogins = 0;
    let failedUses = 0;
    for (let round = 1; round <= ROTATIONS; round++) {
      const held = await value(arn, "AWSCURRENT");
      const check = async () => {
        if (!(await logsIn(pg, held.username, held.password))) failedLogins++;
        const fresh = await value(arn, "AWSCURRENT");
        if (!(await logsIn(pg, fresh.username, fresh.password))) failedLogins++;
      };
      const rdsBefore = rds.commandCalls(DescribeDBInstancesCommand).length;
      await check();
      const token = (await client.send(new RotateSecretCommand({ SecretId: arn }))).VersionId!;
      for (const step of STEPS) {
        const before = sm.calls.length;
        const start = performance.now();
        await quiet({ SecretId: arn, ClientRequestToken: token, Step: step });
        stepMs[step]!.push(performance.now() - start);
        const ops = sm.calls.slice(before).map((c) => c.operation);
        for (const op of ops) (calls[round - 1] ??= {})[op] = ((calls[round - 1] ??= {})[op] ?? 0) + 1;
        await check();
      }
      (calls[round - 1] ??= {}).DescribeDBInstances = rds.commandCalls(DescribeDBInstancesCommand).length - rdsBefore;
      // A migration by whoever is current, then both users use everything made so far.
      const current = await value(arn, "AWSCURRENT");
      const previous = await value(arn, "AWSPREVIOUS");
      await asUser(pg, current, async (c) => {
        await c.query(`CREATE TABLE bench.orders_${round} (id int)`);
        await c.query(`CREATE SEQUENCE bench.ids_${round}`);
        await c.query(`CREATE VIEW bench.recent_${round} AS SELECT id FROM bench.orders_${round}`);
        await c.query(`CREATE FUNCTION bench.twice_${round}(x int) RETURNS int LANGUAGE sql AS 'SELECT 2 * x'`);
      });
      for (const user of [current, previous]) {
        await asUser(pg, user, async (c) => {
          for (let r = 1; r <= round; r++) {
            try {
              await c.query(`INSERT INTO bench.orders_${r} VALUES (nextval('bench.ids_${r}'))`);
              await c.query(`SELECT bench.twice_${r}(1), (SELECT count(*) FROM bench.recent_${r})`);
            } catch {
              failedUses++;
            }
          }
        });
      }
    }
    client.destroy();

    console.log(
      `alternating rotation drill (node ${process.version}; ${pg.version}): ${ROTATIONS} rotations with a migration between each`,
    );
    console.log(
      `  failed logins (held and fresh, at every state between the steps): ${failedLogins}   failed uses of migrated objects by either user: ${failedUses}   target 0 / 0: ${failedLogins + failedUses === 0 ? "met" : "MISSED"}`,
    );
    for (const step of STEPS)
      console.log(
        `  ${step.padEnd(13)} median ${median(stepMs[step]!).toFixed(0)} ms, slowest ${Math.max(...stepMs[step]!).toFixed(0)} ms`,
      );
    const first = calls[0]!;
    const later = calls[calls.length - 1]!;
    console.log("  calls per rotation (first / last rotation / AWS's reference function):");
    for (const op of [...new Set([...Object.keys(REFERENCE), ...Object.keys(first), ...Object.keys(later)])])
      console.log(`    ${op.padEnd(25)} ${first[op] ?? 0} / ${later[op] ?? 0} / ${REFERENCE[op] ?? 0}`);
  } finally {
    rds.restore();
    await sm.stop();
    stopPostgres(pg);
  }
}

async function asUser(
  pg: Awaited<ReturnType<typeof startPostgres>>,
  user: { username: string; password: string },
  use: (client: Client) => Promise<void>,
): Promise<void> {
  const client = new Client({
    host: pg.host,
    port: pg.port,
    user: user.username,
    password: user.password,
    database: "postgres",
  });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}

void main();
