import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    // Terraform init/validate and full synthesis take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // cdktf 0.21 calls util.isArray, which Node 22+ reports (DEP0044) in every synthesis: nothing to act on here.
    execArgv: ["--disable-warning=DEP0044"],
    // One real PostgreSQL server for the run (the rotation function's tests); fails the run loudly when it cannot start.
    globalSetup: ["__tests__/global-setup.ts"],
  },
});
