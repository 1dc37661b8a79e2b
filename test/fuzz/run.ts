import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { mutate, Random, type Mutant } from "./mutate.js";
import { hasXmlParser, parseXml } from "../helpers/xml.js";

/**
 * The fuzzer: mutants of the rule fixtures and both corpora, linted by the real CLI (dist/) in
 * batches and alone, under a time bound. Each run must end by itself with exit 0, 1 or 2, no stack
 * trace, valid JSON and SARIF, no planted secret in any format, the same JSON with --jobs 1 and
 * --jobs 2 (workers forced to parse), and the control files of each batch still linted whatever
 * the mutants beside them do.
 */

const HERE_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
/** Source files larger than this are left out: mutants of them make batches slow, not harder. */
const MAX_SOURCE = 96 * 1024;

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Mutants per batch directory. */
  batch?: number;
  /** Every n-th mutant is also linted alone. */
  aloneEvery?: number;
  /** Bound of one CLI run: past it the run is a hang. */
  timeoutMs?: number;
  /** Where failing inputs are copied (each becomes a regression fixture). */
  keepDir?: string;
  log?: (line: string) => void;
  /** The checkout whose bin/k8slint, fixtures and ../shared are used (scripts/fuzz.mjs runs a bundle of this module from node_modules/.cache, which may be a link into another checkout). */
  root?: string;
}

export interface FuzzFailure {
  kind: "crash" | "hang" | "leak" | "jobs" | "lost" | "json" | "xml" | "injection";
  detail: string;
  /** Copy of the failing batch or file. */
  kept?: string;
}

export interface FuzzReport {
  seed: number;
  mutants: number;
  batches: number;
  aloneRuns: number;
  runs: number;
  secretsPlanted: number;
  failures: FuzzFailure[];
  counts: Record<FuzzFailure["kind"], number>;
  millis: number;
}

/** Files to mutate: rule fixtures and the two corpora (those present), small enough, in a stable order. */
export function sourceFiles(): string[] {
  const roots = [path.join(ROOT, "fixtures"), path.resolve(ROOT, "../shared/corpus"), path.resolve(ROOT, "../shared/corpus-public")];
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
        try {
          if (fs.statSync(p).size <= MAX_SOURCE) out.push(p);
        } catch {
          // vanished
        }
      }
    }
  };
  for (const r of roots) walk(r);
  return out;
}

