import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, ROOT, hasCorpus } from "./helpers/fixtures.js";
import { lint, lintAsync, type LintOptions, type LintResult } from "../src/lint.js";
import { formatters } from "../src/report/formatters.js";
import { formatContext } from "../src/report/context.js";

// Parsing on worker threads (src/load/parse-pool.ts) must not change a byte of the output. The
// workers exist only in the build (dist/parse-worker.js, rebuilt by `npm test`): the CLI runs
// are end to end; under vitest's TypeScript sources lintAsync has no worker and must fall back.

const BIN = path.join(ROOT, "bin/k8slint");
let tmp: string;
let generated: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-parallel-"));
  generated = path.join(tmp, "generated");
  // @ts-expect-error: a plain ES module without types
  const { generate } = await import("../bench/generate.mjs");
  generate(1000, generated);
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function k8slint(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 120_000, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The reports people see: json and sarif carry every finding, position and summary count. */
function reports(result: LintResult): string[] {
  return ["json", "sarif", "text"].map((f) => formatters[f].format(formatContext(result, { color: false }), () => {}));
}

/**
 * One run per --jobs value gives both reports: JSON on standard output, SARIF written by `-o` (what
 * `--format sarif` would print). Keyed by the arguments, so the two tests of a set share the runs.
 */
const jobRuns = new Map<string, Record<"json" | "sarif", { status: number | null; stderr: string; report: string }>>();
function reportsWithJobs(jobs: string, args: string[], cwd?: string) {
  const key = JSON.stringify([jobs, args, cwd]);
  let runs = jobRuns.get(key);
  if (!runs) {
    const sarif = path.join(fs.mkdtempSync(path.join(tmp, "jobs-")), "report.sarif");
    const r = k8slint(["--jobs", jobs, "--format", "json", ...args, "--format", "sarif", "--output", sarif], cwd);
    const report = fs.existsSync(sarif) ? fs.readFileSync(sarif, "utf8") : "";
    runs = { json: { status: r.status, stderr: r.stderr, report: r.stdout }, sarif: { status: r.status, stderr: r.stderr, report } };
    jobRuns.set(key, runs);
  }
  return runs;
}

describe("CLI output with --jobs 1 and --jobs 2", () => {
  for (const format of ["json", "sarif"] as const) {
    it(`is byte-identical on 1,000 generated resources (${format})`, () => {
      const one = reportsWithJobs("1", [generated], tmp)[format];
      const two = reportsWithJobs("2", [generated], tmp)[format];
      expect(one.status).toBe(1);
      expect(two.status).toBe(one.status);
      expect(two.stderr).toBe(one.stderr);
      expect(one.report.length).toBeGreaterThan(100_000);
      expect(two.report === one.report).toBe(true);
    }, 120_000);
  }

  it.skipIf(!hasCorpus())("is byte-identical on the corpus (json, sarif)", () => {
    for (const format of ["json", "sarif"] as const) {
      const one = reportsWithJobs("1", ["--no-render", CORPUS])[format];
      const two = reportsWithJobs("2", ["--no-render", CORPUS])[format];
      expect(two.status).toBe(one.status);
      expect(two.stderr).toBe(one.stderr);
      expect(one.report.length).toBeGreaterThan(0);
      expect(two.report === one.report).toBe(true);
    }
  }, 120_000);
  if (!hasCorpus()) it.skip("corpus: ../shared/corpus is absent (a fresh clone); runs in CI", () => {});

  // A document nested deeper than the parser's limit is refused by a count, not by running out of
  // stack, so the main thread and a worker (whose stacks differ) give the same verdict.
  it.skipIf(!hasCorpus())("is byte-identical on ../shared/robustness/jobs-nondeterminism (deep nesting)", () => {
    const dir = path.join(CORPUS, "../robustness/jobs-nondeterminism");
    const one = k8slint(["--jobs", "1", "--format", "json", dir]);
    const two = k8slint(["--jobs", "2", "--format", "json", dir]);
    expect(two.status).toBe(one.status);
    expect(two.stdout === one.stdout).toBe(true);
    const findings = (JSON.parse(one.stdout) as { results: Array<{ ruleId: string; file: string; message: string }> }).results;
    expect(findings.filter((f) => f.file.endsWith("deep.yaml") && f.ruleId === "yaml-syntax").map((f) => f.message)).toEqual([
      "the document nests more than 500 levels deep; it was not linted",
    ]);
  }, 120_000);

  it("rejects a --jobs that is not a whole number", () => {
    const r = k8slint(["--jobs", "1.5", "fixtures/examples"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--jobs/);
  });
});

describe("lintAsync of the build, files parsed by a worker", () => {
  const dist = async () => (await import(pathToFileURL(path.join(ROOT, "dist/index.js")).href)) as typeof import("../src/index.js");

  // Every fixture (broken YAML, duplicate keys, templates, aliases, byte-order marks, Lists) parsed on
  // the worker only, so that it surely parses them: values, positions, problems and skips must match.
  it.each([["fixtures"], ["generated"]])("gives lint()'s result on %s", async (which) => {
    const { lint: lintBuilt, lintAsync: lintAsyncBuilt, formatters: f, formatContext: ctx } = await dist();
    const options: LintOptions = { paths: [which === "generated" ? generated : path.join(ROOT, "fixtures")], cwd: ROOT, render: { render: false } };
    const text = (r: LintResult) => ["json", "sarif", "text"].map((n) => f[n].format(ctx(r, { color: false }), () => {}));
    let info: { workers: number; parsedByWorkers: number } | undefined;
    const parallel = await lintAsyncBuilt({ ...options, jobs: 2, mainParses: false, onWorkers: (i) => (info = i) });
    const serial = lintBuilt(options);
    expect(info?.workers).toBe(1);
    expect(info?.parsedByWorkers).toBeGreaterThan(100);
    expect(parallel.summary).toEqual(serial.summary);
    expect(parallel.problems).toEqual(serial.problems);
    expect(parallel.notices).toEqual(serial.notices);
    expect(text(parallel)).toEqual(text(serial));
  }, 120_000);
});

describe("lintAsync falls back to the main thread", () => {
  // Rules' fixtures of every kind of input (broken YAML, duplicate keys, binary files, credentials,
  // ordering across files): what a fallback must not lose. Not all of fixtures/rules, which the test
  // above parses on the worker: under vitest's sources each lint of it takes seconds.
  const options: LintOptions = {
    paths: ["yaml-syntax", "duplicate-key", "unreadable-file", "schema", "hardcoded-credential", "apply-order"].map((r) => path.join(ROOT, "fixtures/rules", r)),
    cwd: ROOT,
    render: { render: false },
  };
  let expected: string[];
  beforeAll(() => {
    expected = reports(lint(options));
  });

  it("when there is no compiled worker (TypeScript sources)", async () => {
    let info: { workers: number; parsedByWorkers: number } | undefined;
    const result = await lintAsync({ ...options, jobs: 2, onWorkers: (i) => (info = i) });
    expect(info).toBeUndefined();
    expect(reports(result)).toEqual(expected);
  });

  it("when the worker module is missing", async () => {
    const result = await lintAsync({ ...options, jobs: 2, workerUrl: pathToFileURL(path.join(tmp, "no-such-worker.js")) });
    expect(reports(result)).toEqual(expected);
  });

  it("when a worker throws, or takes files and exits without sending them", async () => {
    const throwing = path.join(tmp, "throwing-worker.mjs");
    fs.writeFileSync(throwing, 'throw new Error("worker failed");\n');
    const leaving = path.join(tmp, "leaving-worker.mjs");
    fs.writeFileSync(
      leaving,
      'import { workerData } from "node:worker_threads";\nconst next = new Int32Array(workerData.counter);\nfor (let k = 0; k < 50; k++) Atomics.add(next, 0, 1);\nprocess.exit(3);\n',
    );
    for (const worker of [throwing, leaving]) {
      for (const mainParses of [true, false]) {
        let info: { workers: number; parsedByWorkers: number } | undefined;
        const result = await lintAsync({ ...options, jobs: 2, mainParses, workerUrl: pathToFileURL(worker), onWorkers: (i) => (info = i) });
        expect(info).toEqual({ workers: 1, parsedByWorkers: 0 });
        expect(reports(result)).toEqual(expected);
      }
    }
  }, 60_000);
});
