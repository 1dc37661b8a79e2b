import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkRegression, runFuzz } from "./run.js";

// A short seeded run of the project's fuzzer on every CI run (the long ones: `npm run fuzz -- --count
// 10000 --seed S`). It spawns the built CLI (dist/, rebuilt by npm test before vitest). Every failure a
// run ever found is kept in regressions/ and linted here on its own.

const REGRESSIONS = path.join(path.dirname(new URL(import.meta.url).pathname), "regressions");

describe("fuzzer", () => {
  it("120 mutants (seed 15) in batches and alone: no crash, hang, leak, --jobs difference or lost finding", () => {
    const lines: string[] = [];
    const report = runFuzz({ count: 120, seed: 15, batch: 60, aloneEvery: 30, timeoutMs: 40_000, log: (l) => lines.push(l) });
    expect(report.failures.map((f) => `${f.kind}: ${f.detail}`)).toEqual([]);
    expect(report.mutants).toBe(120);
    expect(report.secretsPlanted).toBeGreaterThan(10);
  }, 170_000);

  const regressions = fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS).filter((f) => !f.endsWith(".md")) : [];
  it.each(regressions.length > 0 ? regressions : ["(none yet)"])("regression fixture %s ends cleanly", (name) => {
    if (name === "(none yet)") return;
    expect(checkRegression(path.join(REGRESSIONS, name)).map((f) => `${f.kind}: ${f.detail}`)).toEqual([]);
  });
});
