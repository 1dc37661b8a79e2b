import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, SHARED } from "./helpers/fixtures.js";
import { pod } from "./helpers/manifests.js";

// The reproducers of ../shared/robustness, each run through the real CLI: every one must end within
// its time bound (the child is killed past it) and within a memory bound (a heap limit makes an
// unbounded allocation an abort, which fails the exit-status check), with findings or a one-line
// error, and the good file beside it still linted. Large inputs are generated here, not committed.

const BIN = path.join(ROOT, "bin/k8slint");
const ROBUSTNESS = path.join(SHARED, "robustness");
const hasReproducers = fs.existsSync(ROBUSTNESS);
if (!hasReproducers) console.warn(`robustness reproducers skipped: ${ROBUSTNESS} is absent`);

/** Heap bound for each run: a quadratic or unbounded allocation aborts instead of passing slowly. */
const HEAP_MB = 768;

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number; input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    input: opts.input,
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Ended by itself, with a documented exit status and no stack trace. */
function expectClean(r: Run): void {
  expect(r.signal, `killed (timeout or abort); stderr: ${r.stderr.slice(0, 300)}`).toBeNull();
  expect([0, 1, 2]).toContain(r.status);
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/internal error|FATAL ERROR|RangeError|TypeError/);
}

const json = (r: Run) => JSON.parse(r.stdout) as { results: Array<{ ruleId: string; file: string; line: number; message: string }> };
const rulesIn = (r: Run, file: string) => json(r).results.filter((f) => path.basename(f.file) === file).map((f) => f.ruleId);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-repro-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A directory with the given files and a good Pod (`good.yaml`, one image-tag finding) beside them. */
function withGood(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "good.yaml"), pod("good", "nginx:latest"));
  for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), content);
  return dir;
}

const shared = (rel: string) => fs.readFileSync(path.join(ROBUSTNESS, rel));

