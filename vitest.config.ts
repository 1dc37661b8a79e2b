import fs from "node:fs";
import os from "node:os";
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
    // Test files share one module graph per worker instead of loading the sources, the rules, ajv and
    // the CEL engine again for each of the ~90 files (about 0.7 s of CPU a file). Each file is still
    // evaluated afresh, and nothing in src/ keeps state that changes results (caches of pure
    // verdicts, the parser choice set by every lint()): the suite passes in any file order.
    isolate: false,
    // Two files at a time even on two cores (vitest's default there is one): most tests wait on a
    // child (the CLI, kubectl, git, npm) for much of their time, which left a core idle.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // js-yaml goes through the plugin above instead of being loaded by Node as it is.
    server: { deps: { inline: [/[\\/]js-yaml[\\/]/] } },
    // CI also writes a JSON summary, from which .ci/run prints one closing "N passed, N failed" line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: process.env.CI ? { json: "test-results.json" } : undefined,
  },
});
