import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { lint, lintAsync, type LintResult } from "../src/lint.js";
import type { Finding } from "../src/engine/finding.js";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { summarizeKustomizeError } from "../src/render/kustomize-error.js";
import { firstMeaningfulLine, runToolAsync, runTools, type ToolJob } from "../src/render/tool.js";
import { formatContext } from "../src/report/context.js";
import { textFormatter } from "../src/report/text.js";
import { CORPUS, ROOT, hasCorpus } from "./helpers/fixtures.js";
import { testTree as tree } from "./helpers/temp-dir.js";
import { renderTree } from "./helpers/render-tree.js";
import { parseLabelSelectorText } from "../src/render/label-selector-text.js";

// Real `kubectl kustomize` (or `kustomize build`) runs over fixtures/kustomize/shop: a base, two overlays
// (staging: namePrefix and a replicas patch; production: namePrefix, a patch that allows privilege
// escalation, a configMapGenerator merge and an image tag override) and a root that does not build.

const SHOP = "fixtures/kustomize/shop";
const tool = findKustomizeTool();
if (!tool) console.warn("kustomize tests SKIPPED: neither kubectl nor kustomize is installed");
const withTool = describe.skipIf(!tool);

/** 1-based line of the first line of a fixture file containing the text (so tests follow fixture edits). */
function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(text));
  if (i === -1) throw new Error(`${file} has no line with ${text}`);
  return i + 1;
}

function columnOf(file: string, text: string): number {
  const line = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n")[lineOf(file, text) - 1];
  return line.indexOf(text) + 1;
}

