import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint, type LintResult } from "../src/lint.js";
import { renderChartsWithHelm } from "../src/render/helm.js";
import { spawnSync } from "node:child_process";
import { CORPUS, ROOT, hasCorpus } from "./helpers/fixtures.js";

// helm cannot be installed here: a stand-in executable prints a rendered chart the way `helm template`
// does (objects separated by ---, each under a `# Source: <chart>/templates/<file>` comment) and records
// the arguments it was given.

let dir: string;
let chart: string;
let helm: string;
let failingHelm: string;
const argsFile = () => path.join(dir, "helm-args.json");

const DEPLOYMENT_TEMPLATE = `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
{{- end }}
`;

const RENDERED = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: rel-web
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-web
  namespace: team-a
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: rel-web
      containers:
        - name: web
          image: "registry.example.com/web:latest"
`;

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-helm-test-")));
  chart = path.join(dir, "charts-repo", "web");
  fs.mkdirSync(path.join(chart, "templates"), { recursive: true });
  fs.writeFileSync(path.join(chart, "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
  fs.writeFileSync(path.join(chart, "values.yaml"), 'enabled: true\nimage:\n  repository: registry.example.com/web\n  tag: "1.0.0"\nstripeSecretKey: "sk_live_4eC39HqLyjWDarjtT1zdp7dcQ9xZ"\n');
  fs.writeFileSync(path.join(chart, "templates", "deployment.yaml"), DEPLOYMENT_TEMPLATE);
  fs.writeFileSync(path.join(chart, "templates", "serviceaccount.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ include \"web.fullname\" . }}\n");
  fs.writeFileSync(path.join(chart, "templates", "_helpers.tpl"), '{{- define "web.fullname" -}}{{ .Release.Name }}-web{{- end }}\n');
  fs.writeFileSync(path.join(chart, "templates", "NOTES.txt"), "Installed {{ .Release.Name }}.\n");
  fs.writeFileSync(path.join(dir, "staging-values.yaml"), "enabled: true\n");
  helm = path.join(dir, "bin", "helm");
  fs.mkdirSync(path.dirname(helm));
  fs.writeFileSync(
    helm,
    `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(argsFile())}, JSON.stringify(process.argv.slice(2)));\nprocess.stdout.write(${JSON.stringify(RENDERED)});\n`,
    { mode: 0o755 },
  );
  failingHelm = path.join(dir, "bin", "helm-failing");
  fs.writeFileSync(failingHelm, `#!${process.execPath}\nprocess.stderr.write("Error: chart requires kubeVersion: >=1.40.0\\n");\nprocess.exit(1);\n`, { mode: 0o755 });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const templateFiles = () => ["NOTES.txt", "_helpers.tpl", "deployment.yaml", "serviceaccount.yaml"].map((f) => `charts-repo/web/templates/${f}`);

