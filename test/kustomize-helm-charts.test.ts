import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { ROOT } from "./helpers/fixtures.js";

// A kustomization's helmCharts: kustomize inflates them only with --enable-helm and a helm to run.
// helm is not installed on these machines: a stand-in answers `helm version` and `helm template` as
// kustomize calls them (the real path: `kubectl kustomize --enable-helm --helm-command helm`).

const BIN = path.join(ROOT, "bin/k8slint");
const tool = findKustomizeTool();

interface Report {
  results: Array<{ ruleId: string; file: string; line: number; severity: string; message: string; units?: string[] }>;
  summary: { notices: string[] };
}

describe.skipIf(!tool || process.platform === "win32")("helmCharts in a kustomization", () => {
  let dir = "";
  let helm = "";
  let calls = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-helmcharts-"));
    calls = path.join(dir, "helm-calls.txt");
    helm = path.join(dir, "helm");
    // The chart's output: a privileged Deployment (what `helm template` would print for its values).
    fs.writeFileSync(
      helm,
      `#!/bin/sh
echo "$@" >> "${calls}"
case "$1" in
  version) echo "v3.14.0+g0000000"; exit 0;;
  template) printf 'apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: web\\nspec:\\n  selector:\\n    matchLabels: {app: web}\\n  template:\\n    metadata:\\n      labels: {app: web}\\n    spec:\\n      containers:\\n        - name: web\\n          image: registry.example.com/web:1.0\\n          securityContext:\\n            privileged: true\\n'; exit 0;;
esac
exit 1
`,
      { mode: 0o755 },
    );
    const files: Record<string, string> = {
      "local/kustomization.yaml": "helmCharts:\n  - name: web\n    releaseName: web\n    valuesInline:\n      replicas: 2\n",
      "local/charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
      "local/charts/web/values.yaml": "replicas: 1\n",
      "local/charts/web/templates/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
      "remote/kustomization.yaml": "helmCharts:\n  - name: redis\n    repo: https://charts.example.invalid/stable\n    version: 1.2.3\n    releaseName: cache\n",
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    if (fs.existsSync(calls)) fs.rmSync(calls);
    const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    return { status: r.status, report: JSON.parse(r.stdout) as Report, helmCalls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : [] };
  };

  it("are inflated with the kustomization's values and linted as its output, the chart not rendered again on its own", () => {
    const { report, helmCalls } = run(["local", "--helm-bin", helm]);
    expect(report.results.filter((f) => f.ruleId === "kustomize-build")).toEqual([]);
    const privileged = report.results.filter((f) => f.ruleId === "privileged-container");
    expect(privileged.map((f) => f.units)).toEqual([["kustomize local"]]);
    // At the helmCharts entry that names the chart: where its values are set, and a disable comment goes.
    expect(privileged.map((f) => `${f.file}:${f.line}`)).toEqual(["local/kustomization.yaml:2"]);
    const templates = helmCalls.filter((c) => c.startsWith("template "));
    expect(templates).toHaveLength(1);
    expect(templates[0]).toMatch(/-f \S*web-kustomize-values\.yaml/);
  });

  it("a chart that fails in the build is one kustomize-build finding: the chart is not rendered again with its own values", () => {
    const failing = path.join(dir, "helm-failing");
    // What helm prints when valuesInline lacks a value the template requires.
    fs.writeFileSync(failing, `#!/bin/sh\ncase "$1" in\n  version) echo "v3.14.0+g0000000"; exit 0;;\n  template) echo "Error: execution error at (web/templates/deploy.yaml:4:9): image.tag is required" >&2; exit 1;;\nesac\nexit 1\n`, { mode: 0o755 });
    const { report } = run(["local", "--helm-bin", failing]);
    expect(report.results.filter((f) => f.ruleId === "kustomize-build" || f.ruleId === "helm-template").map((f) => `${f.ruleId} ${f.file}`)).toEqual(["kustomize-build local/kustomization.yaml"]);
  });

  it("without helm, the root is not built: a notice, not a build error", () => {
    const { status, report } = run(["local", "--helm-bin", path.join(dir, "no-such-helm")]);
    expect(report.results.filter((f) => f.ruleId === "kustomize-build")).toEqual([]);
    expect(report.summary.notices.some((n) => n.includes("helmCharts need") && n.includes("no-such-helm"))).toBe(true);
    expect(status).toBe(0);
  });

  it("a chart kustomize would pull from a repository is not fetched without --allow-remote-bases", () => {
    const { report, helmCalls } = run(["remote", "--helm-bin", helm]);
    expect(helmCalls).toEqual([]);
    const notice = report.results.filter((f) => f.ruleId === "kustomize-build");
    expect(notice.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(["remote/kustomization.yaml:3 info"]);
    expect(notice[0].message).toContain("names the remote chart https://charts.example.invalid/stable (redis)");
  });
});
