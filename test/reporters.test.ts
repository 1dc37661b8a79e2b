import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { formatContext } from "../src/report/context.js";
import { formatters } from "../src/report/formatters.js";
import type { FormatContext } from "../src/report/formatter.js";
import { ROOT } from "./helpers/fixtures.js";
import { defineRule } from "../src/engine/rule.js";
import { elements, hasXmlParser, parseXml } from "./helpers/xml.js";
import { findingSubject } from "../src/report/subject.js";

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

  it("gives no such hint where the line does not read so (a container in flow style, JSON)", () => {
    const flow = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{image: registry.example.com/web:1.0.0, name: web}]\n";
    const json = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},\n "spec": {"containers": [\n  {"args": ["serve"], "image": "registry.example.com/web:1.0.0", "name": "web"}]}}\n';
    for (const [name, text] of [["k8s/flow.yaml", flow], ["k8s/pod.json", json]]) {
      const { result, out } = run([{ name, text }]);
      expect(result.findings.length).toBeGreaterThan(3);
      expect(result.findings.filter((f) => f.disableAbove !== undefined)).toEqual([]);
      expect(out("text")).not.toContain("a disable comment goes above");
    }
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

interface GitlabIssue {
  type: string;
  check_name: string;
  description: string;
  categories: string[];
  severity: string;
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

describe("gitlab", () => {
  it("one Code Quality issue per active finding: rule, object and fix in the description, GitLab's severities, a repository path", () => {
    const { result, out } = run([{ name: "k8s/debug.yaml", text: ROOT_POD }, { name: "k8s/tracer.yaml", text: JUSTIFIED }]);
    const issues = JSON.parse(out("gitlab")) as GitlabIssue[];
    const active = result.findings.filter((f) => !f.suppressed);
    expect(result.findings.some((f) => f.suppressed)).toBe(true);
    expect(issues).toHaveLength(active.length);
    const severity = { error: "major", warning: "minor", info: "info" };
    active.forEach((f, i) => {
      const issue = issues[i];
      expect(issue.check_name).toBe(f.ruleId);
      expect(issue.severity).toBe(severity[f.severity]);
      expect(issue.location).toEqual({ path: f.file.replace(/^<|>$/g, ""), lines: { begin: f.line, end: f.endLine } });
      expect(issue.description.startsWith(`${findingSubject(f)}: ${f.message}`)).toBe(true);
      expect(issue.description.endsWith(result.rules.find((r) => r.id === f.ruleId)!.remediation)).toBe(true);
      expect(issue.type).toBe("issue");
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    });
    expect(issues.find((x) => x.check_name === "run-as-non-root")?.categories).toEqual(["Security"]);
    // The accepted root tracer is not an issue.
    expect(issues.some((x) => x.check_name === "run-as-non-root" && x.description.includes("tracer"))).toBe(false);
    expect(new Set(issues.map((x) => x.fingerprint)).size).toBe(issues.length);
  });

  it("fingerprints do not depend on lines: a finding moved by an edit above it keeps its fingerprint", () => {
    const before = JSON.parse(run([{ name: "k8s/debug.yaml", text: ROOT_POD }]).out("gitlab")) as GitlabIssue[];
    const after = JSON.parse(run([{ name: "k8s/debug.yaml", text: `# the debug pod\n\n${ROOT_POD}` }]).out("gitlab")) as GitlabIssue[];
    expect(after.map((x) => x.location.lines.begin)).toEqual(before.map((x) => x.location.lines.begin + 2));
    expect(after.map((x) => x.fingerprint)).toEqual(before.map((x) => x.fingerprint));
  });

  it("a clean run is an empty array", () => {
    const clean = defineRule({
      meta: { id: "never", title: "t", category: "security", severity: "error", description: "d", rationale: "r", remediation: "fix", references: {} },
      check() {},
    });
    const result = lint({ sources: [{ name: "k8s/debug.yaml", text: ROOT_POD }], cwd: ROOT, rules: [clean] });
    expect(formatters.gitlab.format(formatContext(result, { repoRoot: ROOT }), () => {})).toBe("[]\n");
  });
});

describe.skipIf(!hasXmlParser)("junit", () => {
  it("one suite per rule that ran, a failed case per finding with its severity, line and fix, a passed case per clean rule", () => {
    const { result, out } = run([{ name: "k8s/debug.yaml", text: ROOT_POD }, { name: "k8s/tracer.yaml", text: JUSTIFIED }]);
    const { root, error } = parseXml(out("junit"));
    expect(error).toBeUndefined();
    expect(root!.tag).toBe("testsuites");
    const suites = elements(root!, "testsuite");
    expect(suites.map((s) => s.attrs.name)).toEqual(result.rules.map((r) => r.id));
    const active = result.findings.filter((f) => !f.suppressed);
    const failures = elements(root!, "failure");
    expect(failures).toHaveLength(active.length);
    expect(root!.attrs.failures).toBe(String(active.length));
    expect(Number(root!.attrs.tests)).toBe(elements(root!, "testcase").length);
    for (const suite of suites) {
      const cases = elements(suite, "testcase");
      const mine = active.filter((f) => f.ruleId === suite.attrs.name);
      expect(suite.attrs.tests).toBe(String(cases.length));
      expect(suite.attrs.failures).toBe(String(mine.length));
      if (mine.length === 0) {
        // A clean rule is one passed check, named by its title.
        expect(cases).toHaveLength(1);
        expect(cases[0].children).toEqual([]);
        expect(cases[0].attrs.name).toBe(result.rules.find((r) => r.id === suite.attrs.name)!.title);
        continue;
      }
      mine.forEach((f, i) => {
        const c = cases[i];
        const file = f.file.replace(/^<|>$/g, "");
        expect(c.attrs).toMatchObject({ classname: f.ruleId, file, line: String(f.line), name: `${findingSubject(f)}: ${f.message}` });
        const failure = c.children[0];
        expect(failure.attrs).toEqual({ type: f.severity, message: f.message });
        expect(failure.text).toContain(`${file}:${f.line}:${f.column} ${f.severity} `);
        expect(failure.text).toContain(`Fix: ${result.rules.find((r) => r.id === f.ruleId)!.remediation}`);
      });
    }
    // The accepted tracer is left out unless suppressed findings are asked for; then it is skipped, with its reason.
    expect(out("junit")).not.toContain("root is the point");
    const shown = parseXml(out("junit", { showSuppressed: true })).root!;
    const skipped = elements(shown, "skipped");
    expect(skipped.length).toBe(result.findings.filter((f) => f.suppressed).length);
    expect(skipped.some((s) => s.attrs.message.includes("root is the point"))).toBe(true);
    expect(shown.attrs.skipped).toBe(String(skipped.length));
    expect(shown.attrs.failures).toBe(String(active.length));
  });

  it("--quiet: a rule whose findings are warnings is not shown as passed", () => {
    const { result, out } = run([{ name: "k8s/debug.yaml", text: ROOT_POD }]);
    const warned = result.findings.find((f) => f.severity === "warning")!.ruleId;
    const root = parseXml(out("junit", { quiet: true })).root!;
    const suite = elements(root, "testsuite").find((s) => s.attrs.name === warned)!;
    expect(suite.attrs).toMatchObject({ tests: "0", failures: "0" });
    expect(elements(root, "failure").every((f) => f.attrs.type === "error")).toBe(true);
  });

  it("names with markup, quotes, line breaks, control characters and broken surrogates still make a well-formed document", () => {
    const hostile = ROOT_POD.replace("name: shell", 'name: "a<b>&\\"c\\n::error\\u0007\\ud800"');
    const { result, out } = run([{ name: "k8s/<odd & \"file\">.yaml", text: hostile }]);
    expect(result.findings.some((f) => f.message.includes("a<b>&"))).toBe(true);
    const { root, error } = parseXml(out("junit"));
    expect(error).toBeUndefined();
    const names = elements(root!, "testcase").map((c) => c.attrs.name);
    // Shown as the text report shows them: escapes visible, nothing that starts a line of its own.
    expect(names.some((n) => n.includes('a<b>&"c\\n::error\\x07\ufffd'))).toBe(true);
    expect(elements(root!, "testcase").filter((c) => c.attrs.file).every((c) => c.attrs.file === 'k8s/<odd & "file">.yaml')).toBe(true);
  });
});
