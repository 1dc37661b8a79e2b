import fs from "node:fs";
import { defineConfig } from "vitest/config";
import { JS_YAML_ES, lateAllocation } from "./scripts/js-yaml-late.mjs";

export default defineConfig({
  plugins: [
    {
      // The bundle's js-yaml (scripts/build.mjs), so the tests run the parser the CLI runs.
      name: "js-yaml-late-allocation",
      enforce: "pre",
      load(id) {
        const file = id.split("?")[0];
        return JS_YAML_ES.test(file) ? lateAllocation(fs.readFileSync(file, "utf8"), file) : undefined;
      },
    },
  ],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/setup-ajv.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // js-yaml goes through the plugin above instead of being loaded by Node as it is.
    server: { deps: { inline: [/[\\/]js-yaml[\\/]/] } },
    // CI also writes a JSON summary, from which .ci/run prints one closing "N passed, N failed" line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: process.env.CI ? { json: "test-results.json" } : undefined,
  },
});
