import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startPostgres, stopPostgres, type PostgresServer } from "../harness/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL server of the run, shared by the rotation tests (each uses its own roles and database). */
    postgres: PostgresServer;
    /** The run's own temporary folder (the workers' TMPDIR), removed when the run ends. */
    runTemporaryDirectory: string;
  }
}

/**
 * Gives the run its own temporary folder and starts one real PostgreSQL server for it; at the end
 * stops the server and removes the folder. Every temporary file of the run lands there: the workers
 * inherit TMPDIR (which Node's os.tmpdir() reads), so cdktf's `Testing.app()` output folders, the
 * synthesis and export folders of the tests and the server's data all go with it.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const systemTemporary = os.tmpdir();
  const runDirectory = mkdtempSync(path.join(systemTemporary, "qualisys-test-run-"));
  // PostgreSQL runs as an unprivileged user and must reach its own folder inside.
  chmodSync(runDirectory, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runDirectory;
  project.provide("runTemporaryDirectory", runDirectory);
  let server: PostgresServer | undefined;
  const teardown = () => {
    if (server) stopPostgres(server);
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runDirectory, { recursive: true, force: true });
  };
  try {
    server = await startPostgres();
  } catch (error) {
    teardown();
    throw error;
  }
  project.provide("postgres", server);
  return teardown;
}