describe("Helm charts rendered with helm template", () => {
  let result: LintResult;
  beforeAll(() => {
    result = lint({ paths: ["charts-repo"], cwd: dir, namespace: "team-a", render: { helmBin: helm, helmRelease: "rel", helmValues: ["staging-values.yaml"] } });
  });

  it("runs helm template with the release, namespace and values files", () => {
    expect(JSON.parse(fs.readFileSync(argsFile(), "utf8"))).toEqual(["template", "rel", chart, "--namespace", "team-a", "--skip-tests", "--values", path.join(dir, "staging-values.yaml")]);
  });

  it("maps findings into the template as far as its literal keys go, naming the chart in the message", () => {
    const lines = DEPLOYMENT_TEMPLATE.split("\n");
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    const probe = result.findings.filter((f) => f.ruleId === "liveness-probe");
    // The container: its `- name:` line in the template.
    expect(probe.map((f) => [f.file, f.line, f.column])).toEqual([["charts-repo/web/templates/deployment.yaml", lineOf("- name: web"), 11]]);
    // A field written in the template (the image, whose tag comes from values): its line.
    expect(result.findings.filter((f) => f.ruleId === "image-tag").map((f) => [f.file, f.line, f.column])).toEqual([["charts-repo/web/templates/deployment.yaml", lineOf("image:"), 11]]);
    expect(probe[0].message).toBe('container "web" has no liveness probe');
    expect(probe[0].units).toEqual(["helm charts-repo/web"]);
    expect(probe[0].resource).toMatchObject({ kind: "Deployment", name: "rel-web", namespace: "team-a" });
  });

  it("never parses templates as YAML: every file under templates/ is counted as skipped", () => {
    expect(result.findings.filter((f) => f.ruleId === "yaml-syntax")).toEqual([]);
    const skipped = result.summary.skipped.filter((s) => s.file.includes("/templates/"));
    expect(skipped.map((s) => s.file).sort()).toEqual(templateFiles());
    for (const s of skipped) expect(s.reason).toContain("rendered by helm template");
    expect(result.notices.filter((n) => n.includes("helm"))).toEqual([]);
  });

  it("lints the chart's values files for credentials", () => {
    const cred = result.findings.filter((f) => f.ruleId === "hardcoded-credential");
    expect(cred.map((f) => [f.file, f.line])).toEqual([["charts-repo/web/values.yaml", 5]]);
    expect(cred[0].message).not.toContain("sk_live_4eC39HqLyjWDarjtT1zdp7dcQ9xZ");
  });
});

describe("several charts", () => {
  it("are rendered each on its own (concurrently), findings named by chart", () => {
    const two = path.join(dir, "two");
    fs.mkdirSync(two);
    try {
      for (const name of ["a", "b"]) fs.cpSync(chart, path.join(two, name), { recursive: true });
      const r = lint({ paths: ["two"], cwd: dir, render: { helmBin: helm } });
      expect(r.findings.filter((f) => f.ruleId === "liveness-probe").map((f) => `${f.file} ${f.message} ${f.units}`)).toEqual([
        'two/a/templates/deployment.yaml container "web" has no liveness probe helm two/a',
        'two/b/templates/deployment.yaml container "web" has no liveness probe helm two/b',
      ]);
    } finally {
      fs.rmSync(two, { recursive: true, force: true });
    }
  });
});

describe("Helm flags of bin/k8slint", () => {
  it("passes --helm-bin, --helm-release, --namespace and repeated --helm-values to helm template", () => {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "bin/k8slint"), "-f", "json", "--helm-bin", helm, "--helm-release", "cli", "-n", "team-b", "--helm-values", "staging-values.yaml", "--helm-values", "charts-repo/web/values.yaml", "charts-repo"],
      { cwd: dir, encoding: "utf8", timeout: 60_000 },
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(argsFile(), "utf8"))).toEqual(["template", "cli", chart, "--namespace", "team-b", "--skip-tests", "--values", path.join(dir, "staging-values.yaml"), "--values", path.join(chart, "values.yaml")]);
    const report = JSON.parse(r.stdout) as { results: Array<{ ruleId: string; file: string; message: string; units?: string[] }> };
    expect(report.results.filter((f) => f.ruleId === "liveness-probe").map((f) => `${f.file} ${f.message} ${f.units}`)).toEqual(['charts-repo/web/templates/deployment.yaml container "web" has no liveness probe helm charts-repo/web']);
  });

  it("--no-render leaves charts alone: templates skipped, no notice", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/k8slint"), "-f", "json", "--no-render", "--helm-bin", helm, "charts-repo"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const report = JSON.parse(r.stdout) as { results: Array<{ file: string }>; summary: { notices: string[]; skipped: Array<{ file: string }> } };
    expect(report.summary.notices.filter((n) => n.includes("helm"))).toEqual([]);
    expect(report.results.filter((f) => f.file.includes("/templates/"))).toEqual([]);
    expect(report.summary.skipped.map((s) => s.file).sort()).toEqual(templateFiles());
  });
});

