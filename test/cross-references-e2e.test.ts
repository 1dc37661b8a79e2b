import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

// End to end: objects declared external on the command line or in .k8slint.yaml are not missing.

const BIN = path.join(ROOT, "bin/k8slint");
const FIXTURE = path.join(ROOT, "fixtures/rules/missing-reference/valid-external.yaml");

function missingRefs(args: string[], cwd = ROOT): string[] {
  const r = spawnSync(process.execPath, [BIN, "-f", "json", ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  const report = JSON.parse(r.stdout) as { results: Array<{ ruleId: string; message: string }> };
  return report.results.filter((f) => f.ruleId === "missing-reference").map((f) => f.message);
}

describe("declaring external objects", () => {
  // The fixture's own first-line settings do not apply here: only what the command line says.
  const objects = ["ConfigMap/shop/catalog", "Secret/shop/*", "sa/shop/builder", "Namespace/shop", "PriorityClass/batch-low"];

  it("reports what is not declared", () => {
    const found = missingRefs([FIXTURE]);
    expect(found.some((m) => m.startsWith("ConfigMap shop/catalog"))).toBe(true);
    expect(found.some((m) => m.startsWith("ServiceAccount shop/builder"))).toBe(true);
  });

  it("accepts --external", () => {
    expect(missingRefs([FIXTURE, ...objects.flatMap((o) => ["--external", o])])).toEqual([]);
  });

  it("accepts external: in .k8slint.yaml", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-external-"));
    try {
      fs.copyFileSync(FIXTURE, path.join(dir, "job.yaml"));
      fs.writeFileSync(path.join(dir, ".k8slint.yaml"), `external:\n${objects.map((o) => `  - "${o}"`).join("\n")}\n`);
      expect(missingRefs(["job.yaml"], dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
