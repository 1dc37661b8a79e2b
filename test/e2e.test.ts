import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, ROOT, hasCorpus } from "./helpers/fixtures.js";
import type { JsonFinding } from "./helpers/json-finding.js";

// End to end: the real launcher (bin/k8slint → dist/k8slint.js, rebuilt by `npm test`) as a child process.

const BIN = path.join(ROOT, "bin/k8slint");
const EXAMPLES = "fixtures/examples";
const SEVERITY_RANK: Record<string, number> = { info: 1, warning: 2, error: 3 };

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function k8slint(args: string[], options: { input?: string; cwd?: string; env?: Record<string, string | undefined> } = {}): Run {
  const env = { ...process.env, ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, input: options.input ?? "", encoding: "utf8", env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  version: number;
  results: JsonFinding[];
  summary: {
    files: number;
    resources: number;
    errors: number;
    warnings: number;
    infos: number;
    skipped: Array<{ file: string; reason: string }>;
    byRule: Array<{ ruleId: string; count: number; errors: number; warnings: number; infos: number }>;
  };
}

function jsonOf(run: Run): JsonReport {
  expect(run.stderr, "no internal error").not.toMatch(/internal error|\n\s+at /);
  return JSON.parse(run.stdout) as JsonReport;
}

/** The exit code a report implies for a --fail-on threshold. */
function expectedExit(report: JsonReport, failOn: string): number {
  return report.results.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

const fileLines = new Map<string, string[]>();
function lineOf(file: string, line: number): string {
  const abs = path.resolve(ROOT, file);
  let lines = fileLines.get(abs);
  if (!lines) fileLines.set(abs, (lines = fs.readFileSync(abs, "utf8").split("\n")));
  return lines[line - 1] ?? "";
}

/**
 * Each finding checked against the file it names: a resource finding points at a mapping key (the
 * field, or its closest existing ancestor); an image finding at the `image:` that holds the image; a
 * finding that points at a container's `name:` names that container.
 */
function positionProblems(results: JsonFinding[]): string[] {
  const problems: string[] = [];
  for (const f of results) {
    if (!f.resource || f.file === "<stdin>") continue;
    const text = lineOf(f.file, f.line);
    const at = text.slice(f.column - 1);
    const where = `${f.file}:${f.line}:${f.column} ${f.ruleId} (${at.trim()})`;
    const key = /^["']?([A-Za-z0-9_.\/-]+)["']?\s*:/.exec(at);
    // A path ending in an index points at a sequence item, which may be a scalar (a capability in `add: [...]`).
    const scalarItem = /\[\d+\]$/.test(f.path ?? "") && !key;
    if (!key && !scalarItem) problems.push(`${where}: not at a mapping key`);
    // The key is a field of the finding's path (the field itself or an ancestor), or the first key of
    // a sequence item (`- name: app`), which stands for the item.
    // Segments are dotted names or quoted keys that may hold dots and slashes (annotations["a.b/c"]).
    const fields = [...(f.path ?? "").matchAll(/\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2]).filter((seg) => !/^\d+$/.test(seg));
    const itemStart = /-\s+$/.test(text.slice(0, f.column - 1));
    if (key && !fields.includes(key[1]) && !itemStart) problems.push(`${where}: key ${key[1]} is not on the path ${f.path}`);
    const image = /image "([^"]+)"/.exec(f.message);
    if (f.ruleId === "image-tag" && image && !(at.startsWith("image:") && at.includes(image[1]))) problems.push(`${where}: not at image ${image[1]}`);
    const container = /container "([^"]+)"/.exec(f.message);
    const nameKey = /^name:\s*["']?([^"'\s#]+)/.exec(at);
    if (container && nameKey && f.path && /Containers?\[\d+\]$|containers\[\d+\]$/i.test(f.path) && nameKey[1] !== container[1]) {
      problems.push(`${where}: names container ${nameKey[1]}, message says ${container[1]}`);
    }
  }
  return problems;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, "dist/k8slint.js"))) throw new Error("dist/ is not built: run `npm run build` (npm test does)");
});

