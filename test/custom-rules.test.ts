import { afterAll, describe, expect, it } from "vitest";
import { resolveRun } from "../src/config/resolve-run.js";
import { ConfigError } from "../src/config/config-error.js";
import { lint } from "../src/lint.js";
import { formatContext } from "../src/report/context.js";
import { sarifFormatter } from "../src/report/sarif.js";
import { TempRepo, k8slint } from "./helpers/temp-repo.js";

const POLICY = String.raw`id: payments-container-limits
title: Payments containers are capped at 2Gi and come from our registry
severity: error
category: resources
message: breaks the payments container policy
remediation: Set resources.limits.memory to at most 2Gi and pull the image from registry.example.com/.
match:
  namespaces: [payments]
  target: container
schema:
  required: [image, resources]
  properties:
    image:
      type: string
      pattern: "^registry\\.example\\.com/"
    resources:
      required: [limits]
      properties:
        limits:
          required: [memory]
          properties:
            memory:
              maxQuantity: 2Gi
`;

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: payments
spec:
  template:
    spec:
      containers:
        - name: api
          image: docker.io/checkout:1.2
          resources:
            limits:
              memory: 4Gi
        - name: proxy
          image: registry.example.com/proxy:1.0
          resources:
            limits:
              memory: 2048Mi
        - name: bare
          image: registry.example.com/bare:1.0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: docker.io/web:1.0
---
apiVersion: v1
kind: Service
metadata:
  name: checkout
  namespace: payments
spec:
  ports: [{port: 80}]
`;

const repos: TempRepo[] = [];
const repo = (files: Record<string, string>) => {
  const r = new TempRepo(files, "k8slint-custom-");
  repos.push(r);
  return r;
};
afterAll(() => repos.forEach((r) => r.cleanup()));

function run(r: TempRepo) {
  const resolved = resolveRun({}, r.dir);
  return lint({ ...resolved.lintOptions, paths: ["k8s"], cwd: r.dir });
}

describe("custom rules as data", () => {
  it("report each failing field of each matching container at its line", () => {
    const r = repo({ ".k8slint.yaml": "customRules: [policies/]\n", "policies/payments.yaml": POLICY, "k8s/app.yaml": MANIFESTS });
    const found = run(r)
      .findings.filter((f) => f.ruleId === "payments-container-limits")
      .map((f) => `${f.line}:${f.column} ${f.severity} ${f.message}`);
    expect(found).toEqual([
      '11:11 error container "api" breaks the payments container policy: image must match the pattern ^registry\\.example\\.com/',
      '14:15 error container "api" breaks the payments container policy: resources.limits.memory must be at most 2Gi',
      '20:11 error container "bare" breaks the payments container policy: resources is required',
    ]);
  });

  it("are configured like built-in rules, and listed in SARIF's rules without a docs link", () => {
    const r = repo({
      ".k8slint.yaml": "customRules: [policies/payments.yaml]\nrules:\n  payments-container-limits: warning\n",
      "policies/payments.yaml": POLICY,
      "k8s/app.yaml": MANIFESTS,
    });
    const result = run(r);
    const mine = result.findings.filter((f) => f.ruleId === "payments-container-limits");
    expect(mine.map((f) => f.severity)).toEqual(["warning", "warning", "warning"]);
    const sarif = JSON.parse(sarifFormatter.format(formatContext(result), () => {})) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string; help: { text: string } }> } }; results: Array<{ ruleId: string; ruleIndex: number }> }>;
    };
    const rules = sarif.runs[0].tool.driver.rules;
    const entry = rules.find((x) => x.id === "payments-container-limits");
    expect(entry).toBeDefined();
    expect(entry?.helpUri).toBeUndefined();
    expect(entry?.help.text).toContain("registry.example.com/");
    const res = sarif.runs[0].results.filter((x) => x.ruleId === "payments-container-limits");
    expect(res).toHaveLength(3);
    for (const x of res) expect(rules[x.ruleIndex].id).toBe("payments-container-limits");
  });

  it("are listed by `k8slint rules` and described by `k8slint explain` (end to end)", () => {
    const r = repo({ ".k8slint.yaml": "customRules: [policies/]\n", "policies/payments.yaml": POLICY });
    const list = JSON.parse(k8slint(["rules", "--format", "json"], r.dir).stdout) as Array<{ id: string; customRuleFile?: string; helpUri: string | null; severity: string }>;
    const mine = list.find((x) => x.id === "payments-container-limits");
    expect(mine).toMatchObject({ customRuleFile: "policies/payments.yaml", helpUri: null, severity: "error" });
    const explain = k8slint(["explain", "payments-container-limits"], r.dir);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain("Set resources.limits.memory to at most 2Gi");
    expect(explain.stdout).toContain("Custom rule defined in policies/payments.yaml.");
    expect(k8slint(["explain", "payments-container-limits", "--no-config"], r.dir).status).toBe(2);
  });

  it("match objects by apiVersion and kind globs, pointing at the failing field", () => {
    const rule = `id: services-name-port