const of = (r: LintResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId);
const key = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`;

withTool("Kustomize overlays", () => {
  let result: LintResult;
  beforeAll(() => {
    result = lint({ paths: [SHOP], cwd: ROOT });
  });

  it("gives the same result from lintAsync, whose builds run as child processes parsed as each ends (a failing root included)", async () => {
    const r = await lintAsync({ paths: [SHOP], cwd: ROOT });
    const same = (x: LintResult) => ({ ...x, stats: [], attachFixes: undefined });
    expect(r.findings.some((f) => f.ruleId === "kustomize-build")).toBe(true);
    expect(JSON.stringify(same(r))).toBe(JSON.stringify(same(result)));
  });

  it("points a violation that a patch introduces in one overlay at the patch line, for that overlay only", () => {
    const patch = `${SHOP}/overlays/production/debug-patch.yaml`;
    const found = of(result, "allow-privilege-escalation").filter((f) => f.resource?.kind === "Deployment");
    expect(found.map((f) => [f.file, f.line, f.column])).toEqual([[patch, lineOf(patch, "allowPrivilegeEscalation: true"), columnOf(patch, "allowPrivilegeEscalation")]]);
    expect(found[0].units).toEqual([`kustomize ${SHOP}/overlays/production`]);
    expect(found[0].resource).toMatchObject({ kind: "Deployment", name: "prod-web", namespace: "shop" });
  });

  it("reports a base finding once, at the base line, naming every overlay that renders it", () => {
    const base = `${SHOP}/base/deployment.yaml`;
    const found = of(result, "liveness-probe");
    expect(found.map((f) => [f.file, f.line, f.message])).toEqual([[base, lineOf(base, "- name: web"), 'container "web" has no liveness probe']]);
    expect([...(found[0].units ?? [])].sort()).toEqual([`kustomize ${SHOP}/overlays/production`, `kustomize ${SHOP}/overlays/staging`]);
    const text = textFormatter.format(formatContext(result), () => {});
    expect(text).toContain('container "web" has no liveness probe (in 2 overlays: production, staging)');
  });

  it("does not lint a base again on its own when overlays in the run build on it, nor any file twice", () => {
    expect(result.findings.filter((f) => f.units?.includes(`kustomize ${SHOP}/base`))).toEqual([]);
    const keys = result.findings.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    // The overlays' objects are rendered: the base's files are not also linted raw (no unprefixed Deployment "web").
    expect(result.findings.filter((f) => f.resource?.name === "web")).toEqual([]);
  });

  it("points a tag set by the overlay's images: transformer at that entry", () => {
    const k = `${SHOP}/overlays/production/kustomization.yaml`;
    const found = of(result, "image-tag");
    expect(found.map((f) => [f.file, f.line])).toEqual([[k, lineOf(k, "newTag: latest")]]);
  });

  it("reports a failed build at the entry kustomize names, and lints the root's resource files as plain files", () => {
    const k = `${SHOP}/broken/kustomization.yaml`;
    const found = of(result, "kustomize-build");
    expect(found.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([[k, lineOf(k, "- secrets.yaml"), columnOf(k, "secrets.yaml"), "error"]]);
    expect(found[0].message).toMatch(/failed: resource 'secrets\.yaml' does not exist$/);
    // Fallback: the Job is linted as written; its patch (a fragment) is skipped, not reported as an incomplete Job.
    expect(of(result, "run-as-non-root").filter((f) => f.file === `${SHOP}/broken/job.yaml`)).toHaveLength(1);
    expect(result.findings.filter((f) => f.file.endsWith("job-patch.yaml"))).toEqual([]);
    expect(result.summary.skipped.map((s) => s.file)).toEqual([`${SHOP}/broken/job-patch.yaml`]);
  });

  it("maps a generated ConfigMap to its generator, and a merged key to the overlay literal that sets it", () => {
    const out = renderTree(ROOT, [`${SHOP}/overlays/production`]);
    expect(out.problems).toEqual([]);
    expect(out.units).toHaveLength(1);
    const cm = out.units[0].sources.find((s) => s.object.kind === "ConfigMap");
    expect(cm?.object.metadata?.name).toMatch(/^prod-web-config-/);
    // The origin annotation is kustomize's bookkeeping for us: rules never see it.
    expect(cm?.object.metadata?.annotations).toBeUndefined();
    const baseK = `${SHOP}/base/kustomization.yaml`;
    const prodK = `${SHOP}/overlays/production/kustomization.yaml`;
    expect(cm!.locator.range(["metadata", "name"])).toMatchObject({ file: baseK, line: lineOf(baseK, "- name: web-config") });
    expect(cm!.locator.range(["data", "LOG_LEVEL"])).toMatchObject({ file: prodK, line: lineOf(prodK, "LOG_LEVEL=warn") });
    expect(cm!.locator.range(["metadata", "namespace"])).toMatchObject({ file: prodK, line: lineOf(prodK, "namespace: shop") });
    const deploy = out.units[0].sources.find((s) => s.object.kind === "Deployment")!;
    const base = `${SHOP}/base/deployment.yaml`;
    // Fields written in the base resolve there; the name transformed by namePrefix too.
    expect(deploy.locator.range(["spec", "template", "spec", "containers", 0, "resources", "limits", "memory"])).toMatchObject({ file: base, line: lineOf(base, "memory: 256Mi") });
    expect(deploy.locator.range(["metadata", "name"])).toMatchObject({ file: base, line: lineOf(base, "name: web") });
    // Values the overlay's transformers set point at their entries.
    expect(deploy.locator.range(["spec", "template", "metadata", "labels", "tier"])).toMatchObject({ file: prodK, line: lineOf(prodK, "tier: production") });
    expect(deploy.locator.range(["spec", "replicas"])).toMatchObject({ file: prodK, line: lineOf(prodK, "count: 4") });
    // A label written in the base stays there.
    expect(deploy.locator.range(["spec", "template", "metadata", "labels", "app"])).toMatchObject({ file: base, line: lineOf(base, "        app: web") });
  });

  it("lints plain files with the rendered objects as context, reporting only on the plain ones", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-context-"));
    try {
      fs.writeFileSync(path.join(dir, "kustomization.yaml"), "resources:\n  - app.yaml\n");
      fs.copyFileSync(path.join(ROOT, SHOP, "base/deployment.yaml"), path.join(dir, "app.yaml"));
      fs.writeFileSync(
        path.join(dir, "hpa.yaml"),
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 4\n",
      );
      const r = lint({ paths: [dir], cwd: dir });
      // The HPA (not in the kustomization) scales the kustomization's Deployment: no missing reference.
      expect(r.findings.filter((f) => f.ruleId === "missing-reference" && f.resource?.kind === "HorizontalPodAutoscaler")).toEqual([]);
      // The Deployment's findings come once, from its kustomization.
      expect(of(r, "liveness-probe").map((f) => [f.message, f.units])).toEqual([['container "web" has no liveness probe', [`kustomize ${path.basename(dir)}`]]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("points fields set by a JSON 6902 patch at its value, and by an inline patch at its line in the kustomization", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-patches-"));
    try {
      fs.mkdirSync(path.join(dir, "base"));
      fs.mkdirSync(path.join(dir, "overlay"));
      fs.copyFileSync(path.join(ROOT, SHOP, "base/deployment.yaml"), path.join(dir, "base/deployment.yaml"));
      fs.writeFileSync(path.join(dir, "base/kustomization.yaml"), "resources:\n  - deployment.yaml\n");
      const kustomization = [
        "resources:",
        "  - ../base",
        "patches:",
        "  - path: ops.yaml",
        "    target:",
        "      kind: Deployment",
        "      name: web",
        "  - patch: |-",
        "      apiVersion: apps/v1",
        "      kind: Deployment",
        "      metadata:",
        "        name: web",
        "      spec:",
        "        template:",
        "          spec:",
        "            hostNetwork: true",
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "overlay/kustomization.yaml"), kustomization);
      const ops = "- op: replace\n  path: /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem\n  value: false\n";
      fs.writeFileSync(path.join(dir, "overlay/ops.yaml"), ops);
      // Naming the kustomization file lints what it builds.
      const r = lint({ paths: ["overlay/kustomization.yaml"], cwd: dir });
      expect(of(r, "read-only-root-filesystem").map((f) => [f.file, f.line, f.column])).toEqual([["overlay/ops.yaml", 3, 3]]);
      const hostNet = kustomization.split("\n").findIndex((l) => l.includes("hostNetwork")) + 1;
      expect(of(r, "host-namespaces").map((f) => [f.file, f.line, f.column])).toEqual([["overlay/kustomization.yaml", hostNet, 13]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("grades an overlay that fails only because a base of the run fails as info: the base's error is the one to fix", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-basefail-"));
    try {
      for (const d of ["base", "overlays/dev", "overlays/prod"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
      fs.copyFileSync(path.join(ROOT, SHOP, "base/deployment.yaml"), path.join(dir, "base/deployment.yaml"));
      fs.writeFileSync(path.join(dir, "base/kustomization.yaml"), "resources:\n  - deployment.yaml\n  - missing.yaml\n");
      for (const o of ["dev", "prod"]) fs.writeFileSync(path.join(dir, "overlays", o, "kustomization.yaml"), `resources:\n  - ../../base\nnamePrefix: ${o}-\n`);
      const all = lint({ paths: [dir], cwd: dir });
      expect(of(all, "kustomize-build").map((f) => `${f.file}:${f.line} ${f.severity} ${f.message}`)).toEqual([
        "base/kustomization.yaml:3 error kubectl kustomize failed: resource 'missing.yaml' does not exist",
        "overlays/dev/kustomization.yaml:2 info kubectl kustomize failed: '../../base' does not build: resource 'missing.yaml' does not exist",
        "overlays/prod/kustomization.yaml:2 info kubectl kustomize failed: '../../base' does not build: resource 'missing.yaml' does not exist",
      ]);
      // Linted without its base, an overlay's failure is the only report of the cause: an error.
      const alone = lint({ paths: [path.join(dir, "overlays/dev")], cwd: dir });
      expect(of(alone, "kustomize-build").map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(["overlays/dev/kustomization.yaml:2 error"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("falls back to the nearest root that builds when an overlay of an overlay fails, and not further", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-chain-"));
    try {
      for (const d of ["base", "mid", "top"]) fs.mkdirSync(path.join(dir, d));
      fs.copyFileSync(path.join(ROOT, SHOP, "base/deployment.yaml"), path.join(dir, "base/deployment.yaml"));
      fs.writeFileSync(path.join(dir, "base/kustomization.yaml"), "resources:\n  - deployment.yaml\n");
      fs.writeFileSync(path.join(dir, "mid/kustomization.yaml"), "namePrefix: mid-\nresources:\n  - ../base\n");
      fs.writeFileSync(path.join(dir, "top/kustomization.yaml"), "resources:\n  - ../mid\n  - missing.yaml\n");
      const r = lint({ paths: [dir], cwd: dir });
      expect(of(r, "kustomize-build").map((f) => f.file)).toEqual(["top/kustomization.yaml"]);
      expect(of(r, "liveness-probe").map((f) => `${f.resource?.name} ${f.message} ${f.units}`)).toEqual(['mid-web container "web" has no liveness probe kustomize mid']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("parses an object that several overlays print alike once, each overlay mapping it to its own files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-shared-"));
    try {
      fs.cpSync(path.join(ROOT, SHOP, "base"), path.join(dir, "base"), { recursive: true });
      for (const d of ["one", "two"]) fs.mkdirSync(path.join(dir, d));
      fs.writeFileSync(path.join(dir, "one/kustomization.yaml"), "resources:\n  - ../base\n");
      fs.writeFileSync(path.join(dir, "two/kustomization.yaml"), "resources:\n  - ../base\npatches:\n  - path: replicas.yaml\n");
      fs.writeFileSync(path.join(dir, "two/replicas.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n");
      const out = renderTree(dir, [dir]);
      expect(out.units.map((u) => u.label).sort()).toEqual(["kustomize one", "kustomize two"]);
      const [one, two] = ["kustomize one", "kustomize two"].map((l) => out.units.find((u) => u.label === l)!);
      const find = (u: typeof one, kind: string) => u.sources.find((s) => s.object.kind === kind)!;
      // The Service prints alike in both builds: one object; each unit has its own locator into the base.
      expect(find(one, "Service").object).toBe(find(two, "Service").object);
      expect(find(one, "ConfigMap").object).toBe(find(two, "ConfigMap").object);
      for (const u of [one, two]) expect(find(u, "Service").locator.range(["metadata", "name"])).toMatchObject({ file: "base/service.yaml", line: 4 });
      expect(find(one, "Service").object.metadata?.annotations).toBeUndefined();
      // The patched Deployment differs, and points its replicas at the patch.
      expect(find(one, "Deployment").object).not.toBe(find(two, "Deployment").object);
      expect(find(two, "Deployment").locator.range(["spec", "replicas"])).toMatchObject({ file: "two/replicas.yaml", line: 6 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("honours a disable comment written in the patch a finding points into", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-comment-"));
    try {
      fs.cpSync(path.join(ROOT, SHOP, "base"), path.join(dir, "base"), { recursive: true });
      fs.mkdirSync(path.join(dir, "debug"));
      fs.writeFileSync(path.join(dir, "debug/kustomization.yaml"), "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n");
      const patch = fs.readFileSync(path.join(ROOT, SHOP, "overlays/production/debug-patch.yaml"), "utf8");
      fs.writeFileSync(
        path.join(dir, "debug/patch.yaml"),
        patch.replace("            allowPrivilegeEscalation: true", "            # k8slint-disable-next-line allow-privilege-escalation -- debugger attaches with ptrace in this build\n            allowPrivilegeEscalation: true"),
      );
      const r = lint({ paths: [dir], cwd: dir });
      const found = of(r, "allow-privilege-escalation").filter((f) => f.resource?.kind === "Deployment");
      expect(found.map((f) => [f.file, f.suppressed, f.justification])).toEqual([["debug/patch.yaml", true, "debugger attaches with ptrace in this build"]]);
      expect(of(r, "unused-justification")).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a build that hangs as a failed build, within the time bound", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-hang-"));
    try {
      const bin = path.join(dir, "kustomize");
      fs.writeFileSync(bin, `#!${process.execPath}\nsetTimeout(() => {}, 30000);\n`, { mode: 0o755 });
      fs.mkdirSync(path.join(dir, "app"));
      fs.writeFileSync(path.join(dir, "app/kustomization.yaml"), "resources:\n  - pod.yaml\n");
      fs.writeFileSync(path.join(dir, "app/pod.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
      const started = Date.now();
      const r = lint({ paths: [path.join(dir, "app")], cwd: dir, render: { kustomizeBin: bin, renderTimeoutMs: 500 } });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(of(r, "kustomize-build").map((f) => f.message)).toEqual(["kustomize build failed: kustomize did not finish within 1s"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Kustomize without the tool", () => {
  it("says once that roots were not rendered, lints the plain files, and skips patches", () => {
    const r = lint({ paths: [SHOP], cwd: ROOT, render: { kustomizeBin: path.join(os.tmpdir(), "no-such-dir", "kubectl") } });
    expect(r.notices.filter((n) => n.includes("Kustomize root"))).toHaveLength(1);
    expect(r.notices.find((n) => n.includes("Kustomize root"))).toMatch(/not found: 4 Kustomize roots linted as plain files, not rendered/);
    expect(of(r, "kustomize-build")).toEqual([]);
    // The base Deployment is linted as written, once, unprefixed.
    expect(of(r, "liveness-probe").map((f) => `${f.file} ${f.resource?.name} ${f.message}`)).toEqual([`${SHOP}/base/deployment.yaml web container "web" has no liveness probe`]);
    expect(r.summary.skipped.map((s) => s.file).sort()).toEqual(
      [`${SHOP}/broken/job-patch.yaml`, `${SHOP}/overlays/production/debug-patch.yaml`, `${SHOP}/overlays/staging/replicas-patch.yaml`].sort(),
    );
  });

  it("bin/k8slint with neither kubectl nor kustomize on PATH: one notice, plain files linted, the usual exit code", () => {
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-empty-path-"));
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, "bin/k8slint"), "-f", "json", SHOP], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: emptyPath }, timeout: 60_000 });
      const report = JSON.parse(r.stdout) as { results: Finding[]; summary: { notices: string[] } };
      expect(r.status).toBe(1);
      expect(report.summary.notices.filter((n) => n.includes("Kustomize root"))).toEqual([
        "neither kubectl nor kustomize is installed: 4 Kustomize roots linted as plain files, not rendered (install kubectl or pass --kustomize-bin)",
      ]);
      expect(report.results.filter((f) => f.ruleId === "liveness-probe").map((f) => f.file)).toEqual([`${SHOP}/base/deployment.yaml`]);
    } finally {
      fs.rmSync(emptyPath, { recursive: true, force: true });
    }
  });

  it("renders nothing with render: false (--no-render), without a notice", () => {
    const r = lint({ paths: [SHOP], cwd: ROOT, render: { render: false } });
    expect(r.notices.filter((n) => n.includes("Kustomize"))).toEqual([]);
    expect(r.findings.some((f) => f.units !== undefined)).toBe(false);
  });
});

