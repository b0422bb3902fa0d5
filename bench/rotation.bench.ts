/**
 * `npm run bench` (second part): the rotation function's bundle size, its module initialisation time
 * in fresh node processes, and the time of one full four-step rotation against a real PostgreSQL and
 * the Secrets Manager stand-in on loopback, each beside a baseline measured in the same run:
 * - init: requiring the same two dependencies unbundled from node_modules;
 * - rotation: one TLS login and query with the pg driver, the least a step does.
 * - logins during a rotation (every 50 ms, with the credentials held before it and with AWSCURRENT read
 *   fresh), for both strategies, and the single-user window: from setSecret to finishSecret.
 * Targets: bundle <= 1 MB, initialisation <= 150 ms, no failed login with alternating users.
 */
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { bundleRotationFunction } from "../assets/rotation-function-archive";
import { asSuperuser, startPostgres, stopPostgres } from "../harness/postgres";
import { SecretsManagerStandIn } from "../harness/secrets-manager-standin";
import { functionEnvironment } from "../harness/function-environment";
import { rotateWhileLoggingIn, type RotationDriver } from "../harness/login-monitor";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const root = path.resolve(__dirname, "..");

function requireTimeMs(modules: string[]): number {
  const script = `const t=performance.now();${modules.map((m) => `require(${JSON.stringify(m)});`).join("")}process.stdout.write(String(performance.now()-t))`;
  return Number(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" }));
}

async function main(): Promise<void> {
  const bundle = bundleRotationFunction(mkdtempSync(path.join(os.tmpdir(), "bench-bundle-")));
  const size = statSync(bundle).size;

  const runs = 9;
  const bundleInit: number[] = [];
  const unbundledInit: number[] = [];
  for (let i = 0; i < runs; i++) {
    bundleInit.push(requireTimeMs([bundle]));
    unbundledInit.push(requireTimeMs(["@aws-sdk/client-secrets-manager", "pg"]));
  }

  const pg = await startPostgres();
  const sm = await new SecretsManagerStandIn().start();
  try {
    Object.assign(process.env, functionEnvironment(sm, pg));
    const client = new SecretsManagerClient({});
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(bundle) as { handler: (event: unknown) => Promise<void> };
    const write = process.stdout.write.bind(process.stdout);
    const rotations: number[] = [];
    const logins: number[] = [];
    for (let i = 0; i < 7; i++) {
      const user = `bench_${i}`;
      const password = `bench-password-${i}-initial`;
      await asSuperuser(pg, (c) => c.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`));
      const e = encodeURIComponent;
      const { ARN } = await client.send(
        new CreateSecretCommand({
          Name: `qualisys/database/${user}`,
          SecretString: JSON.stringify({
            engine: "postgres",
            host: pg.host,
            port: pg.port,
            username: user,
            password,
            dbname: "postgres",
            connection_string: `postgresql://${e(user)}:${e(password)}@${pg.host}:${pg.port}/postgres`,
          }),
        }),
      );
      const { VersionId } = await client.send(new RotateSecretCommand({ SecretId: ARN }));
      process.stdout.write = () => true; // the function's log lines
      const started = performance.now();
      for (const Step of ["createSecret", "setSecret", "testSecret", "finishSecret"])
        await handler({ SecretId: ARN, ClientRequestToken: VersionId, Step });
      rotations.push(performance.now() - started);
      process.stdout.write = write;

      const loginStarted = performance.now();
      const probe = new Client({
        host: pg.host,
        port: pg.port,
        user: "postgres",
        database: "postgres",
        ssl: { ca: readFileSync(pg.caFile, "utf8") },
      });
      await probe.connect();
      await probe.query("SELECT 1");
      await probe.end();
      logins.push(performance.now() - loginStarted);
    }

    // Logins during rotations of each strategy, with the bundled function.
    const driver: RotationDriver = {
      pg,
      version: async (arn, stage) =>
        JSON.parse(
          (await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }))).SecretString!,
        ) as Record<string, unknown>,
      startRotation: async (arn) => (await client.send(new RotateSecretCommand({ SecretId: arn }))).VersionId!,
      step: async (arn, token, Step) => {
        process.stdout.write = () => true;
        try {
          await handler({ SecretId: arn, ClientRequestToken: token, Step });
        } finally {
          process.stdout.write = write;
        }
      },
    };
    const secretFor = async (user: string, extra: Record<string, unknown>) => {
      const password = `${user}-initial`;
      await asSuperuser(pg, (c) =>
        c.query(`CREATE ROLE ${user} LOGIN ${extra.createRole ? "CREATEROLE " : ""}PASSWORD '${password}'`),
      );
      const e = encodeURIComponent;
      const json = {
        engine: "postgres",
        host: pg.host,
        port: pg.port,
        username: user,
        password,
        dbname: "postgres",
        connection_string: `postgresql://${e(user)}:${e(password)}@${pg.host}:${pg.port}/postgres`,
        ...extra,
        createRole: undefined,
      };
      return (
        await client.send(
          new CreateSecretCommand({ Name: `qualisys/database/${user}`, SecretString: JSON.stringify(json) }),
        )
      ).ARN!;
    };
    const master = await secretFor("bench_admin", { createRole: true });
    const downtime: Record<string, { held: number; fresh: number; samples: number; windows: number[] }> = {};
    for (const strategy of ["alternating-users", "single-user"] as const) {
      const totals = { held: 0, fresh: 0, samples: 0, windows: [] as number[] };
      for (let i = 0; i < 5; i++) {
        const arn = await secretFor(
          `bench_${strategy.replace("-", "_")}_${i}`,
          strategy === "alternating-users" ? { masterarn: master } : {},
        );
        const report = await rotateWhileLoggingIn(driver, arn, { intervalMs: 50, gapMs: 100 });
        totals.held += report.heldFailures;
        totals.fresh += report.freshFailures;
        totals.samples += report.samples.length;
        totals.windows.push(report.setToFinishMs - 200); // less the two 100 ms gaps the driver adds between the steps
      }
      downtime[strategy] = totals;
    }
    client.destroy();

    const init = median(bundleInit);
    console.log(`rotation function benchmark (node ${process.version}; ${pg.version})`);
    console.log(
      `  bundle size: ${(size / 1024).toFixed(0)} KiB   target <= 1024 KiB: ${size <= 1024 * 1024 ? "met" : "MISSED"}`,
    );
    console.log(
      `  module initialisation, median of ${runs} fresh processes: bundle ${init.toFixed(0)} ms, unbundled dependencies ${median(unbundledInit).toFixed(0)} ms, ratio ${(init / median(unbundledInit)).toFixed(2)}   target <= 150 ms: ${init <= 150 ? "met" : "MISSED"}`,
    );
    console.log(
      `  full four-step rotation, median of ${rotations.length}: ${median(rotations).toFixed(0)} ms; one TLS login + query: ${median(logins).toFixed(0)} ms; ratio ${(median(rotations) / median(logins)).toFixed(1)}`,
    );
    const alternating = downtime["alternating-users"]!;
    const single = downtime["single-user"]!;
    console.log(
      `  failed logins during 5 rotations (every 50 ms, ${alternating.samples} and ${single.samples} rounds), held credentials / AWSCURRENT read fresh:`,
    );
    console.log(
      `    alternating-users: ${alternating.held} / ${alternating.fresh}   target 0 / 0: ${alternating.held + alternating.fresh === 0 ? "met" : "MISSED"}`,
    );
    console.log(
      `    single-user:       ${single.held} / ${single.fresh}   (held credentials fail from setSecret until the client re-reads the secret)`,
    );
    console.log(
      `  single-user window, setSecret to finishSecret with the steps back to back: median ${median(single.windows).toFixed(0)} ms (in AWS, add Secrets Manager's delay between the two invocations)`,
    );
  } finally {
    await sm.stop();
    stopPostgres(pg);
  }
}

void main();