describe("Helm charts without helm", () => {
  it("says once that charts were not rendered, skips templates and still lints values files", () => {
    const r = lint({ paths: ["charts-repo"], cwd: dir, render: { helmBin: path.join(dir, "no-such-helm") } });
    const notes = r.notices.filter((n) => n.includes("Helm chart"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/not found: 1 Helm chart not rendered \(charts-repo\/web\)/);
    expect(r.findings.filter((f) => f.file.includes("/templates/"))).toEqual([]);
    expect(r.summary.skipped.filter((s) => s.file.includes("/templates/")).map((s) => s.file).sort()).toEqual(templateFiles());
    expect(r.findings.filter((f) => f.ruleId === "hardcoded-credential").map((f) => f.file)).toEqual(["charts-repo/web/values.yaml"]);
  });

  it("reports a failing helm template as a helm-template error with helm's message at Chart.yaml, and goes on", () => {
    const r = lint({ paths: ["charts-repo"], cwd: dir, render: { helmBin: failingHelm } });
    expect(r.notices.filter((n) => n.includes("helm template"))).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === "helm-template").map((f) => [f.file, f.line, f.severity, f.message])).toEqual([
      ["charts-repo/web/Chart.yaml", 1, "error", "helm template failed: chart requires kubeVersion: >=1.40.0"],
    ]);
    expect(r.findings.filter((f) => f.ruleId === "hardcoded-credential")).toHaveLength(1);
  });

  it("does not show the credentials of a chart repository URL helm's error names", () => {
    const helm = path.join(dir, "bin", "helm-no-repository");
    fs.writeFileSync(helm, `#!${process.execPath}\nprocess.stderr.write("Error: no repository definition for https://ci:Rp4xQ8mZ2v@charts.example.invalid/stable. Please add the missing repos via 'helm repo add'\\n");\nprocess.exit(1);\n`, { mode: 0o755 });
    const r = lint({ paths: ["charts-repo"], cwd: dir, render: { helmBin: helm } });
    expect(r.findings.filter((f) => f.ruleId === "helm-dependencies" || f.ruleId === "helm-template").map((f) => f.message)).toEqual([
      "helm template cannot render the chart before its dependencies are fetched (helm dependency build): no repository definition for https://…@charts.example.invalid/stable. Please add the missing repos via 'helm repo add'",
    ]);
  });
});

if (!hasCorpus()) console.warn("Helm corpus test SKIPPED: ../shared/corpus is absent");

