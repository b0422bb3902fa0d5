import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    // Terraform init/validate and full synthesis take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