if (!hasCorpus()) console.warn(`SKIPPED: end-to-end runs on ../shared/corpus: ${CORPUS} not found (a fresh clone without ../shared)`);

describe.skipIf(!hasCorpus())("k8slint on every system of ../shared/corpus", () => {
  const systems = hasCorpus() ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];
  for (const system of systems) {
    it(`${system}: finishes, exits as its findings imply, and every finding's line is right`, () => {
      const dir = path.relative(ROOT, path.join(CORPUS, system));
      const run = k8slint(["--format", "json", dir]);
      expect([0, 1]).toContain(run.status);
      const report = jsonOf(run);
      expect(run.status).toBe(expectedExit(report, "error"));
      expect(report.summary.files).toBeGreaterThan(0);
      expect(report.summary.resources).toBeGreaterThan(0);
      expect(report.results.length).toBeGreaterThan(0);
      for (const f of report.results) {
        expect(f.file.startsWith(dir + "/"), f.file).toBe(true);
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
        expect(f.endLine * 1e6 + f.endColumn).toBeGreaterThanOrEqual(f.line * 1e6 + f.column);
      }
      expect(positionProblems(report.results)).toEqual([]);
    });
  }
});

describe("exit codes", () => {
  const inputs = [`${EXAMPLES}/caracal-like`, `${EXAMPLES}/ritma-like/k8s/utld.yaml`, `${EXAMPLES}/hardened`];

  it("--fail-on error|warning|info: 1 exactly when a finding is at or above the threshold", () => {
    const codes = new Set<number>();
    for (const input of inputs) {
      const report = jsonOf(k8slint(["-f", "json", input]));
      for (const failOn of ["error", "warning", "info"]) {
        const run = k8slint(["--fail-on", failOn, input]);
        expect(run.status, `${input} --fail-on ${failOn}`).toBe(expectedExit(report, failOn));
        codes.add(run.status!);
      }
    }
    // The inputs were chosen so both outcomes occur.
    expect([...codes].sort()).toEqual([0, 1]);
  });

  it("the hardened example has no error or warning (a finding there is a false alarm)", () => {
    const run = k8slint(["-f", "json", "--fail-on", "warning", `${EXAMPLES}/hardened`]);
    const report = jsonOf(run);
    expect(report.results.filter((f) => f.severity !== "info")).toEqual([]);
    expect(run.status).toBe(0);
  });

  it("a path that does not exist: exit 2, one line on stderr, no stack trace", () => {
    const run = k8slint(["no/such/k8s"]);
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^k8slint: .*no\/such\/k8s.*no such file or directory/);
    expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
    // Nothing was read: no "no problems" report that could pass for a clean run.
    expect(run.stdout).toBe("");
  });

  it("a nonexistent path next to a real one still exits 2", () => {
    expect(k8slint([`${EXAMPLES}/hardened`, "no-such-file.yaml"]).status).toBe(2);
  });

  it("usage errors exit 2 with one line: unknown format, no paths, unknown flag, a value not among a flag's choices", () => {
    const choice = k8slint(["--fail-on", "bogus", EXAMPLES]);
    expect(choice.stderr).toBe('k8slint: --fail-on "bogus": choose one of "error", "warning", "warn", "info", "never"\n');
    for (const args of [["-f", "xml", EXAMPLES], [], ["--no-such-flag", EXAMPLES], ["--fail-on", "bogus", EXAMPLES]]) {
      const run = k8slint(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(run.stderr).toMatch(/^k8slint: /);
    }
  });

  it("a directory with no manifests: exit 2 with one line (a mistyped path), exit 0 with --allow-empty", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-empty-"));
    try {
      fs.writeFileSync(path.join(dir, "README.md"), "# nothing to deploy\n");
      const run = k8slint([dir]);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^k8slint: no manifest found .*--allow-empty.*\n$/);
      const allowed = k8slint(["--allow-empty", dir]);
      expect(allowed.status).toBe(0);
      expect(allowed.stderr).toBe("");
      expect(allowed.stdout).toMatch(/no problems in 0 files/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("inputs", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-e2e-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: ${name}\n      image: nginx:1.27.0\n`;

  it("a syntax error in the middle of a multi-document file is reported at its line; the other documents are still linted", () => {
    const text = [pod("first"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: [unclosed\n  other: value\n", pod("third")].join("---\n");
    const file = path.join(tmp, "multi.yaml");
    fs.writeFileSync(file, text);
    const report = jsonOf(k8slint(["-f", "json", file]));
    const lines = text.split("\n");
    const syntax = report.results.filter((f) => f.ruleId === "yaml-syntax");
    expect(syntax).toHaveLength(1);
    // The broken document spans lines 10-16; the error is reported inside it.
    const brokenStart = lines.indexOf("  name: broken") - 2;
    expect(syntax[0].line).toBeGreaterThanOrEqual(brokenStart);
    expect(syntax[0].line).toBeLessThanOrEqual(lines.indexOf("  other: value") + 1);
    expect(lines[syntax[0].line - 1]).toMatch(/unclosed|other: value/);
    const named = new Set(report.results.filter((f) => f.resource).map((f) => f.resource!.name));
    expect(named).toEqual(new Set(["first", "third"]));
    for (const name of ["first", "third"]) {
      const f = report.results.find((x) => x.resource?.name === name && x.ruleId === "run-as-non-root");
      expect(f, name).toBeDefined();
      expect(lines[f!.line - 1]).toContain(`- name: ${name}`);
    }
  });

  it("reads standard input with -, with the same findings and lines as the file", () => {
    const file = `${EXAMPLES}/caracal-like/k8s/kafka-statefulset.yaml`;
    const fromFile = jsonOf(k8slint(["-f", "json", file]));
    const fromStdin = jsonOf(k8slint(["-f", "json", "-"], { input: fs.readFileSync(path.join(ROOT, file), "utf8") }));
    expect(fromStdin.results.length).toBeGreaterThan(0);
    expect(fromStdin.results.every((f) => f.file === "<stdin>")).toBe(true);
    const key = (f: JsonFinding) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`;
    expect(fromStdin.results.map(key)).toEqual(fromFile.results.map(key));
  });

  it("templates are skipped and counted in the summary, not reported", () => {
    const report = jsonOf(k8slint(["-f", "json", `${EXAMPLES}/continuum-like`]));
    expect(report.summary.skipped.map((s) => s.file)).toEqual([`${EXAMPLES}/continuum-like/helm/continuum/templates/deployment.yaml`]);
    expect(report.results.filter((f) => f.file.includes("/templates/"))).toEqual([]);
    const text = k8slint([`${EXAMPLES}/continuum-like`]).stdout;
    // A chart's templates are known as such (src/render), whether or not helm is installed.
    expect(text).toMatch(/skipped 1 file: Helm template \((not rendered|linted as rendered by helm template)\)/);
  });
});

describe("formats and outputs", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-out-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const input = `${EXAMPLES}/caracal-like`;

  it("json: the documented shape", () => {
    const report = jsonOf(k8slint(["-f", "json", input]));
    expect(report.version).toBe(1);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["version", "results", "summary"]));
    for (const f of report.results) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(["ruleId", "severity", "message", "file", "line", "column", "endLine", "endColumn", "resource", "path", "suppressed"]),
      );
      if (f.resource) expect(Object.keys(f.resource)).toEqual(["apiVersion", "kind", "namespace", "name"]);
    }
    const s = report.summary;
    expect(s.errors).toBe(report.results.filter((f) => f.severity === "error" && !f.suppressed).length);
    expect(s.warnings).toBe(report.results.filter((f) => f.severity === "warning" && !f.suppressed).length);
    expect(positionProblems(report.results)).toEqual([]);
  });

  it("text: grouped by file and object, line:col severity message rule-id, counts and remediation once per rule, summary", () => {
    const report = jsonOf(k8slint(["-f", "json", input]));
    const run = k8slint([input]);
    expect(run.stdout).not.toMatch(/\x1b\[/);
    const lines = run.stdout.split("\n");
    const files = [...new Set(report.results.map((f) => f.file))];
    for (const file of files) expect(lines.filter((l) => l === file)).toHaveLength(1);
    for (const f of report.results) {
      // Under its object's header (4 spaces), or under the file when it has no object (2).
      const indent = f.resource ? "    " : "  ";
      const start = lines.indexOf(f.file);
      const end = lines.indexOf("", start);
      const row = lines.findIndex((l, i) => i > start && i < end && l.startsWith(`${indent}${f.line}:${f.column} `) && l.includes(`  ${f.message}`) && l.trimEnd().endsWith(f.ruleId));
      expect(row, `${f.file}:${f.line} ${f.ruleId}`).toBeGreaterThan(0);
      expect(lines[row]).toContain(f.severity);
      if (f.resource) {
        const header = lines.slice(0, row).reverse().find((l) => /^ {2}\S/.test(l));
        expect(header, `${f.file}:${f.line} ${f.ruleId}`).toBe(`  ${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ""}${f.resource.name}`);
      }
    }
    const table = lines.slice(lines.indexOf("Findings by rule:") + 1);
    expect(report.summary.byRule.reduce((n, r) => n + r.count, 0)).toBe(report.results.filter((f) => !f.suppressed).length);
    for (const row of report.summary.byRule) expect(table.some((l) => l.trim().startsWith(`${row.count}  ${row.ruleId} `)), row.ruleId).toBe(true);
    const ids = [...new Set(report.results.map((f) => f.ruleId))];
    for (const id of ids) expect(lines.filter((l) => l.startsWith(`  ${id}: `)), id).toHaveLength(1);
    expect(run.stdout).toContain(`${report.results.length} problems (${report.summary.errors} errors, ${report.summary.warnings} warnings`);
  });

  it("text: colour with --color, none when piped, none with --no-color or NO_COLOR", () => {
    expect(k8slint(["--color", input]).stdout).toMatch(/\x1b\[/);
    expect(k8slint(["--no-color", input]).stdout).not.toMatch(/\x1b\[/);
    expect(k8slint([input], { env: { NO_COLOR: "1" } }).stdout).not.toMatch(/\x1b\[/);
  });

  it("--verbose shows the fix under every finding", () => {
    const report = jsonOf(k8slint(["-f", "json", input]));
    const fixes = k8slint(["--verbose", input]).stdout.split("\n").filter((l) => l.trim().startsWith("fix: "));
    expect(fixes).toHaveLength(report.results.length);
  });

  it("github: an annotation per finding with file, line and column, most severe first, up to GitHub's 10 per level", () => {
    const report = jsonOf(k8slint(["-f", "json", input]));
    const lines = k8slint(["-f", "github", input]).stdout.trimEnd().split("\n");
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    const expected = report.results.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i).map((x) => x.f);
    const shown = expected.filter((f, i) => expected.slice(0, i).filter((g) => g.severity === f.severity).length < 10);
    expect(lines.slice(0, shown.length)).toHaveLength(shown.length);
    shown.forEach((f, i) => {
      expect(lines[i]).toMatch(new RegExp(`^::(error|warning|notice) file=${f.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")},line=${f.line},col=${f.column},`));
    });
    if (shown.length < expected.length) expect(lines[shown.length]).toContain(`${expected.length - shown.length} more findings are not shown`);
  });

  it("several --format/--output pairs in one run, text to stdout", () => {
    const sarif = path.join(tmp, "reports/k8slint.sarif");
    const json = path.join(tmp, "reports/k8slint.json");
    const run = k8slint(["-f", "sarif", "-o", sarif, "--format", "json", "--output", json, "-f", "text", input]);
    expect(run.status).toBe(1);
    const report = JSON.parse(fs.readFileSync(json, "utf8")) as JsonReport;
    const log = JSON.parse(fs.readFileSync(sarif, "utf8")) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results).toHaveLength(report.results.length);
    expect(run.stdout).toContain(`${report.results.length} problems`);
    expect(run.stdout.startsWith(report.results[0].file)).toBe(true);
  });

  it("--output alone takes its format from the file name; stdout stays empty", () => {
    const out = path.join(tmp, "only.sarif");
    const run = k8slint(["-o", out, input]);
    expect(run.stdout).toBe("");
    expect(JSON.parse(fs.readFileSync(out, "utf8")).version).toBe("2.1.0");
  });

  it("two reports to standard output is a usage error", () => {
    const run = k8slint(["-f", "json", "-f", "text", input]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/only one report can go to standard output/);
  });

  it("two reports to one file is a usage error, before anything is written", () => {
    const out = path.join(tmp, "twice.json");
    const run = k8slint(["-f", "json", "-o", out, "-f", "sarif", "-o", out, input]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`k8slint: --output ${out} is given twice: each report needs a file of its own\n`);
    expect(fs.existsSync(out)).toBe(false);
  });
});

