import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint, type LintResult } from "../src/lint.js";
import { ROOT, RULE_FIXTURES, SHARED } from "./helpers/fixtures.js";
import { TempRepo, k8slint } from "./helpers/temp-repo.js";
import { givenCrdFiles } from "../src/model/known-crds.js";

// --crds / `crds:`: the CustomResourceDefinitions a cluster has (an operator's, installed apart from
// the repository) validate the set's custom resources as the set's own CRDs would, and are never linted.

const SCHEMA_SET = path.join(RULE_FIXTURES, "schema/crd-and-resources");
const PROM = path.join(SHARED, "corpus-public/kube-prometheus/manifests");

const byRule = (r: LintResult, ids: string[]) =>
  r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${path.basename(f.file)}:${f.line}:${f.column} ${f.message}`);

// A cluster-scoped kind with a CEL rule, one rule that does not compile (it selects a field the schema
// does not define) and a pattern.
const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Cluster
  names: {kind: Widget, plural: widgets, singular: widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations:
                - rule: self.minReplicas <= self.replicas
                  message: minReplicas must not exceed replicas
                - rule: self.replica > 0
              properties:
                replicas: {type: integer}
                minReplicas: {type: integer}
                color: {type: string, pattern: "^[a-z]+$"}
`;

const WIDGET = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: big
spec:
  replicas: 3
  minReplicas: 5
  color: Red
  shape: round
`;

const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: beside-the-crds\n";

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));
function repo(files: Record<string, string>): TempRepo {
  const r = new TempRepo(files, "k8slint-crds-");
  repos.push(r);
  return r;
}

describe("CRDs given with --crds", () => {
  it("validate custom resources exactly as the same CRD in the set does, and leave nothing unvalidated", () => {
    const crs = fs.readdirSync(SCHEMA_SET).filter((f) => f !== "00-crd.yaml").map((f) => path.join(SCHEMA_SET, f));
    const inSet = lint({ paths: [SCHEMA_SET], cwd: ROOT });
    const given = lint({ paths: crs, crds: [path.join(SCHEMA_SET, "00-crd.yaml")], cwd: ROOT });
    const without = lint({ paths: crs, cwd: ROOT });
    const onCrs = (r: LintResult) => byRule(r, ["schema", "crd-validation"]).filter((l) => !l.includes("00-crd.yaml"));
    expect(onCrs(inSet).length).toBeGreaterThanOrEqual(3);
    expect(onCrs(given)).toEqual(onCrs(inSet));
    expect(given.summary.notValidated).toBe(0);
    // Without the CRD the custom resources get their metadata checked only, and the note says how to give it.
    expect(onCrs(without)).toEqual(onCrs(inSet).filter((l) => l.includes(" in metadata")));
    expect(without.summary.notValidated).toBe(crs.length);
    expect(without.notices.find((n) => n.startsWith("schema:"))).toContain("neither in the set nor given with --crds");
  });

  it("run the CRD's validation rules and patterns, apply its scope, and report nothing on the CRD itself", () => {
    const r = repo({ "k8s/widget.yaml": WIDGET, "cluster/crds/widget-crd.yaml": WIDGET_CRD });
    const run = k8slint(["k8s", "--crds", "cluster/crds", "-f", "json"], r.dir);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as { results: Array<{ ruleId: string; file: string; line: number; message: string; resource: { namespace: string | null } | null }>; summary: { notValidated: number } };
    const lines = report.results.filter((f) => ["schema", "crd-validation"].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`);
    expect(lines).toEqual([
      "crd-validation k8s/widget.yaml:5 minReplicas must not exceed replicas (x-kubernetes-validations of CustomResourceDefinition widgets.example.com)",
      'crd-validation k8s/widget.yaml:8 "Red" does not match the pattern "^[a-z]+$" of its CustomResourceDefinition',
      'schema k8s/widget.yaml:9 unknown field "shape" in spec',
    ]);
    // Cluster-scoped as its CRD says: no namespace, so none of the namespace rules apply to it.
    expect(report.results.every((f) => f.resource === null || f.resource.namespace === null)).toBe(true);
    // The rule that does not compile is the CRD's, which the cluster has accepted: not this repository's finding.
    expect(report.results.filter((f) => f.file.startsWith("cluster/"))).toEqual([]);
    expect(report.summary.notValidated).toBe(0);
    // The same CRD in the set is linted: then its rule that does not compile is reported there.
    const inSet = JSON.parse(k8slint(["k8s", "cluster", "-f", "json"], r.dir).stdout) as typeof report;
    expect(inSet.results.some((f) => f.file === "cluster/crds/widget-crd.yaml" && f.message.includes("does not compile"))).toBe(true);
  });

  it("a version the given CRD deprecates is reported at the custom resource's apiVersion, with the CRD's warning", () => {
    const deprecating = WIDGET_CRD.replace("    - name: v1\n", "    - name: v1beta1\n      served: true\n      storage: false\n      deprecated: true\n      deprecationWarning: use example.com/v1\n    - name: v1\n");
    const r = repo({ "k8s/widget.yaml": WIDGET.replace("example.com/v1", "example.com/v1beta1"), "cluster/widget-crd.yaml": deprecating });
    const report = JSON.parse(k8slint(["k8s", "--crds", "cluster", "-f", "json"], r.dir).stdout) as { results: Array<{ ruleId: string; line: number; message: string }> };
    expect(report.results.filter((f) => f.ruleId === "deprecated-api").map((f) => `${f.line} ${f.message}`)).toEqual([
      '1 example.com/v1beta1 Widget is deprecated by its CustomResourceDefinition widgets.example.com ("use example.com/v1"): use example.com/v1',
    ]);
  });

  it("the set's own CRD of the same group and kind is the one that applies", () => {
    const loose = WIDGET_CRD.replace(/ {16}color: .*\n/, "                color: {type: string}\n                shape: {type: string}\n").replace(/ {16}- rule: self\.replica > 0\n/, "");
    const r = repo({ "k8s/widget.yaml": WIDGET, "k8s/widget-crd.yaml": loose, "cluster/widget-crd.yaml": WIDGET_CRD });
    const report = JSON.parse(k8slint(["k8s", "--crds", "cluster", "-f", "json"], r.dir).stdout) as { results: Array<{ ruleId: string; message: string }> };
    const messages = report.results.filter((f) => ["schema", "crd-validation"].includes(f.ruleId)).map((f) => f.message);
    expect(messages).toEqual(["minReplicas must not exceed replicas (x-kubernetes-validations of CustomResourceDefinition widgets.example.com)"]);
  });

  it("config `crds:` paths are relative to the config file; objects there that are not CRDs are not used", () => {
    const r = repo({ "deploy/.k8slint.yaml": "crds: [../cluster/]\n", "deploy/k8s/widget.yaml": WIDGET, "cluster/widget-crd.yaml": WIDGET_CRD, "cluster/namespace.yaml": NAMESPACE });
    const run = k8slint(["k8s", "-f", "json"], r.path("deploy"));
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as { results: Array<{ ruleId: string; line: number }>; summary: { notices: string[] } };
    expect(report.results.filter((f) => f.ruleId === "schema").map((f) => f.line)).toEqual([9]);
    expect(report.summary.notices).toEqual([]);
    expect(run.stdout).not.toContain("beside-the-crds");
  });

  it("a --crds path that does not exist is a one-line error with exit 2, and the manifests are still linted", () => {
    const r = repo({ "k8s/widget.yaml": WIDGET, "k8s/widget-crd.yaml": WIDGET_CRD.replace(/ {16}- rule: self\.replica > 0\n/, "") });
    const run = k8slint(["k8s", "--crds", "no-such-dir"], r.dir);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("--crds");
    expect(run.stderr).toContain("no-such-dir");
    expect(run.stdout).toMatch(/^k8s\/widget\.yaml$/m);
    expect(run.stdout).toContain("minReplicas must not exceed replicas");
  });
});

