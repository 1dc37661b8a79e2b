import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/setup-ajv.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CI also writes a JSON summary, from which .ci/run prints one closing "N passed, N failed" line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: process.env.CI ? { json: "test-results.json" } : undefined,
  },
});
