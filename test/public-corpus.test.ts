import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, SHARED } from "./helpers/fixtures.js";
import type { JsonFinding } from "./helpers/json-finding.js";
import { ARGO_CD, KUBE_PROMETHEUS, type DefendedFinding } from "./public-corpus-defended.js";

// The first run a new user makes: `k8slint manifests/` on two popular projects (../shared/corpus-public).
const PUBLIC = path.join(SHARED, "corpus-public");
const ARGO = path.join(PUBLIC, "argo-cd/manifests");
const PROM = path.join(PUBLIC, "kube-prometheus/manifests");

interface JsonReport {
  results: JsonFinding[];
  summary: { errors: number; warnings: number; infos: number; skipped: Array<{ file: string; reason: string }> };
}

function run(dir: string): { status: number | null; report: JsonReport } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/k8slint"), "-f", "json", path.relative(PUBLIC, dir)], { cwd: PUBLIC, encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport };
}

/** Each finding in a defended group, and each group with a finding (see public-corpus-defended.ts). */
function checkDefended(results: readonly JsonFinding[], defended: readonly DefendedFinding[]): void {
  const matches = (f: JsonFinding, d: DefendedFinding) => f.ruleId === d.rule && f.severity === d.severity && d.message.test(f.message) && (!d.file || d.file.test(f.file));
  const undefended = results.filter((f) => !defended.some((d) => matches(f, d))).map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line} ${f.message}`);
  expect(undefended).toEqual([]);
  const unfound = defended.filter((d) => !results.some((f) => matches(f, d))).map((d) => `${d.rule} ${d.severity} ${d.message}`);
  expect(unfound).toEqual([]);
}

const present = fs.existsSync(ARGO) && fs.existsSync(PROM);
if (!present) console.warn(`SKIPPED: end-to-end runs on ../shared/corpus-public: ${PUBLIC} not found (a fresh clone without ../shared)`);

describe.skipIf(!present)("Argo CD manifests/: alternative bundles and the Kustomize directories that generate them", () => {
  let report: JsonReport;
  beforeAll(() => {
    report = run(ARGO).report;
  }, 300_000);

  it("reports no duplicate-object error between the alternative bundles, one warning per alternative", () => {
    const dup = report.results.filter((f) => f.ruleId === "duplicate-object");
    expect(dup.filter((f) => f.severity === "error")).toEqual([]);
    expect(dup.every((f) => /alternative to \S+ \(\d+ shared objects\)/.test(f.message))).toBe(true);
    // Each bundle but the first of its family is paired once.
    const files = dup.map((f) => f.file);
    expect(new Set(files).size).toBe(files.length);
    expect(files).not.toContain("argo-cd/manifests/install.yaml");
  });

  it("prints no finding twice for one rule and source location", () => {
    const keys = report.results.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`);
    expect(keys.length - new Set(keys).size).toBe(0);
  });

  it("still finds the bundles' real problems: the :latest images and the missing probes in install.yaml", () => {
    const install = report.results.filter((f) => f.file === "argo-cd/manifests/install.yaml");
    expect(install.some((f) => f.ruleId === "image-tag" && /latest/.test(f.message))).toBe(true);
    expect(install.some((f) => f.ruleId === "readiness-probe" || f.ruleId === "liveness-probe")).toBe(true);
  });

  it("reports only findings we read and would defend to Argo CD's maintainers, and every one of them", () => {
    checkDefended(report.results, ARGO_CD);
  });

  it("names the Kustomize roots a base finding came from, once", () => {
    const base = report.results.filter((f) => f.file.startsWith("argo-cd/manifests/base/") && f.units && f.units.length > 1);
    expect(base.length).toBeGreaterThan(0);
    for (const f of base) expect(new Set(f.units).size).toBe(f.units!.length);
  });
});

describe.skipIf(!present)("kube-prometheus manifests/: the documented two-step install (setup/ first, then manifests/)", () => {
  let report: JsonReport;
  let status: number | null;
  beforeAll(() => {
    ({ report, status } = run(PROM));
  }, 300_000);

  it("lints every file: alert templates inside strings do not make a file a template", () => {
    expect(report.summary.skipped).toEqual([]);
  });

  it("counts the operator's pods for selectors: no dangling Service, budget or policy of Prometheus or Alertmanager", () => {
    expect(report.results.filter((f) => f.ruleId === "dangling-selector")).toEqual([]);
    expect(report.results.filter((f) => f.ruleId === "service-target-port")).toEqual([]);
  });

  it("does not take the configuration Secrets (alertmanager.yaml, grafana.ini, datasources) for committed secrets", () => {
    expect(report.results.filter((f) => f.ruleId === "committed-secret")).toEqual([]);
  });

  it("exits 1 for real problems only: the errors are the node agent's host access and cluster-wide Secret reads", () => {
    expect(status).toBe(1);
    const errors = report.results.filter((f) => f.severity === "error").map((f) => f.ruleId);
    expect([...new Set(errors)].sort()).toEqual(["host-namespaces", "host-path-volume", "rbac-secrets-access"]);
  });

  it("reports only findings we read and would defend to kube-prometheus' maintainers, and every one of them", () => {
    checkDefended(report.results, KUBE_PROMETHEUS);
  });

  it("reports no apply-order error: setup/ holds only the Namespace and CRDs, naturally applied first", () => {
    const order = report.results.filter((f) => f.ruleId === "apply-order");
    expect(order.filter((f) => f.severity !== "info")).toEqual([]);
    expect(order.some((f) => f.message.includes("CustomResourceDefinition") || f.message.includes("Namespace monitoring"))).toBe(false);
  });
});