describe("which --crds files are parsed", () => {
  const file = (text: string) => ({ text });
  const set = [{ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor" }, { apiVersion: "apps/v1", kind: "Deployment" }, { apiVersion: "v1", kind: "Pod" }];

  it("those that write a custom kind of the set, in any YAML or JSON style", () => {
    const named = [
      "spec:\n  names:\n    kind: ServiceMonitor\n    plural: servicemonitors\n",
      "spec:\n  names: {plural: servicemonitors, kind: ServiceMonitor}\n",
      "spec:\n  names:\n    kind: 'ServiceMonitor' # the kind\n",
      '{"spec": {"names": {"kind": "ServiceMonitor", "plural": "servicemonitors"}}}',
      "spec:\r\n  names:\r\n    kind: \"ServiceMonitor\"\r\n",
    ].map(file);
    expect(givenCrdFiles(named, set)).toEqual(named);
  });

  it("not those that only mention it, name another kind, or a built-in kind of the set", () => {
    const other = [
      "spec:\n  names:\n    kind: PodMonitor\n",
      "description: selects ServiceMonitors to scrape\n",
      "spec:\n  names:\n    kind: ServiceMonitorList\n",
      "spec:\n  names:\n    kind: Deployment\n",
      "kind: MyServiceMonitor\n",
    ].map(file);
    expect(givenCrdFiles(other, set)).toEqual([]);
    // A set without custom resources parses none.
    expect(givenCrdFiles([file("kind: ServiceMonitor\n")], set.slice(1))).toEqual([]);
  });
});

describe.skipIf(!fs.existsSync(PROM))("kube-prometheus with its CRDs given apart", () => {
  it("its ServiceMonitors, rules, Prometheus and Alertmanager are validated, with the findings of linting the CRDs in the set", () => {
    const r = repo({});
    // The manifests as a repository that installs the operator's CRDs apart: setup/ is not among them.
    fs.mkdirSync(r.path("k8s"));
    for (const f of fs.readdirSync(PROM).filter((f) => f.endsWith(".yaml"))) fs.copyFileSync(path.join(PROM, f), r.path(`k8s/${f}`));
    const given = lint({ paths: [r.path("k8s")], crds: [path.join(PROM, "setup")], cwd: r.dir });
    const without = lint({ paths: [r.path("k8s")], cwd: r.dir });
    const whole = lint({ paths: [PROM], cwd: PROM });
    expect(without.summary.notValidated).toBeGreaterThan(20);
    expect(given.summary.notValidated).toBe(0);
    const key = (r: LintResult) => r.findings.filter((f) => !f.file.startsWith("setup/")).map((f) => `${f.ruleId} ${path.basename(f.file)}:${f.line}:${f.column} ${f.message}`);
    expect(key(given)).toEqual(key(whole));
    // A typo in a ServiceMonitor is found only with the CRDs.
    fs.writeFileSync(r.path("k8s/alertmanager-serviceMonitor.yaml"), fs.readFileSync(r.path("k8s/alertmanager-serviceMonitor.yaml"), "utf8").replace("  - interval: 30s", "  - intervall: 30s"));
    const typo = lint({ paths: [r.path("k8s")], crds: [path.join(PROM, "setup")], cwd: r.dir });
    expect(byRule(typo, ["schema"])).toEqual(['schema alertmanager-serviceMonitor.yaml:14:5 unknown field "intervall" in spec.endpoints[0] (did you mean "interval"?)']);
  }, 120_000);
});