/** Good Pods whose image-tag finding must survive any mutant beside them (first and last in walk order). */
const control = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: fuzz-control\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n`;
const CONTROL_FILES = ["0-control.yaml", "zz-control.yaml"];

interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  millis: number;
}

let ROOT = HERE_ROOT;

function cli(args: string[], cwd: string, timeoutMs: number, env: Record<string, string> = {}): CliRun {
  const started = Date.now();
  // --allow-empty: a mutant may hold no object any more (`apiVersion: !!bool v2`); the report must
  // still be whole, where without it the run stops at the usage error (exit 2, no report).
  const r = spawnSync(process.execPath, ["--max-old-space-size=1024", path.join(ROOT, "bin/k8slint"), "--allow-empty", ...args], {
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr ?? "", millis: Date.now() - started };
}

const STACK = /^\s+at .+[:(]\d+:\d+\)?$|internal error|FATAL ERROR|Allocation failed|Maximum call stack/m;

function outcome(r: CliRun, what: string, timeoutMs: number): FuzzFailure | undefined {
  if (r.signal === "SIGTERM" || (r.signal && r.millis >= timeoutMs - 50)) return { kind: "hang", detail: `${what}: no end within ${timeoutMs} ms` };
  if (r.signal || r.status === null || ![0, 1, 2].includes(r.status)) return { kind: "crash", detail: `${what}: exit ${r.status} ${r.signal ?? ""} ${r.stderr.slice(0, 300)}` };
  if (STACK.test(r.stderr)) return { kind: "crash", detail: `${what}: ${r.stderr.slice(0, 300)}` };
  return undefined;
}

function base64Forms(s: string): string[] {
  return [s, Buffer.from(s).toString("base64").slice(0, 20)];
}

interface JsonReport {
  results: Array<{ ruleId: string; file: string; message: string }>;
}

/** Runs the fuzzer; the report counts every kind of failure (zero of each is a pass). */
export function runFuzz(options: FuzzOptions): FuzzReport {
  const started = Date.now();
  ROOT = options.root ?? HERE_ROOT;
  const batch = options.batch ?? 40;
  const aloneEvery = options.aloneEvery ?? 25;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const log = options.log ?? (() => {});
  const r = new Random(options.seed);
  const sources = sourceFiles();
  if (sources.length === 0) throw new Error("no source files to mutate");
  const texts = new Map<string, string>();
  const read = (f: string) => {
    let t = texts.get(f);
    if (t === undefined) {
      t = fs.readFileSync(f, "utf8");
      texts.set(f, t);
    }
    return t;
  };
  const report: FuzzReport = { seed: options.seed, mutants: 0, batches: 0, aloneRuns: 0, runs: 0, secretsPlanted: 0, failures: [], counts: { crash: 0, hang: 0, leak: 0, jobs: 0, lost: 0, json: 0, xml: 0, injection: 0 }, millis: 0 };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-fuzz-"));
  const fail = (f: FuzzFailure, keep?: string) => {
    if (keep && options.keepDir) {
      const dest = path.join(options.keepDir, `seed${options.seed}-${report.failures.length}-${f.kind}`);
      fs.cpSync(keep, dest, { recursive: true });
      f.kept = dest;
    }
    report.failures.push(f);
    report.counts[f.kind]++;
    log(`FAIL ${f.kind}: ${f.detail}${f.kept ? ` (kept: ${f.kept})` : ""}`);
  };
  try {
    while (report.mutants < options.count) {
      const dir = path.join(work, `b${report.batches}`);
      fs.mkdirSync(dir);
      const mutants: Array<{ file: string; m: Mutant; from: string }> = [];
      const n = Math.min(batch, options.count - report.mutants);
      for (let i = 0; i < n; i++) {
        const from = r.pick(sources);
        const m = mutate(read(from), r);
        const file = `m${String(i).padStart(3, "0")}-${path.basename(from).replace(/[^\w.-]/g, "_")}`;
        fs.writeFileSync(path.join(dir, file), m.text);
        mutants.push({ file, m, from });
      }
      for (const c of CONTROL_FILES) fs.writeFileSync(path.join(dir, c), control(c.replace(/\.yaml$/, "")));
      report.mutants += n;
      report.batches++;
      const secrets = mutants.flatMap((x) => x.m.secrets);
      report.secretsPlanted += secrets.length;
      checkBatch(dir, secrets, timeoutMs, report, fail);
      for (const x of mutants) {
        if ((report.mutants - n + mutants.indexOf(x)) % aloneEvery !== 0) continue;
        const alone = path.join(work, `alone-${report.aloneRuns}`);
        fs.mkdirSync(alone);
        fs.copyFileSync(path.join(dir, x.file), path.join(alone, x.file));
        report.aloneRuns++;
        checkAlone(alone, x.file, x.m.secrets, timeoutMs, report, fail);
        fs.rmSync(alone, { recursive: true, force: true });
      }
      fs.rmSync(dir, { recursive: true, force: true });
      if (report.batches % 10 === 0) log(`seed ${options.seed}: ${report.mutants}/${options.count} mutants, ${report.failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  report.millis = Date.now() - started;
  return report;
}

type Fail = (f: FuzzFailure, keep?: string) => void;