describe.skipIf(!hasReproducers)("robustness reproducers", () => {
  it("a document anchored at its root that refers to itself is a syntax finding (UTF-8 and UTF-16)", () => {
    const cycle2 = shared("self-alias/root-anchor-cycle2.yaml");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cycle2.toString("utf8"), "utf16le")]);
    const dir = withGood("self-alias", {
      "cycle.yaml": shared("self-alias/root-anchor-cycle.yaml"),
      "cycle2.yaml": cycle2,
      "cycle16.yaml": utf16,
      "inner.yaml": shared("self-alias/inner-cycle-control.yaml"),
    });
    const r = runCli([dir, "-f", "json"], { timeoutMs: 30_000 });
    expectClean(r);
    for (const f of ["cycle.yaml", "cycle2.yaml", "cycle16.yaml", "inner.yaml"]) expect(rulesIn(r, f)).toEqual(["yaml-syntax"]);
    expect(rulesIn(r, "good.yaml")).toContain("image-tag");
  });

  it("a control character then 10,000 [ is a syntax finding, not an abort", () => {
    const dir = withGood("oom-regexp", { "deep.yaml": shared("oom-regexp/deep-after-ctrl.yaml") });
    const r = runCli([dir, "-f", "json"], { timeoutMs: 60_000 });
    expectClean(r);
    expect(json(r).results.some((f) => f.ruleId === "yaml-syntax" && /nests more than 500 levels/.test(f.message))).toBe(true);
    expect(rulesIn(r, "good.yaml")).toContain("image-tag");
  });

  it("130,000 tiny documents are linted with the other files", () => {
    const dir = withGood("spread", { "tiny.yaml": "---\na: 1\n".repeat(130_000) });
    const r = runCli([dir, "-f", "json"], { timeoutMs: 150_000 });
    expectClean(r);
    expect(rulesIn(r, "good.yaml")).toContain("image-tag");
  }, 180_000);

  it("2,000 aliases are resolved once each; 8,000 are refused as a possible alias bomb", () => {
    const aliases = (n: number) => {
      const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", `  name: aliases-${n}`, "data:"];
      for (let i = 0; i < n; i++) lines.push(`  k${i}: &a${i} v${i}`);
      for (let i = 0; i < n; i++) lines.push(`  y${i}: *a${i}`);
      return lines.join("\n") + "\n";
    };
    const dir = withGood("alias-quadratic", { "a2000.yaml": aliases(2000), "a8000.yaml": aliases(8000) });
    const r = runCli([dir, "-f", "json"], { timeoutMs: 60_000 });
    expectClean(r);
    expect(rulesIn(r, "a2000.yaml")).toEqual([]);
    expect(json(r).results.filter((f) => f.file.endsWith("a8000.yaml")).map((f) => f.message)).toEqual([
      "document has more than 4000 aliases (a possible alias bomb); it was not linted",
    ]);
    expect(rulesIn(r, "good.yaml")).toContain("image-tag");
  });

  it("a wide map aliased 999 times is scanned once; merges that copy 20 million keys are refused", () => {
    const dir = withGood("alias-expansion", {
      "wide-alias.yaml": shared("alias-expansion/wide-alias.yaml"),
      "merge-wide.yaml": shared("alias-expansion/merge-wide.yaml"),
    });
    const r = runCli([dir, "-f", "json"], { timeoutMs: 120_000 });
    expectClean(r);
    // Each data value is a map where the API wants a string: schema errors, nothing else.
    expect(new Set(rulesIn(r, "wide-alias.yaml"))).toEqual(new Set(["schema"]));
    const merge = json(r).results.filter((f) => f.file.endsWith("merge-wide.yaml"));
    expect(merge.map((f) => f.ruleId)).toEqual(["yaml-syntax"]);
    expect(merge[0].message).toMatch(/merges copy more than/);
    expect(rulesIn(r, "good.yaml")).toContain("image-tag");
  }, 150_000);

  it("--jobs 1 and --jobs 2 give the same output on a deep document after a large file", () => {
    const dir = path.join(ROBUSTNESS, "jobs-nondeterminism");
    const one = runCli([dir, "-f", "json", "--jobs", "1"], { timeoutMs: 120_000 });
    const two = runCli([dir, "-f", "json", "--jobs", "2"], { timeoutMs: 120_000 });
    expectClean(one);
    expectClean(two);
    expect(two.stdout).toBe(one.stdout);
    expect(json(one).results.find((f) => f.file.endsWith("deep.yaml"))?.message).toMatch(/nests more than 500 levels/);
  }, 250_000);

  it("a 200 KB line of {{ in a string is scanned once; a 40,000-label selector is linear", () => {
    const braces = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  t: "${"{{".repeat(200_000)}"\n`;
    const labels = Array.from({ length: 40_000 }, (_, i) => `    l${i}: v\n`).join("");
    const selector = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n${labels}  ports: [{port: 80}]\n`;
    const dir = withGood("template-braces", { "braces.yaml": braces, "selector.yaml": selector });
    const r = runCli([dir, "-f", "json"], { timeoutMs: 60_000 });
    expectClean(r);
    // Placeholders inside a string value leave the file a manifest: it is linted, not skipped.
    expect(JSON.parse(r.stdout).summary.skipped).toEqual([]);
    expect(rulesIn(r, "selector.yaml")).toContain("dangling-selector");
    expect(rulesIn(r, "good.yaml")).toContain("image-tag");
  });

  it.skipIf(process.platform === "win32")("a FIFO or a device named on the command line is refused at once; the other files are linted", () => {
    const dir = withGood("fifo", {});
    const fifo = path.join(dir, "f.yaml");
    spawnSync("mkfifo", [fifo]);
    const r = runCli([fifo, dir, "-f", "json"], { timeoutMs: 20_000 });
    expectClean(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/f\.yaml: cannot read file: it is a named pipe \(FIFO\), not a regular file/);
    expect(rulesIn(r, "good.yaml")).toContain("image-tag");
  });

  it.skipIf(process.platform !== "linux")("a full standard output is one line and exit 2; reports to files are still written", () => {
    const dir = withGood("full", {});
    const sarif = path.join(tmp, "full.sarif");
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" "${dir}" -f sarif -o "${sarif}" -f text > /dev/full`], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("k8slint: cannot write to standard output: no space left on device (ENOSPC)");
    expect(JSON.parse(fs.readFileSync(sarif, "utf8")).runs[0].results.length).toBeGreaterThan(0);
    for (const cmd of ["rules", "explain image-tag"]) {
      const x = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" ${cmd} > /dev/full`], { encoding: "utf8", timeout: 30_000 });
      expect(x.status).toBe(2);
      expect(x.stderr).not.toMatch(/^\s+at /m);
    }
    const quiet = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" "${path.join(tmp, "missing")}" 2>/dev/full`], { encoding: "utf8", timeout: 30_000 });
    expect(quiet.status).toBe(2);
  });

  it("an --output that cannot be written is one line and exit 2; the other reports are still written", () => {
    const dir = withGood("unwritable", {});
    fs.writeFileSync(path.join(tmp, "a-file"), "");
    const json = path.join(tmp, "ok.json");
    const r = runCli([dir, "-f", "sarif", "-o", path.join(tmp, "a-file", "x.sarif"), "-f", "json", "-o", json], { timeoutMs: 30_000 });
    expectClean(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^k8slint: cannot write sarif report to .*x\.sarif: a parent is not a directory \((ENOTDIR|EEXIST)\)$/m);
    expect(JSON.parse(fs.readFileSync(json, "utf8")).results.length).toBeGreaterThan(0);
  });

  it.skipIf(process.platform !== "linux")("--config /dev/zero and --baseline /dev/zero are refused, not read", () => {
    const dir = withGood("dev-zero", {});
    for (const flag of ["--config", "--baseline"]) {
      const r = runCli([dir, flag, "/dev/zero"], { timeoutMs: 20_000 });
      expectClean(r);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(/cannot read (config file|baseline): is a character device, not a regular file$/);
    }
  });

  it("numeric flags are validated and bounded", () => {
    const dir = withGood("flags", {});
    for (const [args, message] of [
      // What the user typed, not yargs' NaN.
      [["--max-file-size", "abc"], '--max-file-size needs a size in MiB above 0 and at most 512, not "abc"'],
      [["--max-warnings", "many"], '--max-warnings needs a whole number of warnings (0 or more; -1 for no limit), not "many"'],
      [["--max-file-size", "0"], "--max-file-size needs a size in MiB above 0 and at most 512, not 0"],
      [["--jobs", "100000"], "--jobs needs a whole number of threads from 0 to 64 (0 or 1: no workers), not 100000"],
      [["--jobs", "1.5"], "--jobs needs a whole number of threads from 0 to 64 (0 or 1: no workers), not 1.5"],
      // -1 is ESLint's "no limit" (test/cli-conventions.test.ts); below it is a mistake.
      [["--max-warnings", "-2"], "--max-warnings needs a whole number of warnings (0 or more; -1 for no limit), not -2"],
    ] as const) {
      const r = runCli([dir, ...args], { timeoutMs: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(`k8slint: ${message}`);
    }
  });

  it("backtracking globs and patterns in ignore:, .k8slintignore and custom rules end quickly; [z-a] matches nothing", () => {
    for (const c of ["ignore-6stars", "customrule-pattern", "customrule-kinds-glob", "ignore-range", "k8slintignore-range"]) {
      const r = runCli([".", "-f", "json"], { cwd: path.join(ROBUSTNESS, "config-redos", c), timeoutMs: 30_000 });
      expectClean(r);
      expect(r.status, `${c}: ${r.stderr}`).toBe(1);
      expect(rulesIn(r, "pod.yaml").length + rulesIn(r, `${"a".repeat(200)}.yaml`).length, c).toBeGreaterThan(0);
    }
  });

  it("a custom rule pattern that backtracks exponentially and cannot run in linear time is refused at its position", () => {
    const dir = withGood("unsafe-pattern", {
      ".k8slint.yaml": "customRules: [policies/]\n",
    });
    fs.mkdirSync(path.join(dir, "policies"));
    fs.writeFileSync(
      path.join(dir, "policies", "rule.yaml"),
      'id: name-policy\ntitle: names\nmessage: bad name\nremediation: rename\nmatch: {target: object}\nschema:\n  properties:\n    metadata:\n      properties:\n        name: {type: string, pattern: "^(?=a)(a+)+$"}\n',
    );
    const r = runCli(["."], { cwd: dir, timeoutMs: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^k8slint: policies\/rule\.yaml:10:\d+: .*pattern "\^\(\?=a\)\(a\+\)\+\$" nests a repeated group/);
  });

  it("a custom rule pattern with a lookaround and three or more unbounded repetitions in a row is refused, not run for minutes", () => {
    const dir = withGood("polynomial-pattern", {
      ".k8slint.yaml": "customRules: [policies/]\n",
      "config.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: ${"a".repeat(300)}\n`,
    });
    fs.mkdirSync(path.join(dir, "policies"));
    fs.writeFileSync(
      path.join(dir, "policies", "rule.yaml"),
      'id: data-policy\ntitle: data\nmessage: bad data\nremediation: fix it\nmatch: {target: object}\nschema:\n  properties:\n    data:\n      properties:\n        a: {type: string, pattern: "^a*a*a*a*a*a*a*(?=b)"}\n',
    );
    const r = runCli(["."], { cwd: dir, timeoutMs: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^k8slint: policies\/rule\.yaml:10:\d+: .*repeats three or more parts without bound and has a lookaround or backreference/);
    // Two in a row beside a lookahead (a quadratic worst case) run, and fire.
    fs.writeFileSync(path.join(dir, "policies", "rule.yaml"), fs.readFileSync(path.join(dir, "policies", "rule.yaml"), "utf8").replace("^a*a*a*a*a*a*a*(?=b)", "^(?!a).*-[a-z]+$"));
    const ok = runCli([".", "-f", "json"], { cwd: dir, timeoutMs: 30_000 });
    expect(ok.status).toBe(1);
    expect(ok.stdout).toContain('"data-policy"');
  });

  it("no secret value of the secret-leaks reproducers appears in any format", () => {
    const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
    const cases: Array<[string, string[]]> = [
      ["secret-leaks/schema-enum-quantity.yaml", ["Gq7vN2kX9mPz4RtW8sLc", "Yb3nM8qV1cXz6KpT0wRd"]],
      ["secret-leaks/crd-enum.yaml", ["KvZ4nbpDMWzdBlAi40eOT0ph"]],
      ...(kubectl
        ? ([
            ["secret-leaks/kustomize-literal", ["Hx7kLm2pQ9zRwV4t"]],
            ["secret-leaks/kustomize-envfile", ["Tq4kZm8pW2xRvN6s"]],
          ] as Array<[string, string[]]>)
        : []),
    ];
    const formats = ["json", "text", "sarif", "github", "gitlab", "junit"];
    for (const [input, secrets] of cases) {
      // One run writes every format's report (-f F -o FILE, repeated): each is what `-f F` prints.
      const out = fs.mkdtempSync(path.join(tmp, "secret-leaks-"));
      const r = runCli([path.join(ROBUSTNESS, input), "--show-suppressed", "--verbose", ...formats.flatMap((f) => ["-f", f, "-o", path.join(out, `report.${f}`)])], { timeoutMs: 60_000 });
      expectClean(r);
      for (const s of secrets) expect(r.stdout + r.stderr, input).not.toContain(s.slice(2, 12));
      for (const format of formats) {
        const report = fs.readFileSync(path.join(out, `report.${format}`), "utf8");
        expect(report.length, `${input} ${format}`).toBeGreaterThan(0);
        for (const s of secrets) expect(report, `${input} ${format}`).not.toContain(s.slice(2, 12));
      }
    }
    // The findings are still there, with a hint instead of the value.
    const enumRun = json(runCli([path.join(ROBUSTNESS, "secret-leaks/schema-enum-quantity.yaml"), "-f", "json"]));
    expect(enumRun.results.filter((f) => f.ruleId === "schema").map((f) => f.message)).toEqual([
      "spec.containers[0].imagePullPolicy is not one of Always, IfNotPresent, Never (the value has 20 characters)",
      "spec.containers[0].resources.limits.memory is not a valid quantity (e.g. 500m, 1.5, 2Gi) (the value has 20 characters)",
    ]);
  });

  it("object, container and file names with newlines and escapes are shown visibly in text (output-injection)", () => {
    const r = runCli([path.join(ROBUSTNESS, "output-injection"), "-f", "text"]);
    expectClean(r);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("::"))).toEqual([]);
    expect(r.stdout).toContain('container "c\\r\\n::warning::injected-by-container\\e]0;pwned\\x07\\e[2J"');
  });
});
