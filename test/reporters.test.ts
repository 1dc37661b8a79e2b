import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { formatContext } from "../src/report/context.js";
import { formatters } from "../src/report/formatters.js";
import type { FormatContext } from "../src/report/formatter.js";
import { ROOT } from "./helpers/fixtures.js";
import { defineRule } from "../src/engine/rule.js";

// The formatters on one small, real run: a root container, a justified one, a syntax error.

const ROOT_POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: ops
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        runAsUser: 0
`;

const JUSTIFIED = `apiVersion: v1
kind: Pod
metadata:
  name: tracer
  namespace: ops
  annotations:
    justify.k8slint.io/run-as-non-root: "reads every process's /proc entries; root is the point"
spec:
  containers:
    - name: tracer
      image: busybox:1.36
      securityContext:
        runAsUser: 0
`;

function run(sources: Array<{ name: string; text: string }>, overrides: Partial<FormatContext> = {}) {
  const result = lint({ sources, cwd: ROOT });
  const ctx = formatContext(result, { repoRoot: ROOT, ...overrides });
  const warnings: string[] = [];
  const out = (name: string, more: Partial<FormatContext> = {}) => formatters[name].format({ ...ctx, ...more }, (m) => warnings.push(m));
  return { result, out, warnings };
}

describe("text", () => {
  it("says above which line a disable comment goes when the field a finding is about is not written", () => {
    const rule = defineRule({
      meta: { id: "wants-seccomp", title: "t", category: "security", severity: "warning", description: "d", rationale: "r", remediation: "fix", references: {} },
      check({ model, report }) {
        for (const r of model.resources) report({ target: { resource: r, path: ["spec", "securityContext", "seccompProfile"] }, message: "pod has no seccomp profile" });
      },
    });
    const result = lint({ sources: [{ name: "k8s/debug.yaml", text: ROOT_POD }], cwd: ROOT, rules: [rule] });
    const text = formatters.text.format(formatContext(result, { repoRoot: ROOT }), () => {});
    // spec: is the closest written ancestor, on line 6.
    expect(text).toMatch(/^ {4}6:1 +warning {2}pod has no seccomp profile {2}wants-seccomp {2}\(a disable comment goes above "spec:"\)$/m);
    expect(result.findings[0].disableAbove).toBe("spec:");
  });

  it("says it once for a container whose item starts with another field than its name (- args: above name:)", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - args: [serve]\n      image: registry.example.com/web:1.0.0\n      name: web\n    - name: proxy\n      image: registry.example.com/proxy:1.0.0\n";
    const { out } = run([{ name: "k8s/web.yaml", text: pod }]);
    const text = out("text").split("\n");
    // Said once for the line, on its first finding: a container's findings all share it.
    const web = text.filter((l) => /^ {4}6:7 /.test(l));
    expect(web.length).toBeGreaterThan(3);
    expect(web[0]).toMatch(/ {2}\(a disable comment goes above "- args:"\)$/);
    expect(web.slice(1).filter((l) => l.includes("a disable comment goes above"))).toEqual([]);
    expect(text.find((l) => l.includes("has no liveness probe") && l.includes('"proxy"'))).toMatch(/liveness-probe$/);
  });

  it("one line per finding under its file and object, counts and the fix once per rule, a summary that adds up", () => {
    const { result, out } = run([{ name: "k8s/debug.yaml", text: ROOT_POD }]);
    const text = out("text");
    const active = result.findings.filter((f) => !f.suppressed);
    expect(active.length).toBeGreaterThan(0);
    const lines = text.split("\n");
    expect(lines[0]).toBe("<k8s/debug.yaml>");
    // The object is named once, in a header; its finding lines keep line:col severity message rule.
    expect(lines[1]).toBe("  Pod ops/debug");
    expect(lines.filter((l) => l === "  Pod ops/debug")).toHaveLength(1);
    for (const f of active) {
      expect(lines.some((l) => l.startsWith(`    ${f.line}:${f.column} `) && l.includes(`  ${f.message}`) && l.endsWith(f.ruleId))).toBe(true);
    }
    const ids = new Set(active.map((f) => f.ruleId));
    expect(lines.filter((l) => /^ {2}[a-z0-9-]+: /.test(l))).toHaveLength(ids.size);
    // The count table: one row per rule, the counts add up to the findings.
    const table = lines.slice(lines.indexOf("Findings by rule:") + 1, lines.indexOf("", lines.indexOf("Findings by rule:")));
    expect(table).toHaveLength(ids.size);
    expect(table.reduce((n, l) => n + Number(l.trim().split(/\s+/)[0]), 0)).toBe(active.length);
    const s = result.summary;
    expect(text).toContain(`${s.errors + s.warnings + s.infos} problems (`);
    expect(text).not.toMatch(/\x1b\[/);
  });

  it("colours only when asked", () => {
    const { out } = run([{ name: "k8s/debug.yaml", text: ROOT_POD }]);
    expect(out("text", { color: true })).toMatch(/\x1b\[31merror/);
    expect(out("text", { color: false })).not.toMatch(/\x1b\[/);
  });

  it("suppressed findings are counted, and listed with their justification only on request", () => {
    const { result, out } = run([{ name: "k8s/tracer.yaml", text: JUSTIFIED }]);
    const suppressed = result.findings.filter((f) => f.suppressed);
    expect(suppressed.map((f) => f.ruleId)).toContain("run-as-non-root");
    expect(out("text")).not.toContain("root is the point");
    expect(out("text")).toMatch(new RegExp(`${result.summary.suppressed} suppressed \\(--show-suppressed to list\\)`));
    const shown = out("text", { showSuppressed: true });
    expect(shown).toContain("suppressed");
    expect(shown).toContain("root is the point");
  });

  it("--quiet keeps errors only", () => {
    const { result, out } = run([{ name: "k8s/debug.yaml", text: ROOT_POD }]);
    expect(result.findings.some((f) => f.severity === "warning")).toBe(true);
    const quiet = out("text", { quiet: true });
    for (const f of result.findings.filter((x) => x.severity === "warning")) expect(quiet).not.toContain(f.message);
    for (const f of result.findings.filter((x) => x.severity === "error")) expect(quiet).toContain(f.message);
  });
});

describe("json", () => {
  it("keeps suppressed findings with their justification and every finding's remediation", () => {
    const { result, out } = run([{ name: "k8s/tracer.yaml", text: JUSTIFIED }]);
    const report = JSON.parse(out("json"));
    expect(report.results).toHaveLength(result.findings.length);
    const s = report.results.find((r: { ruleId: string; suppressed: boolean }) => r.ruleId === "run-as-non-root" && r.suppressed);
    expect(s.justification).toContain("root is the point");
    for (const r of report.results) expect(typeof r.remediation).toBe("string");
    expect(report.summary.suppressed).toBe(result.summary.suppressed);
  });

  it("a syntax error has no resource and no path", () => {
    const { out } = run([{ name: "k8s/broken.yaml", text: "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [1, 2\n" }]);
    const report = JSON.parse(out("json"));
    const syntax = report.results.find((r: { ruleId: string }) => r.ruleId === "yaml-syntax");
    expect(syntax).toMatchObject({ resource: null, path: null, file: "<k8s/broken.yaml>" });
    expect(syntax.line).toBeGreaterThanOrEqual(1);
  });
});

describe("github", () => {
  it("escapes what would end a property or a command", () => {
    const { result, out } = run([{ name: "k8s/a,b:c%.yaml", text: ROOT_POD }]);
    const lines = out("github").trimEnd().split("\n");
    expect(lines).toHaveLength(result.findings.filter((f) => !f.suppressed).length);
    const fixed = new Set<string>();
    for (const l of lines) {
      // A named source is named as SARIF names it: the name, as a path from the repository root.
      expect(l).toMatch(/^::(error|warning|notice) file=k8s\/a%2Cb%3Ac%25\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z0-9-]+::/);
      // The remediation is on a second line of the rule's first annotation, escaped as %0A.
      const rule = /title=([a-z0-9-]+)/.exec(l)![1];
      expect(l.includes("%0A")).toBe(!fixed.has(rule));
      fixed.add(rule);
      expect(l).not.toContain("\n");
    }
  });
});

describe("sarif", () => {
  it("leaves suppressed findings out unless asked, then marks them with the justification", () => {
    const { out } = run([{ name: "k8s/tracer.yaml", text: JUSTIFIED }]);
    const plain = JSON.parse(out("sarif")).runs[0].results;
    expect(plain.filter((r: { ruleId: string }) => r.ruleId === "run-as-non-root")).toEqual([]);
    const withSuppressed = JSON.parse(out("sarif", { sarifIncludeSuppressed: true })).runs[0].results;
    const s = withSuppressed.find((r: { ruleId: string }) => r.ruleId === "run-as-non-root");
    expect(s.suppressions).toEqual([{ kind: "inSource", justification: expect.stringContaining("root is the point") }]);
  });

  it("a named source keeps its slashes in the artifact URI", () => {
    const { out } = run([{ name: "k8s/debug pod.yaml", text: ROOT_POD }]);
    const uris = new Set(JSON.parse(out("sarif")).runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(["k8s/debug%20pod.yaml"]);
  });

  it("--sarif-category sets the automation id", () => {
    const { out } = run([{ name: "k8s/debug.yaml", text: ROOT_POD }]);
    expect(JSON.parse(out("sarif", { sarifCategory: "k8s/prod" })).runs[0].automationDetails).toEqual({ id: "k8s/prod/" });
  });
});