title: Service ports are named
message: has an unnamed port
remediation: Name every Service port (Istio and NetworkPolicies refer to ports by name).
match: {apiVersions: ["v1"], kinds: ["Serv*"]}
schema:
  properties:
    spec:
      properties:
        ports:
          items: {required: [name]}
`;
    const r = repo({ ".k8slint.yaml": "customRules: [rule.yaml]\n", "rule.yaml": rule, "k8s/app.yaml": MANIFESTS });
    const found = run(r).findings.filter((f) => f.ruleId === "services-name-port");
    expect(found.map((f) => [f.line, f.message])).toEqual([[41, "has an unnamed port: spec.ports[0].name is required"]]);
    expect(found[0].severity).toBe("warning");
  });

  it("name a key that could be a credential by its length, as the finding's path does", () => {
    const rule = `id: config-keys
title: ConfigMaps hold only the keys the app reads
message: holds a key the app does not read
remediation: Remove the key.
match: {kinds: [ConfigMap]}
schema:
  properties:
    data:
      additionalProperties: false
      properties: {LOG_LEVEL: {type: string}}
`;
    const config = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  LOG_LEVEL: info\n  Qx7vR2mK9pL4wZ8nB3cF: leftover\n  CACHE_SIZE: '64'\n";
    const r = repo({ ".k8slint.yaml": "customRules: [rule.yaml]\n", "rule.yaml": rule, "k8s/config.yaml": config });
    const found = run(r).findings.filter((f) => f.ruleId === "config-keys");
    expect(found.map((f) => [f.line, f.message, f.path])).toEqual([
      [6, 'holds a key the app does not read: data["<key of 20 characters>"] unknown key (expected one of: LOG_LEVEL)', 'data["<key of 20 characters>"]'],
      [7, "holds a key the app does not read: data.CACHE_SIZE unknown key (expected one of: LOG_LEVEL)", "data.CACHE_SIZE"],
    ]);
  });

  it("reject broken definitions with the file, line and key", () => {
    const bad = (text: string) => {
      const r = repo({ ".k8slint.yaml": "customRules: [rule.yaml]\n", "rule.yaml": text });
      try {
        resolveRun({}, r.dir);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error("expected a ConfigError");
    };
    const base = "title: t\nmessage: m\nremediation: r\n";
    expect(bad(`id: image-tag\n${base}schema: {}\n`)).toBe("rule.yaml:1:1: id: rule id image-tag is already defined");
    expect(bad(`id: x\n${base}`)).toMatch(/^rule\.yaml:1:1: schema: is required$/);
    expect(bad(`id: x\n${base}schema:\n  propertes: {}\n`)).toMatch(/^rule\.yaml:5:1: schema: invalid JSON Schema: strict mode: unknown keyword: "propertes"/);
    expect(bad(`id: x\n${base}match: {target: pod}\nschema: {}\n`)).toMatch(/^rule\.yaml:5:\d+: match\.target: must be one of: object, workload, podSpec, container$/);
    expect(bad(`id: x\n${base}schema: {properties: {memory: {maxQuantity: lots}}}\n`)).toMatch(/^rule\.yaml:5:1: schema: invalid JSON Schema/);
    const missing = repo({ ".k8slint.yaml": "customRules: [nope/]\n" });
    expect(() => resolveRun({}, missing.dir)).toThrow(/customRules: nope\/: no such file or directory/);
  });
});
