import type { TestProject } from "vitest/node";
import { startPostgres, stopPostgres, type PostgresServer } from "./helpers/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL server of the run, shared by the rotation tests (each uses its own roles and database). */
    postgres: PostgresServer;
  }
}

/** Starts one real PostgreSQL server for the whole run and stops it at the end. */
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  project.provide("postgres", server);
  return () => stopPostgres(server);
}
