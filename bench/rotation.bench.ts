/**
 * `npm run bench` (second part): the rotation function's bundle size, its module initialisation time
 * in fresh node processes, and the time of one full four-step rotation against a real PostgreSQL and
 * the Secrets Manager stand-in on loopback, each beside a baseline measured in the same run:
 * - init: requiring the same two dependencies unbundled from node_modules;
 * - rotation: one TLS login and query with the pg driver, the least a step does.
 * Targets: bundle <= 1 MB, initialisation <= 150 ms.
 */
import { CreateSecretCommand, RotateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { bundleRotationFunction } from "../assets/rotation-function-archive";
import { asSuperuser, startPostgres, stopPostgres } from "../__tests__/helpers/postgres";
import { SecretsManagerStandIn } from "../__tests__/helpers/secrets-manager-standin";
import { functionEnvironment } from "../__tests__/helpers/function-environment";

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
          SecretString: JSON.stringify({ engine: "postgres", host: pg.host, port: pg.port, username: user, password, dbname: "postgres", connection_string: `postgresql://${e(user)}:${e(password)}@${pg.host}:${pg.port}/postgres` }),
        }),
      );
      const { VersionId } = await client.send(new RotateSecretCommand({ SecretId: ARN }));
      process.stdout.write = () => true; // the function's log lines
      const started = performance.now();
      for (const Step of ["createSecret", "setSecret", "testSecret", "finishSecret"]) await handler({ SecretId: ARN, ClientRequestToken: VersionId, Step });
      rotations.push(performance.now() - started);
      process.stdout.write = write;

      const loginStarted = performance.now();
      const probe = new Client({ host: pg.host, port: pg.port, user: "postgres", database: "postgres", ssl: { ca: readFileSync(pg.caFile, "utf8") } });
      await probe.connect();
      await probe.query("SELECT 1");
      await probe.end();
      logins.push(performance.now() - loginStarted);
    }
    client.destroy();

    const init = median(bundleInit);
    console.log(`rotation function benchmark (node ${process.version}; ${pg.version})`);
    console.log(`  bundle size: ${(size / 1024).toFixed(0)} KiB   target <= 1024 KiB: ${size <= 1024 * 1024 ? "met" : "MISSED"}`);
    console.log(`  module initialisation, median of ${runs} fresh processes: bundle ${init.toFixed(0)} ms, unbundled dependencies ${median(unbundledInit).toFixed(0)} ms, ratio ${(init / median(unbundledInit)).toFixed(2)}   target <= 150 ms: ${init <= 150 ? "met" : "MISSED"}`);
    console.log(`  full four-step rotation, median of ${rotations.length}: ${median(rotations).toFixed(0)} ms; one TLS login + query: ${median(logins).toFixed(0)} ms; ratio ${(median(rotations) / median(logins)).toFixed(1)}`);
  } finally {
    await sm.stop();
    stopPostgres(pg);
  }
}

void main();