describe.skipIf(!hasCorpus())("the corpus's charts (Tarka, CONTINUUM) without helm", () => {
  it("parses none of their templates, and names both charts in one notice", () => {
    const paths = [path.join(CORPUS, "tarka/deploy/chart"), path.join(CORPUS, "continuum/deploy/helm")];
    const r = lint({ paths, cwd: CORPUS, render: { helmBin: path.join(dir, "no-such-helm") } });
    expect(r.findings.filter((f) => f.file.includes("/templates/"))).toEqual([]);
    const notes = r.notices.filter((n) => n.includes("Helm chart"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("2 Helm charts not rendered (tarka/deploy/chart, continuum/deploy/helm/continuum)");
    const skippedTemplates = r.summary.skipped.filter((s) => s.file.includes("/templates/"));
    expect(skippedTemplates.some((s) => s.file.endsWith("_helpers.tpl"))).toBe(true);
  });
});

describe.skipIf(!hasCorpus())("positions in a real template (CONTINUUM's chart)", () => {
  it("follows literal keys through if-blocks and toYaml lines, and stops where the template stops writing keys", () => {
    const chartDir = path.join(CORPUS, "continuum/deploy/helm/continuum");
    const rendered = [
      "---",
      "# Source: continuum/templates/deployment.yaml",
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: rel-continuum}",
      "spec:",
      "  replicas: 3",
      "  template:",
      "    spec:",
      "      initContainers: [{name: migrations, image: 'continuum:latest'}]",
      "      containers:",
      "        - {name: api, image: 'continuum:0.1.0', securityContext: {capabilities: {drop: [ALL]}}}",
      "        - {name: sidecar, image: 'proxy:1'}",
      "",
    ].join("\n");
    const stand = path.join(dir, "bin", "helm-continuum");
    fs.writeFileSync(stand, `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(rendered)});\n`, { mode: 0o755 });
    const [res] = renderChartsWithHelm([{ dir: chartDir, label: "continuum" }], { bin: stand, release: "rel", namespace: "default", values: [], timeoutMs: 30_000, cwd: CORPUS, display: (f) => path.relative(CORPUS, f) });
    expect(res.ok).toBe(true);
    const deploy = res.ok ? res.sources[0] : undefined;
    const template = fs.readFileSync(path.join(chartDir, "templates/deployment.yaml"), "utf8").split("\n");
    const lineOf = (text: string, after = 0) => template.findIndex((l, i) => i >= after && l.includes(text)) + 1;
    const at = (p: Array<string | number>) => deploy!.locator.range(p).line;
    expect(at(["spec", "replicas"])).toBe(lineOf("  replicas:"));
    expect(at(["spec", "template", "spec", "initContainers", 0, "image"])).toBe(lineOf("image:", lineOf("initContainers:")));
    // capabilities come from toYaml: the container's securityContext line is the last key written.
    expect(at(["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "drop"])).toBe(lineOf("securityContext:", lineOf("      containers:")));
    // A second container may come from a loop: the containers: line.
    expect(at(["spec", "template", "spec", "containers", 1, "image"])).toBe(lineOf("      containers:"));
  });
});

describe("a template whose loop prints one object twice (duplicate-object)", () => {
  it("is one finding at the template's line, saying how many times it is defined there", () => {
    const chartDir = path.join(dir, "loop-repo", "zones");
    fs.mkdirSync(path.join(chartDir, "templates"), { recursive: true });
    fs.writeFileSync(path.join(chartDir, "Chart.yaml"), "apiVersion: v2\nname: zones\nversion: 0.1.0\n");
    // The name does not depend on the loop's item: each zone's ConfigMap overwrites the one before.
    fs.writeFileSync(path.join(chartDir, "templates", "zones.yaml"), "{{- range .Values.zones }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: zones\ndata:\n  zone: {{ . }}\n{{- end }}\n");
    const one = (zone: string) => `---\n# Source: zones/templates/zones.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: zones\ndata:\n  zone: ${zone}\n`;
    const loopHelm = path.join(dir, "bin", "helm-loop");
    fs.writeFileSync(loopHelm, `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(one("a") + one("b"))});\n`, { mode: 0o755 });
    const r = lint({ paths: ["loop-repo"], cwd: dir, namespace: "team-a", render: { helmBin: loopHelm } });
    expect(r.findings.filter((f) => f.ruleId === "duplicate-object").map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      ["loop-repo/zones/templates/zones.yaml", 6, 3, "defined 2 times from this line"],
    ]);
  });
});

describe("a chart that writes its release's namespace (default-namespace)", () => {
  it("is not said to choose the default namespace: helm template was given it, and helm install -n gives another", () => {
    const chartDir = path.join(dir, "release-ns-repo", "api");
    fs.mkdirSync(path.join(chartDir, "templates"), { recursive: true });
    fs.writeFileSync(path.join(chartDir, "Chart.yaml"), "apiVersion: v2\nname: api\nversion: 0.1.0\n");
    const template = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: {{ .Release.Namespace }}\nspec:\n  containers:\n    - name: api\n      image: registry.example.com/api:1.0\n";
    fs.writeFileSync(path.join(chartDir, "templates", "pod.yaml"), template);
    // What helm template --namespace default prints for it.
    const rendered = `---\n# Source: api/templates/pod.yaml\n${template.replace("{{ .Release.Namespace }}", "default")}`;
    const nsHelm = path.join(dir, "bin", "helm-release-ns");
    fs.writeFileSync(nsHelm, `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(rendered)});\n`, { mode: 0o755 });
    const r = lint({ paths: ["release-ns-repo"], cwd: dir, render: { helmBin: nsHelm } });
    expect(r.findings.some((f) => f.ruleId === "run-as-non-root")).toBe(true); // rendered and linted
    expect(r.findings.filter((f) => f.ruleId === "default-namespace")).toEqual([]);
  });
});