/**
 * An intended finding of an example, located by the text of its line rather than a line number: the
 * first line (after the first line that `after` starts, when given) that starts with `at`, after its
 * indentation (or with it, when `at` is indented).
 */
interface Intended {
  rule: string;
  severity: "error" | "warning" | "info";
  file: string;
  at: string;
  after?: string;
  suppressed?: boolean;
}

function intendedLine(file: string, f: Intended): number {
  const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
  const starts = (text: string) => (line: string) => (text.startsWith(" ") ? line : line.trimStart()).startsWith(text);
  const from = f.after === undefined ? 0 : lines.findIndex(starts(f.after)) + 1;
  const i = lines.findIndex((l, n) => n >= from && starts(f.at)(l));
  if (from === 0 && f.after !== undefined) throw new Error(`${file}: no line starts with ${JSON.stringify(f.after)}`);
  if (i < 0) throw new Error(`${file}: no line starts with ${JSON.stringify(f.at)}`);
  return i + 1;
}

describe("the guide-style examples report exactly their intended mistakes", () => {
  const examples: Record<string, { root: string; findings: Intended[]; secrets: string[] }> = {
    "santaclaude-like": {
      root: "services/k8s",
      secrets: ["hT3vq8Lw2ZpR6yNc"],
      findings: [
        // Each directory is applied on its own: shared/ must come before ai-service/ and audit-sink-service/
        // (info, once per pair), and inside shared/, clickhouse.yaml sorts before namespace.yaml (the apply fails).
        { rule: "apply-order", severity: "info", file: "ai-service/deployment.yaml", at: "  namespace: santaclaude" },
        { rule: "apply-order", severity: "info", file: "audit-sink-service/deployment.yaml", at: "  namespace: santaclaude" },
        { rule: "apply-order", severity: "error", file: "shared/clickhouse.yaml", at: "  namespace: santaclaude" },
        { rule: "committed-secret", severity: "info", file: "ai-service/deployment.yaml", at: "data:" },
        { rule: "hpa-replicas-conflict", severity: "warning", file: "ai-service/deployment.yaml", at: "  replicas: 2" },
        { rule: "pdb-missing", severity: "warning", file: "ai-service/deployment.yaml", at: "  replicas: 2" },
        { rule: "image-tag", severity: "warning", file: "ai-service/deployment.yaml", at: "image: santaclaude/ai-service:latest" },
        { rule: "hardcoded-credential", severity: "error", file: "shared/clickhouse.yaml", after: "- name: CLICKHOUSE_PASSWORD", at: "value:" },
        { rule: "missing-reference", severity: "info", file: "audit-sink-service/deployment.yaml", at: "name: clickhouse-auth" },
        { rule: "network-policy", severity: "warning", file: "shared/namespace.yaml", at: "  name: santaclaude" },
        // Advice: the budget keeps the default unhealthyPodEvictionPolicy (IfHealthyBudget).
        { rule: "pdb-unhealthy-eviction", severity: "info", file: "audit-sink-service/deployment.yaml", after: "kind: PodDisruptionBudget", at: "spec:" },
      ],
    },
    "tarka-like": {
      root: "deploy/manifests",
      secrets: ["tarka-dev-9Kx2mQ7vLp4w"],
      findings: [
        { rule: "rbac-secrets-access", severity: "error", file: "rbac.yaml", after: 'resources: ["secrets"', at: "verbs:" },
        { rule: "committed-secret", severity: "info", file: "secret.yaml", at: "stringData:" },
        { rule: "committed-secret", severity: "error", file: "secret.yaml", at: "  POSTGRES_PASSWORD:" },
        // File names put deployment.yaml and postgresDev.yaml before rbac.yaml (the ServiceAccount) and
        // secret.yaml: the controllers retry until they exist (info).
        { rule: "apply-order", severity: "info", file: "deployment.yaml", at: "serviceAccountName: tarka" },
        { rule: "apply-order", severity: "info", file: "deployment.yaml", after: "secretKeyRef:", at: "name: tarka" },
        { rule: "apply-order", severity: "info", file: "postgresDev.yaml", after: "secretKeyRef:", at: "name: tarka" },
        { rule: "statefulset-service-name", severity: "warning", file: "natsJetstream.yaml", at: "serviceName: nats" },
        { rule: "missing-reference", severity: "warning", file: "workerDeployment.yaml", at: "name: tarka-service-catalog" },
        // The namespace comes from `kubectl create namespace tarka`: the set defines no Namespace at all,
        // so none is asked for (issue 11).
        // No Namespace object: reported at the first workload.
        { rule: "network-policy", severity: "warning", file: "deployment.yaml", at: "  name: tarka-webhook" },
        // Justified: both reconnect to NATS by themselves.
        { rule: "startup-order", severity: "warning", file: "deployment.yaml", after: "- configMapRef:", at: "name: tarka-config", suppressed: true },
        { rule: "startup-order", severity: "warning", file: "workerDeployment.yaml", after: "- configMapRef:", at: "name: tarka-config", suppressed: true },
        // The worker waits a minute for its first heartbeat: a startup probe would wait exactly as long as needed.
        { rule: "startup-probe", severity: "info", file: "workerDeployment.yaml", at: "initialDelaySeconds: 60" },
        { rule: "pdb-unhealthy-eviction", severity: "info", file: "deployment.yaml", after: "kind: PodDisruptionBudget", at: "spec:" },
        { rule: "pdb-unhealthy-eviction", severity: "info", file: "workerDeployment.yaml", after: "kind: PodDisruptionBudget", at: "spec:" },
      ],
    },
  };

  for (const [name, example] of Object.entries(examples)) {
    it(`${name}: each finding is an intended one, at its line`, () => {
      const dir = `${EXAMPLES}/${name}`;
      const run = k8slint(["-f", "json", dir]);
      const report = jsonOf(run);
      const key = (rule: string, severity: string, file: string, line: number, suppressed: boolean) => `${rule} ${severity} ${file}:${line}${suppressed ? " (suppressed)" : ""}`;
      const actual = report.results.map((f) => key(f.ruleId, f.severity, f.file, f.line, f.suppressed)).sort();
      const expected = example.findings
        .map((f) => {
          const file = `${dir}/${example.root}/${f.file}`;
          return key(f.rule, f.severity, file, intendedLine(file, f), f.suppressed ?? false);
        })
        .sort();
      expect(actual).toEqual(expected);
      expect(positionProblems(report.results)).toEqual([]);
      expect(run.status).toBe(expectedExit(report, "error"));
      // The made-up credentials are reported, never printed.
      for (const format of ["json", "text", "sarif", "github", "gitlab", "junit"]) {
        const out = format === "json" ? run.stdout : k8slint(["-f", format, dir]).stdout;
        for (const secret of example.secrets) expect(out, format).not.toContain(secret);
      }
    });
  }
});
