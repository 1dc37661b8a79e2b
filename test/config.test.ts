import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileGlobs } from "../src/config/glob.js";
import { closestId, closestName } from "../src/engine/closest-id.js";
import { compareQuantities, parseQuantity } from "../src/model/quantity.js";
import { findConfigFile, loadConfigFile } from "../src/config/load-config.js";
import { resolveRun } from "../src/config/resolve-run.js";
import { ConfigError } from "../src/config/config-error.js";
import { lint } from "../src/lint.js";
import { configuredRuleSettings } from "../src/engine/rule-settings.js";
import { defineRule, type Rule } from "../src/engine/rule.js";

const tmpRoots: string[] = [];
function tmpRepo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-config-"));
  tmpRoots.push(dir);
  fs.mkdirSync(path.join(dir, ".git"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
afterAll(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:latest
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
`;

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("gitignore-style globs", () => {
  it("matches names at any depth without a slash, anchored paths with one", () => {
    const m = compileGlobs(["*.generated.yaml", "legacy/", "/top.yaml", "charts/**/values.yaml"]);
    expect(m.matches("a/b/x.generated.yaml")).toBe(true);
    expect(m.matches("x.yaml")).toBe(false);
    expect(m.matches("k8s/legacy/app.yaml")).toBe(true);
    expect(m.matches("k8s/legacy", false)).toBe(false);
    expect(m.matches("top.yaml")).toBe(true);
    expect(m.matches("k8s/top.yaml")).toBe(false);
    expect(m.matches("charts/values.yaml")).toBe(true);
    expect(m.matches("charts/a/b/values.yaml")).toBe(true);
  });
  it("lets a later negation re-include a file", () => {
    const m = compileGlobs(["generated/**", "!generated/keep.yaml"]);
    expect(m.matches("generated/x.yaml")).toBe(true);
    expect(m.matches("generated/keep.yaml")).toBe(false);
  });
});

describe("closest id", () => {
  it("suggests near misspellings and parts of ids, nothing for unrelated words", () => {
    const ids = ["image-tag", "resource-limits", "run-as-non-root"];
    expect(closestId("image-tags", ids)).toBe("image-tag");
    expect(closestId("run-as-nonroot", ids)).toBe("run-as-non-root");
    expect(closestId("limits", ids)).toBe("resource-limits");
    expect(closestId("zookeeper", ids)).toBeUndefined();
  });

  it("suggests an object name only for a slip of a character or two, never another member of its family", () => {
    expect(closestName("app-confg", ["app-config", "app-secrets"])).toBe("app-config");
    expect(closestName("caracal-metrics-tls", ["caracal-metrics-auth"])).toBeUndefined();
    expect(closestName("web", ["web-config", "web-tls"])).toBeUndefined();
    expect(closestName("db", ["dc"])).toBeUndefined();
  });
});

describe("quantities", () => {
  it("reads binary, decimal and exponent suffixes", () => {
    expect(parseQuantity("2Gi")).toBe(2 * 1024 ** 3);
    expect(parseQuantity("500m")).toBeCloseTo(0.5);
    expect(parseQuantity("1.5G")).toBe(1.5e9);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("2E")).toBe(2e18);
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity("2 Gi")).toBeUndefined();
    expect(parseQuantity("lots")).toBeUndefined();
  });
  it("compares across units", () => {
    expect(compareQuantities("2048Mi", "2Gi")).toBe(0);
    expect(compareQuantities("3Gi", "2Gi")).toBe(1);
    expect(compareQuantities("100m", "0.1")).toBe(0);
    expect(compareQuantities("2G", "2Gi")).toBe(-1);
    expect(compareQuantities("x", "2Gi")).toBeUndefined();
  });
});

describe("config file", () => {
  it("is found walking up from the working directory, not past the repository top", () => {
    const repo = tmpRepo({ ".k8slint.yml": "failOn: warning\n", "k8s/apps/x.yaml": DEPLOYMENT });
    expect(findConfigFile(path.join(repo, "k8s/apps"))).toBe(path.join(repo, ".k8slint.yml"));
    const other = tmpRepo({ "k8s/x.yaml": DEPLOYMENT });
    expect(findConfigFile(path.join(other, "k8s"))).toBeUndefined();
  });

  it("rejects mistakes with one line naming the key and its position", () => {
    const repo = tmpRepo({
      "unknown-rule.yaml": "rules:\n  image-tags: off\n",
      "bad-severity.yaml": "rules:\n  image-tag: fatal\n",
      "unknown-key.yaml": "rule:\n  image-tag: off\n",
      "number-version.yaml": "kubeVersion: 1.30\n",
      "bad-option.yaml": "rules:\n  resource-limits:\n    options:\n      cpus: false\n",
      "option-type.yaml": "rules:\n  resource-limits:\n    options:\n      cpu: 'no'\n",
      "no-options.yaml": "rules:\n  image-tag: {options: {strict: true}}\n",
      "bad-external.yaml": "external: [db-secret]\n",
      "override-options.yaml": "overrides:\n  - files: ['jobs/**']\n    rules:\n      resource-limits: {options: {cpu: false}}\n",
      "syntax.yaml": "rules: [\n",
      "alias-bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    });
    const msg = (f: string) => configError(() => resolveRun({ config: path.join(repo, f) }, repo));
    expect(msg("unknown-rule.yaml")).toBe("unknown-rule.yaml:2:3: rules.image-tags: unknown rule (did you mean image-tag?)");
    expect(msg("bad-severity.yaml")).toBe("bad-severity.yaml:2:3: rules.image-tag: must be one of: off, info, warning, warn, error");
    expect(msg("unknown-key.yaml")).toMatch(/^unknown-key\.yaml:1:1: rule: unknown key \(did you mean rules\?\)$/);
    expect(msg("number-version.yaml")).toMatch(/^number-version\.yaml:1:1: kubeVersion: must be a quoted string/);
    expect(msg("bad-option.yaml")).toBe("bad-option.yaml:4:7: rules.resource-limits.options.cpus: unknown option (did you mean cpu?)");
    expect(msg("no-options.yaml")).toBe("no-options.yaml:2:25: rules.image-tag.options.strict: unknown option (image-tag has no options)");
    expect(msg("option-type.yaml")).toBe("option-type.yaml:4:7: rules.resource-limits.options.cpu: must be a boolean");
    expect(msg("bad-external.yaml")).toMatch(/^bad-external\.yaml:1:\d+: external\[0\]: must match the pattern/);
    expect(msg("override-options.yaml")).toMatch(/overrides\[0\]\.rules\.resource-limits\.options: options are set per rule in the top-level rules:/);
    expect(msg("syntax.yaml")).toMatch(/^syntax\.yaml:\d+:\d+: /);
    expect(msg("alias-bomb.yaml")).toBe("alias-bomb.yaml:1:1: the document expands more than 100 aliases; write it out");
    for (const f of ["unknown-rule.yaml", "bad-severity.yaml", "syntax.yaml"]) expect(msg(f)).not.toContain("\n");
  });

  it("reports unknown ids on the command line with the closest one", () => {
    const repo = tmpRepo({});
    expect(configError(() => resolveRun({ config: false, disable: ["imagetag"] }, repo))).toBe("--disable imagetag: unknown rule (did you mean image-tag?)");
    expect(configError(() => resolveRun({ config: false, rule: ["image-tag=fatal"] }, repo))).toMatch(/^--rule image-tag=fatal: expected id=severity/);
    expect(configError(() => resolveRun({ config: false, enable: ["run-as-nonroot"] }, repo))).toMatch(/did you mean run-as-non-root\?/);
  });

  it("sets severities and options, and the command line wins", () => {
    const repo = tmpRepo({
      ".k8slint.yaml": "rules:\n  image-tag: error\n  resource-limits: {options: {cpu: false}}\n  readiness-probe: off\nfailOn: warning\nnamespace: shop\n",
      "k8s/api.yaml": DEPLOYMENT,
    });
    const run = resolveRun({}, repo);
    expect(run.failOn).toBe("warning");
    const result = lint({ ...run.lintOptions, paths: ["k8s"], cwd: repo });
    const ids = result.findings.map((f) => f.ruleId);
    expect(result.findings.find((f) => f.ruleId === "image-tag")?.severity).toBe("error");
    expect(ids).not.toContain("readiness-probe");
    expect(ids).not.toContain("resource-limits");
    expect(result.findings[0].resource?.namespace).toBe("shop");

    const cli = resolveRun({ rule: ["image-tag=info"], enable: ["readiness-probe"], failOn: "error", namespace: "web" }, repo);
    expect(cli.failOn).toBe("error");
    const r2 = lint({ ...cli.lintOptions, paths: ["k8s"], cwd: repo });
    expect(r2.findings.find((f) => f.ruleId === "image-tag")?.severity).toBe("info");
    expect(r2.findings.map((f) => f.ruleId)).toContain("readiness-probe");
    expect(r2.findings[0].resource?.namespace).toBe("web");
    const r3 = lint({ ...resolveRun({ disable: ["image-tag,liveness-probe"] }, repo).lintOptions, paths: ["k8s"], cwd: repo });
    expect(r3.findings.map((f) => f.ruleId)).not.toContain("image-tag");
    expect(r3.findings.map((f) => f.ruleId)).not.toContain("liveness-probe");
  });

  it("applies overrides to the files their globs match, relative to the config file", () => {
    const repo = tmpRepo({
      ".k8slint.yaml": "rules:\n  image-tag: warning\noverrides:\n  - files: ['jobs/**']\n    rules: {image-tag: off, liveness-probe: info}\n",
      "apps/api.yaml": DEPLOYMENT,
      "jobs/api.yaml": DEPLOYMENT.replace("name: api\nspec", "name: job\nspec"),
    });
    // Run from a subdirectory: display paths are relative to it, globs to the config file.
    const cwd = path.join(repo, "apps");
    const result = lint({ ...resolveRun({}, cwd).lintOptions, paths: [".", "../jobs"], cwd });
    const at = (file: string, id: string) => result.findings.filter((f) => f.file === file && f.ruleId === id);
    expect(at("api.yaml", "image-tag")).toHaveLength(1);
    expect(at("../jobs/api.yaml", "image-tag")).toHaveLength(0);
    expect(at("../jobs/api.yaml", "liveness-probe")[0]?.severity).toBe("info");
    expect(at("api.yaml", "liveness-probe")[0]?.severity).toBe("warning");
  });

  it("ignores what ignore: and .k8slintignore say, directories included", () => {
    const repo = tmpRepo({
      ".k8slint.yaml": "ignore: ['generated/']\n",
      ".k8slintignore": "# vendored\n*.vendor.yaml\n",
      "k8s/api.yaml": DEPLOYMENT,
      "k8s/generated/x.yaml": DEPLOYMENT,
      "k8s/ingress.vendor.yaml": DEPLOYMENT,
    });
    const result = lint({ ...resolveRun({}, repo).lintOptions, paths: ["k8s"], cwd: repo });
    expect(result.summary.files).toBe(1);
    expect(new Set(result.findings.map((f) => f.file))).toEqual(new Set(["k8s/api.yaml"]));
    const all = lint({ ...resolveRun({ config: false }, repo).lintOptions, paths: ["k8s"], cwd: repo });
    expect(all.summary.files).toBe(2); // .k8slintignore in the working directory still applies without a config
  });

  it("takes kubeVersion and external from the file, adding --external to them", () => {
    const repo = tmpRepo({ ".k8slint.yaml": 'kubeVersion: "v1.29"\nexternal: [Secret/shop/db]\n' });
    const run = resolveRun({ external: ["ConfigMap/shop/x"] }, repo);
    expect(run.lintOptions.kubeVersion).toBe("1.29");
    expect(run.lintOptions.external).toEqual(["Secret/shop/db", "ConfigMap/shop/x"]);
    expect(loadConfigFile(path.join(repo, ".k8slint.yaml"), repo).config.external).toEqual(["Secret/shop/db"]);
  });
});

describe("configured rule settings", () => {
  const rule = (id: string, optIn = false): Rule =>
    defineRule({
      meta: { id, title: id, category: "best-practice", severity: "warning", description: id, rationale: id, remediation: id, references: {}, optIn, options: { limit: { type: "number", default: 3, description: "n" } } },
      check() {},
    });
  const inJobs = (file: string) => file.startsWith("jobs/");

  it("keeps opt-in rules off until the config, an override or --enable turns them on", () => {
    const extra = rule("extra", true);
    const base = configuredRuleSettings({ optIn: new Set(["extra"]) });
    expect(base.enabled(extra)).toBe(false);
    const byOverride = configuredRuleSettings({ optIn: new Set(["extra"]), overrides: [{ matches: inJobs, rules: { extra: { severity: "error" } } }] });
    expect(byOverride.enabled(extra)).toBe(true);
    expect(byOverride.severityFor("extra", "jobs/a.yaml")).toBe("error");
    expect(byOverride.severityFor("extra", "apps/a.yaml")).toBe("off");
    const byFlag = configuredRuleSettings({ optIn: new Set(["extra"]), enable: new Set(["extra"]) });
    expect(byFlag.enabled(extra)).toBe(true);
    expect(byFlag.severityFor("extra", "apps/a.yaml")).toBeUndefined();
  });

  it("lets the last matching override win over the top level, and flags win over both", () => {
    const s = configuredRuleSettings({
      rules: { r: { severity: "error", options: { limit: 5 } } },
      overrides: [
        { matches: inJobs, rules: { r: { severity: "info" } } },
        { matches: (f) => f.endsWith("/cron.yaml"), rules: { r: { severity: "off" } } },
      ],
    });
    expect(s.severityFor("r", "apps/a.yaml")).toBe("error");
    expect(s.severityFor("r", "jobs/a.yaml")).toBe("info");
    expect(s.severityFor("r", "jobs/cron.yaml")).toBe("off");
    expect(s.optionsFor(rule("r"))).toEqual({ limit: 5 });
    expect(s.optionsFor(rule("other"))).toEqual({ limit: 3 });
    const flagged = configuredRuleSettings({ rules: { r: { severity: "off" } }, cli: { r: "warning" } });
    expect(flagged.enabled(rule("r"))).toBe(true);
    expect(flagged.severityFor("r", "jobs/a.yaml")).toBe("warning");
    expect(configuredRuleSettings({ cli: { r: "off" } }).enabled(rule("r"))).toBe(false);
  });
});
