import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lint, lintAsync, type LintOptions } from "../src/lint.js";
import { KeptBuilds } from "../src/render/kept-builds.js";

// Builds kept between runs (the editor's keystrokes, --fix's passes) are used only while every path
// the build read is as it was: real `kubectl kustomize`, through a stand-in that counts its runs.
const kubectl = spawnSync("kubectl", ["version", "--client"]).status === 0;
if (!kubectl) console.warn("kept-builds tests SKIPPED: kubectl is not installed");

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0.0
          envFrom:
            - configMapRef: {name: settings}
`;

describe.skipIf(!kubectl)("kept Kustomize builds", () => {
  let dir: string;
  let counter: string;
  let options: LintOptions;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kept-")));
    counter = path.join(dir, "runs");
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    // Named kubectl, so that it is called as `kubectl kustomize DIR`.
    fs.writeFileSync(path.join(bin, "kubectl"), `#!/bin/sh\necho run >> '${counter}'\nexec kubectl "$@"\n`, { mode: 0o755 });
    const app = path.join(dir, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "kustomization.yaml"), "resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: settings\n    envs: [app.env]\n");
    fs.writeFileSync(path.join(app, "deployment.yaml"), DEPLOYMENT);
    fs.writeFileSync(path.join(app, "app.env"), "MODE=fast\n");
    options = { paths: [app], cwd: dir, render: { kustomizeBin: path.join(bin, "kubectl"), keptBuilds: new KeptBuilds() } };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runs = () => (fs.existsSync(counter) ? fs.readFileSync(counter, "utf8").split("\n").filter(Boolean).length : 0);
  const rules = (r: { findings: Array<{ ruleId: string }> }) => [...new Set(r.findings.map((f) => f.ruleId))].sort();

  it("a second lint with nothing changed on disk builds nothing and finds the same", async () => {
    const first = lint(options);
    expect(runs()).toBe(1);
    const again = await lintAsync(options);
    expect(runs()).toBe(1);
    expect(again.findings).toEqual(first.findings);
    expect(rules(first)).toContain("liveness-probe");
  });

  it("a generator input (.env) that changed is built again: its new value is linted", () => {
    expect(rules(lint(options))).not.toContain("hardcoded-credential");
    fs.writeFileSync(path.join(dir, "app/app.env"), "DB_PASSWORD=Zx8q2LmN4vT7wR\n");
    const after = lint(options);
    expect(runs()).toBe(2);
    expect(after.findings.filter((f) => f.ruleId === "hardcoded-credential").map((f) => f.message)).toEqual(['ConfigMap key "DB_PASSWORD" holds a literal credential (14 chars)']);
  });

  it("an input that went is built again and fails as kubectl says; back, the build is linted again", () => {
    lint(options);
    fs.rmSync(path.join(dir, "app/app.env"));
    const failed = lint(options);
    expect(rules(failed)).toContain("kustomize-build");
    fs.writeFileSync(path.join(dir, "app/app.env"), "MODE=fast\n");
    const back = lint(options);
    expect(rules(back)).not.toContain("kustomize-build");
    expect(rules(back)).toContain("liveness-probe");
    expect(runs()).toBe(3);
  });

  it("a resource file changed on disk is built again; a file reported written too", () => {
    lint(options);
    fs.writeFileSync(path.join(dir, "app/deployment.yaml"), DEPLOYMENT.replace("name: web\nspec:", "name: api\nspec:"));
    expect(lint(options).findings.some((f) => f.resource?.name === "api")).toBe(true);
    expect(runs()).toBe(2);
    options.render!.keptBuilds!.written([path.join(dir, "app/deployment.yaml")]);
    lint(options);
    expect(runs()).toBe(3);
  });

  it("a transformer configured by a directory of its own: a change in it is built again", () => {
    const app = path.join(dir, "app");
    fs.writeFileSync(path.join(app, "kustomization.yaml"), "resources:\n  - deployment.yaml\ntransformers:\n  - labels\n");
    fs.writeFileSync(path.join(app, "deployment.yaml"), DEPLOYMENT.replace(/\n +envFrom:[^]*$/, "\n"));
    fs.mkdirSync(path.join(app, "labels"));
    fs.writeFileSync(path.join(app, "labels/kustomization.yaml"), "resources:\n  - team.yaml\n");
    const team = (value: string) => `apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: team\nlabels:\n  team: ${value}\nfieldSpecs:\n  - path: metadata/labels\n    create: true\n`;
    fs.writeFileSync(path.join(app, "labels/team.yaml"), team("a"));
    const invalid = () => lint(options).findings.filter((f) => f.ruleId === "invalid-label" && f.resource?.kind === "Deployment").map((f) => f.message);
    expect(invalid()).toEqual([]);
    fs.writeFileSync(path.join(app, "labels/team.yaml"), team('"-bad-"'));
    expect(invalid()).toEqual([`label "team" has a value that is neither empty nor alphanumeric with '-', '_' or '.' inside`]);
  });

  it("keeps at most as many roots as it is given, the least recently used going first", () => {
    const other = path.join(dir, "other");
    fs.cpSync(path.join(dir, "app"), other, { recursive: true });
    const kept = new KeptBuilds(1);
    const one = { ...options, render: { ...options.render, keptBuilds: kept } };
    const two = { ...one, paths: [other] };
    lint(one);
    lint(one);
    expect(runs()).toBe(1);
    lint(two);
    lint(one);
    expect(runs()).toBe(3);
  });
});