/** Every format of one batch, --jobs 1, then JSON again with --jobs 2 on workers. */
function checkBatch(dir: string, secrets: string[], timeoutMs: number, report: FuzzReport, fail: Fail): void {
  const out = path.join(dir, "..", `${path.basename(dir)}-out`);
  fs.mkdirSync(out);
  try {
    const files = { json: path.join(out, "r.json"), sarif: path.join(out, "r.sarif"), github: path.join(out, "r.github"), gitlab: path.join(out, "r.gitlab.json"), junit: path.join(out, "r.xml") };
    // --output pairs with --format in order: the text report, without one, goes to standard output.
    const one = cli(
      [".", "--jobs", "1", "-f", "json", "-o", files.json, "-f", "sarif", "-o", files.sarif, "-f", "github", "-o", files.github, "-f", "gitlab", "-o", files.gitlab, "-f", "junit", "-o", files.junit, "-f", "text", "--sarif-include-suppressed", "--show-suppressed", "--verbose"],
      dir,
      timeoutMs,
    );
    const two = cli([".", "--jobs", "2", "-f", "json"], dir, timeoutMs, { K8SLINT_PARSE_ON_WORKERS: "1" });
    report.runs += 2;
    const bad = outcome(one, "batch --jobs 1", timeoutMs) ?? outcome(two, "batch --jobs 2", timeoutMs);
    if (bad) return fail(bad, dir);
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "");
    const json = read(files.json);
    let parsed: JsonReport;
    try {
      parsed = JSON.parse(json) as JsonReport;
      JSON.parse(read(files.sarif));
      JSON.parse(read(files.gitlab));
    } catch (e) {
      return fail({ kind: "json", detail: `batch: ${(e as Error).message}` }, dir);
    }
    const xml = hasXmlParser ? parseXml(read(files.junit)).error : undefined;
    if (xml) return fail({ kind: "xml", detail: `batch: the JUnit report is not well-formed XML: ${xml}` }, dir);
    if (two.stdout !== json) return fail({ kind: "jobs", detail: `batch: --jobs 2 differs from --jobs 1 (${firstDifference(json, two.stdout)})` }, dir);
    for (const c of CONTROL_FILES) {
      if (!parsed.results.some((f) => f.file === c && f.ruleId === "image-tag")) return fail({ kind: "lost", detail: `batch: ${c} lost its image-tag finding` }, dir);
    }
    const everything = [one.stdout, one.stderr, json, read(files.sarif), read(files.github), read(files.gitlab), read(files.junit), two.stderr].join("\n");
    const leaked = secrets.filter((s) => base64Forms(s).some((f) => everything.includes(f)));
    if (leaked.length > 0) return fail({ kind: "leak", detail: `batch: ${leaked.length} planted secret(s) printed: ${leakContext(everything, leaked[0])}` }, dir);
    const injected = injection(one.stdout, read(files.github));
    if (injected) return fail({ kind: "injection", detail: `batch: ${injected}` }, dir);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The checks of a single-file run, for the regression fixtures of earlier failures (test/fuzz/regressions). */
export function checkRegression(file: string, timeoutMs = 60_000): FuzzFailure[] {
  const failures: FuzzFailure[] = [];
  const report = { runs: 0 } as FuzzReport;
  // A first line `# fuzz-secrets: a, b` names the values planted in it.
  const head = /^# fuzz-secrets: (.*)$/m.exec(fs.readFileSync(file, "utf8").split("\n", 1)[0]);
  const secrets = head ? head[1].split(",").map((x) => x.trim()) : [];
  checkAlone(path.dirname(file), path.basename(file), secrets, timeoutMs, report, (f) => {
    failures.push(f);
  });
  // The --jobs 1 run also writes the human reports (--output pairs with the --format before it), as
  // the batches do: JSON on standard output, text and github in files.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-fuzz-regression-"));
  try {
    const reports = { text: path.join(out, "r.txt"), github: path.join(out, "r.github") };
    const one = cli([path.basename(file), "--jobs", "1", "-f", "json", "-f", "text", "-o", reports.text, "-f", "github", "-o", reports.github], path.dirname(file), timeoutMs);
    const two = cli([path.basename(file), "-f", "json", "--jobs", "2"], path.dirname(file), timeoutMs, { K8SLINT_PARSE_ON_WORKERS: "1" });
    if (one.stdout !== two.stdout) failures.push({ kind: "jobs", detail: `${path.basename(file)}: ${firstDifference(one.stdout, two.stdout)}` });
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "");
    const injected = injection(read(reports.text), read(reports.github));
    if (injected) failures.push({ kind: "injection", detail: `${path.basename(file)}: ${injected}` });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return failures;
}

function checkAlone(dir: string, file: string, secrets: string[], timeoutMs: number, report: FuzzReport, fail: Fail): void {
  const r = cli([file, "-f", "json"], dir, timeoutMs);
  report.runs++;
  const bad = outcome(r, `alone ${file}`, timeoutMs);
  if (bad) return fail(bad, dir);
  try {
    JSON.parse(r.stdout);
  } catch (e) {
    return fail({ kind: "json", detail: `alone ${file}: ${(e as Error).message}` }, dir);
  }
  const leaked = secrets.filter((s) => (r.stdout + r.stderr).includes(s));
  if (leaked.length > 0) fail({ kind: "leak", detail: `alone ${file}: ${leakContext(r.stdout + r.stderr, leaked[0])}` }, dir);
}

/** A raw control character in a human report, or a line of it that a CI log would read as a command. */
function injection(text: string, github: string): string | undefined {
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return "raw control character in the text report";
  if (text.split("\n").some((l) => /^\s*::/.test(l))) return "a text report line starts with ::";
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(github)) return "raw control character in the github report";
  const own = /^::(error|warning|notice) (file=|title=k8slint::)/;
  const stray = github.split("\n").find((l) => l !== "" && !own.test(l));
  return stray ? `github report line that is not an annotation: ${stray.slice(0, 80)}` : undefined;
}

/** Where a secret shows in the output, with the secret itself masked (the log must not leak it either). */
function leakContext(text: string, secret: string): string {
  const at = text.indexOf(secret);
  const around = text.slice(Math.max(0, at - 120), at + secret.length + 40);
  return JSON.stringify(around.split(secret).join("<SECRET>"));
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 60), i + 60))} vs ${JSON.stringify(b.slice(Math.max(0, i - 60), i + 60))}`;
}
