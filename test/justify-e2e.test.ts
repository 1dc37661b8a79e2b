import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { findKustomizeTool } from "../src/render/kustomize.js";

// A Ritma-like tracer DaemonSet through the real CLI: unjustified it fails and names every privileged
// field; with justify.k8slint.io annotations it passes, and SARIF carries the suppressed results only
// when asked (GitHub code scanning would otherwise reopen them as alerts).

const BIN = path.join(ROOT, "bin/k8slint");
const UNJUSTIFIED = "fixtures/justify/tracer-unjustified";
const JUSTIFIED = "fixtures/justify/tracer-justified";
const PRIVILEGE_RULES = ["privileged-container", "host-namespaces", "dangerous-capabilities", "host-path-volume"];

function k8slint(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return { status: r.status, stdout: r.stdout };
}

interface JsonResult {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  suppressed: boolean;
  justification?: string | null;
}

/** The annotations' texts, read from the fixture itself. */
function justifications(): Map<string, string> {
  const text = fs.readFileSync(path.join(ROOT, JUSTIFIED, "tracer-daemonset.yaml"), "utf8");
  return new Map([...text.matchAll(/justify\.k8slint\.io\/([a-z-]+): "([^"]+)"/g)].map((m) => [m[1], m[2]]));
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, "dist/k8slint.js"))) throw new Error("dist/ is not built: run `npm run build` (npm test does)");
});

describe("a privileged tracer DaemonSet", () => {
  it("unjustified: exit 1, and each privileged field is an error at its own line", () => {
    const run = k8slint(["--format", "json", UNJUSTIFIED]);
    expect(run.status).toBe(1);
    const results = (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
    const lines = fs.readFileSync(path.join(ROOT, UNJUSTIFIED, "tracer-daemonset.yaml"), "utf8").split("\n");
    const errorsAt = (rule: string) => results.filter((f) => f.ruleId === rule && f.severity === "error" && !f.suppressed).map((f) => lines[f.line - 1].trim());
    expect(errorsAt("host-namespaces")).toEqual(["hostPID: true", "hostNetwork: true"]);
    expect(errorsAt("privileged-container")).toEqual(["privileged: true"]);
    expect(errorsAt("dangerous-capabilities")).toHaveLength(3);
    for (const cap of ["SYS_ADMIN", "BPF", "PERFMON"]) expect(results.some((f) => f.ruleId === "dangerous-capabilities" && f.message.includes(cap))).toBe(true);
    expect(errorsAt("host-path-volume")).toEqual(["path: /proc"]);
    const text = k8slint([UNJUSTIFIED]);
    expect(text.status).toBe(1);
    for (const s of ["hostPID: true", "hostNetwork: true", "runs privileged", "SYS_ADMIN", "BPF", "PERFMON", "/proc"]) expect(text.stdout).toContain(s);
  });

  it("justified by annotations: exit 0, the findings are suppressed with the annotation's text", () => {
    const run = k8slint(["--format", "json", JUSTIFIED]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { results: JsonResult[]; summary: { errors: number; suppressed: number } };
    const why = justifications();
    const suppressed = report.results.filter((f) => f.suppressed);
    expect(new Set(suppressed.map((f) => f.ruleId))).toEqual(new Set(why.keys()));
    for (const f of suppressed) expect(f.justification).toBe(why.get(f.ruleId));
    expect(report.summary.errors).toBe(0);
    expect(report.summary.suppressed).toBe(suppressed.length);
    expect(report.results.filter((f) => f.ruleId === "unused-justification")).toEqual([]);
  });

  it("text output counts the suppressed findings, and lists them with their justification only with --show-suppressed", () => {
    const plain = k8slint([JUSTIFIED]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/\d+ suppressed \(--show-suppressed to list\)/);
    expect(plain.stdout).not.toContain("runs privileged");
    const shown = k8slint(["--show-suppressed", JUSTIFIED]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain("runs privileged");
    expect(shown.stdout).toContain(`justified: ${justifications().get("privileged-container")}`);
  });

  it("SARIF leaves suppressed results out by default and includes them, marked inSource, with --sarif-include-suppressed", () => {
    type Sarif = { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }> }> };
    const plain = JSON.parse(k8slint(["--format", "sarif", JUSTIFIED]).stdout) as Sarif;
    expect(plain.runs[0].results.filter((r) => PRIVILEGE_RULES.includes(r.ruleId))).toEqual([]);
    const run = k8slint(["--format", "sarif", "--sarif-include-suppressed", JUSTIFIED]);
    expect(run.status).toBe(0);
    const results = (JSON.parse(run.stdout) as Sarif).runs[0].results.filter((r) => PRIVILEGE_RULES.includes(r.ruleId));
    expect(new Set(results.map((r) => r.ruleId))).toEqual(new Set(PRIVILEGE_RULES));
    const why = justifications();
    for (const r of results) expect(r.suppressions).toEqual([{ kind: "inSource", justification: why.get(r.ruleId) }]);
  });
});

describe.skipIf(!findKustomizeTool())("a justification in a Kustomize base", () => {
  const BASE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
  annotations:
    justify.k8slint.io/liveness-probe: "the app has no health endpoint yet"
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        # k8slint-disable-next-line resource-requests -- dev runs on a shared node pool with no quota
        - name: app
          image: registry.example.com/web:1.0
`;
  const PROBED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          livenessProbe:
            tcpSocket: {port: 80}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`;
  const tree = (overlays: Record<string, string | undefined>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-justify-base-"));
    fs.mkdirSync(path.join(dir, "base"));
    fs.writeFileSync(path.join(dir, "base/deploy.yaml"), BASE);
    fs.writeFileSync(path.join(dir, "base/kustomization.yaml"), "resources:\n  - deploy.yaml\n");
    for (const [name, patch] of Object.entries(overlays)) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "kustomization.yaml"), `namePrefix: ${name}-\nresources:\n  - ../base\n${patch ? "patches:\n  - path: patch.yaml\n" : ""}`);
      if (patch) fs.writeFileSync(path.join(dir, name, "patch.yaml"), patch);
    }
    return dir;
  };
  const unused = (dir: string) => {
    const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "."], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    return (JSON.parse(r.stdout) as { results: JsonResult[] }).results.filter((f) => f.ruleId === "unused-justification").map((f) => `${f.file}:${f.line} ${f.message}`);
  };

  it("that one overlay uses is not unused for another that fixed the finding", () => {
    const dir = tree({ dev: undefined, prod: PROBED });
    try {
      expect(unused(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("that no overlay uses is reported once", () => {
    const dir = tree({ staging: PROBED, prod: PROBED });
    try {
      expect(unused(dir)).toEqual([
        "base/deploy.yaml:7 justification for liveness-probe suppresses nothing: this object has no liveness-probe finding",
        "base/deploy.yaml:16 k8slint-disable-next-line for resource-requests suppresses nothing: no resource-requests finding on line 17",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