withTool("Kustomize roots with a remote base", () => {
  it("are not built unless allowed: an info notice at the entry, and the local files linted", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-remote-"));
    try {
      fs.writeFileSync(path.join(dir, "kustomization.yaml"), "resources:\n  - https://git.invalid/example/app//base?ref=v1\n  - settings.yaml\n");
      fs.writeFileSync(path.join(dir, "settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
      const offline = lint({ paths: [dir], cwd: dir, render: { renderTimeoutMs: 10_000 } });
      expect(of(offline, "kustomize-build").map((f) => `${f.line}:${f.column} ${f.severity}`)).toEqual(["2:5 info"]);
      expect(offline.summary.resources).toBe(1);
      // Allowed, the build runs; when the base cannot be fetched (offline CI) that is a notice, not a fault.
      const r = lint({ paths: [dir], cwd: dir, render: { renderTimeoutMs: 10_000, allowRemoteBases: true } });
      expect(of(r, "kustomize-build")).toEqual([]);
      expect(r.notices.filter((n) => n.includes("remote base"))).toHaveLength(1);
      expect(r.summary.resources).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("concurrent builds (runTools)", () => {
  const jobs: ToolJob[] = [
    { bin: process.execPath, args: ["-e", "setTimeout(() => process.stdout.write('one'), 300)"] },
    { bin: process.execPath, args: ["-e", "setTimeout(() => process.stdout.write('two'), 300)"] },
    { bin: process.execPath, args: ["-e", "process.stderr.write('Error: broken build\\n'); process.exit(3)"] },
    { bin: process.execPath, args: ["-e", "setTimeout(() => {}, 30000)"], timeoutMs: 500 },
    { bin: path.join(os.tmpdir(), "no-such-dir", "kustomize"), args: ["build", "."] },
  ];
  const outcomes = [
    "ok one",
    "ok two",
    "failed broken build",
    "timeout node did not finish within 1s",
    `missing ${path.join(os.tmpdir(), "no-such-dir", "kustomize")}: not found or not executable`,
  ];
  const outcome = (r: ReturnType<typeof runTools>[number]) => (r.ok ? `ok ${r.stdout}` : `${r.reason} ${r.message}`);

  it("runs jobs concurrently with their own results, time bounds and missing executables", () => {
    const started = Date.now();
    const runs = runTools(jobs, 4);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(runs.map(outcome)).toEqual(outcomes);
  });

  it("runs a job without blocking (lintAsync) with the same outcomes and messages", async () => {
    const runs = await Promise.all(jobs.map((j) => runToolAsync(j.bin, j.args, j)));
    expect(runs.map(outcome)).toEqual(outcomes);
  });
});

describe("tool error output", () => {
  it("keeps the message of klog's one-line and multi-line forms, without warnings", () => {
    expect(firstMeaningfulLine("# Warning: 'bases' is deprecated.\nE1121 23:23:22.284731    7467 run.go:72] \"command failed\" err=\"accumulating resources: 'a.yaml' \\\"x\\\"\"\n")).toBe("accumulating resources: 'a.yaml' \"x\"");
    expect(firstMeaningfulLine('E1121 23:45:09.301639   13904 run.go:72] "command failed" err=<\n\taccumulating resources: git fetch failed\n\t: exit status 128\n >\n')).toBe("accumulating resources: git fetch failed : exit status 128");
    expect(firstMeaningfulLine("Error: must build at directory: not a valid directory\n")).toBe("must build at directory: not a valid directory");
  });
});

describe("kustomize error summaries", () => {
  it("names the missing resource, the duplicated object and the cycle", () => {
    expect(
      summarizeKustomizeError(
        "accumulating resources: accumulation err='accumulating resources from 'secrets.yaml': evalsymlink failure on '/k/secrets.yaml' : lstat /k/secrets.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '/k/secrets.yaml' : lstat /k/secrets.yaml: no such file or directory",
      ),
    ).toEqual({ text: "resource 'secrets.yaml' does not exist", entry: "secrets.yaml" });
    expect(
      summarizeKustomizeError(
        "accumulating resources: accumulation err='merging resources from 'psp.yaml': may not add resource with an already registered id: Namespace.v1.[noGrp]/continuum.[noNs]': must build at directory: '/k/psp.yaml': file is not directory",
      ),
    ).toEqual({ text: "'psp.yaml' defines Namespace continuum, which another resource of the build already defines", entry: "psp.yaml" });
    expect(
      summarizeKustomizeError(
        "accumulating resources: accumulation err='accumulating resources from '../../': '/k' must resolve to a file': cycle detected: candidate root '/k' contains visited root '/k/overlays/dev'",
      ).entry,
    ).toBe("../../");
    expect(
      summarizeKustomizeError("invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch"),
    ).toEqual({ text: "patches lists bare file names, which kustomize refuses: list each as `- path: <file>` (bare names are the form of patchesStrategicMerge)", field: "patches" });
    expect(summarizeKustomizeError("invalid Kustomization: json: cannot unmarshal object into Go struct field Kustomization.resources of type string").field).toBe("resources");
    expect(summarizeKustomizeError("something new").text).toBe("something new");
  });

  it("names a missing patch file or generator source as written in the kustomization", () => {
    expect(
      summarizeKustomizeError(
        "trouble configuring builtin PatchTransformer with config: ` path: nope.yaml `: failed to get the patch file from path(nope.yaml): evalsymlink failure on 'c/nope.yaml' : lstat c/nope.yaml: no such file or directory",
      ),
    ).toEqual({ text: "patch file 'nope.yaml' does not exist", entry: "nope.yaml" });
    expect(
      summarizeKustomizeError("loading KV pairs: env source files: [app.env]: evalsymlink failure on '/k/app.env' : lstat /k/app.env: no such file or directory"),
    ).toEqual({ text: "env file 'app.env' of a generator does not exist", entry: "app.env" });
    expect(
      summarizeKustomizeError("loading KV pairs: file sources: [conf=conf.yaml]: evalsymlink failure on '/k/conf.yaml' : lstat /k/conf.yaml: no such file or directory"),
    ).toEqual({ text: "file 'conf.yaml' of a generator does not exist", entry: "conf=conf.yaml" });
  });
});

withTool("a missing patch file", () => {
  it("is said in one sentence at the patch's path entry", () => {
    const dir = tree("k8slint-kustomize-missing-patch-", {
      "deploy.yaml": DEPLOYMENT("web"),
      "kustomization.yaml": "resources:\n  - deploy.yaml\npatches:\n  - target:\n      kind: Deployment\n    path: nope.yaml\n",
    });
    const found = lint({ paths: [dir], cwd: dir }).findings.filter((f) => f.ruleId === "kustomize-build");
    expect(found.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual(["kustomization.yaml:6:11 kubectl kustomize failed: patch file 'nope.yaml' does not exist"]);
  });
});

const CONTINUUM = path.join(CORPUS, "continuum/deploy/kubernetes");
if (!hasCorpus()) console.warn("continuum end-to-end test SKIPPED: ../shared/corpus is absent");

describe.skipIf(!tool || !hasCorpus())("CONTINUUM's kustomizations end to end (bin/k8slint)", () => {
  let report: { results: Array<Finding & { remediation: string }>; summary: { skipped: Array<{ file: string; reason: string }>; notices: string[] } };
  let status: number | null;
  beforeAll(() => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/k8slint"), "-f", "json", CONTINUUM], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    status = r.status;
    report = JSON.parse(r.stdout);
  });

  it("says clearly that the base and each overlay fail to build, and why", () => {
    const builds = report.results.filter((f) => f.ruleId === "kustomize-build");
    const rel = (p: string) => path.relative(ROOT, path.join(CONTINUUM, p)).split(path.sep).join("/");
    expect(builds.map((f) => f.file).sort()).toEqual(
      ["kustomization.yaml", "overlays/development/kustomization.yaml", "overlays/production/kustomization.yaml", "overlays/staging/kustomization.yaml"].map(rel).sort(),
    );
    expect(builds.find((f) => f.file === rel("kustomization.yaml"))?.message).toContain("resource 'secrets.yaml' does not exist");
    for (const f of builds.filter((b) => b.file.includes("overlays"))) expect(f.message).toContain("cycle detected");
    for (const f of builds) expect(f.remediation).toMatch(/kubectl kustomize/);
  });

  it("keeps going: the plain files are linted, the patches skipped, and the exit code is that of findings", () => {
    expect(status).toBe(1);
    const plain = report.results.filter((f) => f.file.endsWith("continuum/deploy/kubernetes/deployment.yaml"));
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.filter((f) => f.units !== undefined)).toEqual([]);
    expect(report.results.filter((f) => f.file.endsWith("-patch.yaml"))).toEqual([]);
    expect(report.summary.skipped.filter((s) => s.file.endsWith("-patch.yaml"))).toHaveLength(7);
  });
});

withTool("a build refused by kustomize's load restrictions (bin/k8slint from a parent directory)", () => {
  it("names the root and the file from the working directory, and keeps the innermost cause of a long chain", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-load-restrictor-"));
    try {
      const app = path.join(dir, "app");
      fs.mkdirSync(path.join(app, "shared"), { recursive: true });
      fs.mkdirSync(path.join(app, "deploy", "base"), { recursive: true });
      fs.mkdirSync(path.join(app, "deploy", "overlays", "a-very-long-overlay-name-that-makes-the-chain-long"), { recursive: true });
      fs.writeFileSync(path.join(app, "shared", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n");
      fs.writeFileSync(path.join(app, "deploy", "base", "kustomization.yaml"), "resources:\n  - ../../shared/cm.yaml\n");
      fs.writeFileSync(path.join(app, "deploy", "overlays", "a-very-long-overlay-name-that-makes-the-chain-long", "kustomization.yaml"), "resources:\n  - ../../base\nnamePrefix: a-\n");
      const r = spawnSync(process.execPath, [path.join(ROOT, "bin/k8slint"), "--no-config", "-f", "json", "app"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
      const builds = (JSON.parse(r.stdout) as { results: Finding[] }).results.filter((f) => f.ruleId === "kustomize-build");
      const base = builds.find((f) => f.file === "app/deploy/base/kustomization.yaml");
      // Both paths from where the user ran it: not the root as "." beside a file named from elsewhere.
      expect(base?.message).toContain("file 'app/shared/cm.yaml' is not in or below 'app/deploy/base'");
      const overlay = builds.find((f) => f.file.startsWith("app/deploy/overlays/"));
      expect(overlay?.message).toMatch(/is not in or below 'app\/deploy\/base'$/);
      expect(overlay!.message.length).toBeLessThanOrEqual(420);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

withTool("a Component's patches written as bare file names", () => {
  it("are patches, not objects linted beside the ones they patch (kustomize refuses the form; the files stay fragments)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-component-"));
    try {
      fs.mkdirSync(path.join(dir, "base"));
      fs.mkdirSync(path.join(dir, "components", "public"), { recursive: true });
      const svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
      fs.writeFileSync(path.join(dir, "base", "service.yaml"), svc);
      fs.writeFileSync(path.join(dir, "base", "kustomization.yaml"), "resources:\n  - service.yaml\n");
      fs.writeFileSync(path.join(dir, "components", "public", "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - service.patch.yaml\n");
      fs.writeFileSync(path.join(dir, "components", "public", "service.patch.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n");
      const r = lint({ paths: [dir], cwd: dir });
      expect(r.findings.filter((f) => f.file.startsWith("components/"))).toEqual([]);
      expect(of(r, "duplicate-object")).toEqual([]);
      expect(r.summary.skipped.map((s) => s.file)).toEqual(["components/public/service.patch.yaml"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

withTool("two overlays rendering one base beside a stray copy of its object", () => {
  it("name each definition once in duplicate-object's findings", () => {
    // Each overlay prints the base's ConfigMap, and the plain files see both prints as context.
    const dir = path.join(ROOT, "fixtures/rules/duplicate-object/invalid-overlays-share-a-base");
    const r = lint({ paths: [dir], cwd: dir });
    expect(of(r, "duplicate-object").map((f) => [key(f), f.units])).toEqual([
      ["base/settings-old.yaml:6:3 duplicate-object also defined at base/settings.yaml:4", undefined],
      ["base/settings.yaml:4:3 duplicate-object also defined at base/settings-old.yaml:6", ["kustomize overlays/east", "kustomize overlays/west"]],
    ]);
  });
});

const located = (r: LintResult, rules: readonly string[]) =>
  r.findings.filter((f) => rules.includes(f.ruleId)).map((f) => `${f.file}:${f.line}:${f.column} ${f.resource?.namespace ?? ""}/${f.resource?.name} ${f.message}`);

const DEPLOYMENT = (name: string, extra = "", container = "") =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${extra}spec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - name: app\n          image: nginx:1.25\n${container}`;

withTool("findings of rendered objects at the lines people edit", () => {
  it("tells objects of one kind and name in different namespaces of one file apart, losing none", () => {
    const deploy = [
      DEPLOYMENT("web", "  namespace: team-a\n", "          securityContext:\n            allowPrivilegeEscalation: true\n"),
      DEPLOYMENT("web", "  namespace: team-b\n").replace("nginx:1.25", "nginx:latest"),
    ].join("---\n");
    const dir = tree("k8slint-kustomize-namespaces-", { "deploy.yaml": deploy, "kustomization.yaml": "resources:\n  - deploy.yaml\n" });
    const rules = ["allow-privilege-escalation", "image-tag", "liveness-probe"];
    const r = lint({ paths: [dir], cwd: dir });
    expect(located(r, rules)).toEqual([
      'deploy.yaml:15:11 team-a/web container "app" has no liveness probe',
      'deploy.yaml:18:13 team-a/web container "app" allows privilege escalation',
      'deploy.yaml:34:11 team-b/web container "app" does not set allowPrivilegeEscalation to false',
      'deploy.yaml:34:11 team-b/web container "app" has no liveness probe',
      'deploy.yaml:35:11 team-b/web container "app" uses the latest tag of image "nginx"',
    ]);
    // Nothing in the build changes the objects: rendered, they are found where and as plain files find them.
    const plain = lint({ paths: [dir], cwd: dir, render: { render: false } });
    const where = (x: LintResult) => x.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.resource?.namespace}/${f.resource?.name} ${f.message}`).sort();
    expect(where(r)).toEqual(where(plain));
  });

  it("takes the namespace the kustomization gives an object when telling same-named objects apart", () => {
    const dir = tree("k8slint-kustomize-namespace-transformer-", {
      // One object without a namespace (kustomize reads it as "default") beside one in team-a.
      "base/deploy.yaml": [DEPLOYMENT("web", "  namespace: team-a\n"), DEPLOYMENT("web").replace("nginx:1.25", "nginx:latest")].join("---\n"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      // The namespace transformer moves the one written for dev into prod.
      "single/deploy.yaml": DEPLOYMENT("web", "  namespace: dev\n").replace("nginx:1.25", "nginx:latest"),
      "single/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "prod/kustomization.yaml": "namespace: prod\nresources:\n  - ../single\n",
    });
    expect(located(lint({ paths: [path.join(dir, "base")], cwd: dir }), ["image-tag"])).toEqual(['base/deploy.yaml:32:11 default/web container "app" uses the latest tag of image "nginx"']);
    expect(located(lint({ paths: [path.join(dir, "prod")], cwd: dir }), ["image-tag"])).toEqual(['single/deploy.yaml:16:11 prod/web container "app" uses the latest tag of image "nginx"']);
  });

  it("applies a patch only to the objects kustomize applies it to: the whole name, the label selector", () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n          securityContext:\n            privileged: true\n';
    const byName = tree("k8slint-kustomize-patch-name-", {
      "base/deploy.yaml": [DEPLOYMENT("web"), DEPLOYMENT("web-worker").replace("nginx:1.25", "nginx:latest")].join("---\n"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "overlay/patch.yaml": patch,
    });
    const rules = ["image-tag", "privileged-container", "liveness-probe"];
    // web-worker's own latest tag was taken for the patch's, and lost beside web's.
    expect(located(lint({ paths: [path.join(byName, "overlay")], cwd: byName }), rules)).toEqual([
      'base/deploy.yaml:14:11 default/web container "app" has no liveness probe',
      'base/deploy.yaml:30:11 default/web-worker container "app" has no liveness probe',
      'base/deploy.yaml:31:11 default/web-worker container "app" uses the latest tag of image "nginx"',
      'overlay/patch.yaml:10:11 default/web container "app" uses the latest tag of image "nginx"',
      'overlay/patch.yaml:12:13 default/web container "app" runs privileged',
    ]);
    const kustomization = [
      "resources:",
      "  - ../base",
      "patches:",
      "  - target:",
      "      kind: Deployment",
      '      labelSelector: "app=web"',
      "    patch: |-",
      "      - op: replace",
      "        path: /spec/template/spec/containers/0/image",
      "        value: nginx:latest",
      "",
    ].join("\n");
    const bySelector = tree("k8slint-kustomize-patch-selector-", {
      "base/deploy.yaml": [DEPLOYMENT("web", "  labels: {app: web}\n"), DEPLOYMENT("worker", "  labels: {app: worker}\n").replace("nginx:1.25", "nginx:latest")].join("---\n"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": kustomization,
    });
    expect(located(lint({ paths: [path.join(bySelector, "overlay")], cwd: bySelector }), ["image-tag"])).toEqual([
      'base/deploy.yaml:33:11 default/worker container "app" uses the latest tag of image "nginx"',
      'overlay/kustomization.yaml:10:9 default/web container "app" uses the latest tag of image "nginx"',
    ]);
  });

  it("keeps an object's name at its definition: a patch repeats the name only to select the object", () => {
    const dir = tree("k8slint-kustomize-patch-selects-", {
      "base/deploy.yaml": DEPLOYMENT("web"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "overlay/patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    const at = (rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}:${f.column}`);
    // network-policy is about the object as a whole: at its metadata.name in the base, not the patch's.
    expect(at("network-policy")).toEqual(["base/deploy.yaml:4:3"]);
    // A field the patch sets is still the patch's: pdb-missing is said at the replicas it writes.
    expect(at("pdb-missing")).toEqual(["overlay/patch.yaml:6:3"]);
  });

  it("maps each copy of a base built by two overlays through its own overlay's patches", () => {
    const patch = (image: string, more = "") => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n${more}`;
    const dir = tree("k8slint-kustomize-blue-green-", {
      "base/deploy.yaml": DEPLOYMENT("web"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "blue/kustomization.yaml": "namePrefix: blue-\nresources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "blue/patch.yaml": patch("nginx:1.26"),
      "green/kustomization.yaml": "namePrefix: green-\nresources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "green/patch.yaml": patch("nginx:latest", "          securityContext:\n            privileged: true\n"),
      "app/kustomization.yaml": "resources:\n  - ../blue\n  - ../green\n",
    });
    const r = lint({ paths: [path.join(dir, "app")], cwd: dir });
    expect(located(r, ["image-tag", "privileged-container"])).toEqual([
      'green/patch.yaml:10:11 default/green-web container "app" uses the latest tag of image "nginx"',
      'green/patch.yaml:12:13 default/green-web container "app" runs privileged',
    ]);
  });

  it("takes `add …/-` of a JSON patch as writing the item it appends, not every item", () => {
    const kustomization = [
      "resources:",
      "  - ../base",
      "patches:",
      "  - target: {kind: Deployment, name: web}",
      "    patch: |-",
      "      - op: add",
      "        path: /spec/template/spec/containers/-",
      "        value:",
      "          name: log-shipper",
      "          image: fluent/fluent-bit:3.0",
      "          securityContext:",
      "            privileged: true",
      "",
    ].join("\n");
    const dir = tree("k8slint-kustomize-append-", {
      "base/deploy.yaml": DEPLOYMENT("web", "", "          securityContext:\n            privileged: true\n"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": kustomization,
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    expect(located(r, ["privileged-container", "liveness-probe"])).toEqual([
      'base/deploy.yaml:14:11 default/web container "app" has no liveness probe',
      'base/deploy.yaml:17:13 default/web container "app" runs privileged',
      // The appended item is pointed at by the operation's value.
      'overlay/kustomization.yaml:8:9 default/web container "log-shipper" has no liveness probe',
      'overlay/kustomization.yaml:12:13 default/web container "log-shipper" runs privileged',
    ]);
  });

  it("offers no fix in the base for a field a JSON patch removes, and says which operation removes it", () => {
    const kustomization = [
      "resources:",
      "  - ../base",
      "patches:",
      "  - target: {kind: Deployment, name: web}",
      "    patch: |-",
      "      - op: remove",
      "        path: /spec/template/spec/containers/0/securityContext",
      "",
    ].join("\n");
    const dir = tree("k8slint-kustomize-remove-", {
      "base/deploy.yaml": DEPLOYMENT("web", "", "          securityContext:\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": kustomization,
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir, fixes: true });
    const found = r.findings.filter((f) => ["read-only-root-filesystem", "allow-privilege-escalation"].includes(f.ruleId));
    // The rules point at the container, but the field they are about was in the base: the finding is the operation's that removed it.
    expect(found.map((f) => [`${f.file}:${f.line}:${f.column} ${f.message}`, f.fix, f.noFix])).toEqual([
      [
        'overlay/kustomization.yaml:6:9 container "app" does not set allowPrivilegeEscalation to false',
        undefined,
        "no automatic fix: a patch (overlay/kustomization.yaml:6) removes spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation or what holds it; change it there",
      ],
      [
        'overlay/kustomization.yaml:6:9 container "app" does not set readOnlyRootFilesystem to true',
        undefined,
        "no automatic fix: a patch (overlay/kustomization.yaml:6) removes spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem or what holds it; change it there",
      ],
    ]);
    // A field at or below what the operation removed is the operation's.
    const out = renderTree(dir, ["overlay"]);
    const deploy = out.units[0].sources.find((s) => s.object.kind === "Deployment")!;
    const container = ["spec", "template", "spec", "containers", 0];
    expect(deploy.locator.range([...container, "securityContext", "readOnlyRootFilesystem"])).toMatchObject({ file: "overlay/kustomization.yaml", line: 6, column: 9 });
    expect(deploy.locator.range([...container, "image"])).toMatchObject({ file: "base/deploy.yaml", line: 15 });
  });

  it("points a value set by replacements at the field path that writes it, with no fix in the base", () => {
    const kustomization = [
      "resources:",
      "  - deploy.yaml",
      "configMapGenerator:",
      "  - name: versions",
      "    literals:",
      "      - image=nginx:latest",
      "replacements:",
      "  - source:",
      "      kind: ConfigMap",
      "      name: versions",
      "      fieldPath: data.image",
      "    targets:",
      "      - select: {kind: Deployment, name: web}",
      "        fieldPaths:",
      "          - spec.template.spec.containers.[name=app].image",
      "",
    ].join("\n");
    const dir = tree("k8slint-kustomize-replacements-", { "deploy.yaml": DEPLOYMENT("web"), "kustomization.yaml": kustomization });
    const r = lint({ paths: [dir], cwd: dir, fixes: true });
    expect(of(r, "image-tag").map((f) => [`${f.file}:${f.line}:${f.column} ${f.message}`, f.fix])).toEqual([
      ['kustomization.yaml:15:13 container "app" uses the latest tag of image "nginx"', undefined],
    ]);
  });
});

describe("label selectors in kustomize's text form", () => {
  it("read as labels.Parse reads them", () => {
    const labels = { app: "web", tier: "front", n: "5" };
    const t = (s: string) => parseLabelSelectorText(s)?.(labels);
    expect([t("app=web"), t("app==web"), t("app!=web"), t("app=worker"), t("tier in (front, back)"), t("tier notin (front)"), t("!legacy"), t("app,tier"), t("n>4"), t("n<5"), t("")]).toEqual([
      true, true, false, false, true, false, true, true, true, false, true,
    ]);
    expect(parseLabelSelectorText("app in (a")).toBeUndefined();
  });
});
