import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { ROOT } from "./helpers/fixtures.js";
import { testTree } from "./helpers/temp-dir.js";

// kustomize echoes the configuration it could not use in its error: a helmCharts entry with its
// valuesInline, a patch entry with a Secret's stringData. The kustomize-build finding quotes that
// error, and must not quote the values. (The values are made up for this test.)

const BIN = path.join(ROOT, "bin/k8slint");
const tool = findKustomizeTool();
const HELM_PASSWORD = "Zq8vT3kL9pW2xR7m";
const PATCH_TOKEN = "Pk4nW8qZ2rT6yU1o";
const SHELL_PASSWORD = "Wv5mQ9xL2kR7";

const TREES: Record<string, string> = {
  "helm/kustomization.yaml": `helmCharts:
  - name: web
    releaseName: web
    valuesInline:
      auth:
        adminPassword: ${HELM_PASSWORD}
`,
  "patch/deploy.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: prod\n",
  "patch/kustomization.yaml": `resources:
  - deploy.yaml
patches:
  - path: patch.yaml
    patch: |-
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
      stringData:
        apiToken: ${PATCH_TOKEN}
`,
  "patch/patch.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n",
};

describe.skipIf(!tool)("a failed Kustomize build's message", () => {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-build-error-"));
    for (const [name, text] of Object.entries(TREES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("quotes kustomize's error without the inline values it echoes, in every format", () => {
    // Without helm the helmCharts root is not built (a notice); its inline password is a credential finding.
    const helm = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "--helm-bin", path.join(dir, "no-helm"), "helm"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const helmFound = (JSON.parse(helm.stdout) as { results: Array<{ ruleId: string; file: string; line: number }> }).results;
    expect(helmFound.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["hardcoded-credential helm/kustomization.yaml:6"]);
    const json = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "patch"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const build = (JSON.parse(json.stdout) as { results: Array<{ ruleId: string; file: string; message: string }> }).results.filter((f) => f.ruleId === "kustomize-build");
    expect(build.map((f) => f.file)).toEqual(["patch/kustomization.yaml"]);
    expect(build[0].message).toMatch(/<value of 16 characters>/);
    for (const root of ["helm", "patch"]) {
      for (const format of ["text", "json", "sarif", "github", "gitlab", "junit"]) {
        const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", format, root], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        expect(r.stdout + r.stderr, `${root} ${format}`).not.toContain(HELM_PASSWORD);
        expect(r.stdout + r.stderr, `${root} ${format}`).not.toContain(PATCH_TOKEN);
      }
    }
  });
});

describe.skipIf(!tool)("a failed Kustomize build that echoes a node of a resource", () => {
  it("hides a credential-like token inside a value with spaces (a password in a shell command)", () => {
    const dir = testTree("k8slint-build-error-node-", {
      "kustomization.yaml": `resources:
  - job.yaml
replacements:
  - source: {kind: Job, name: migrate, fieldPath: metadata.name}
    targets:
      - select: {kind: Job, name: migrate}
        fieldPaths:
          - spec.template.spec.containers.[name=app].command.x
`,
      "job.yaml": `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: app
          image: mysql:8
          command: ["sh", "-c", "mysql -uroot -p${SHELL_PASSWORD} shop"]
`,
    });
    const json = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "."], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const build = (JSON.parse(json.stdout) as { results: Array<{ ruleId: string; message: string }> }).results.filter((f) => f.ruleId === "kustomize-build");
    expect(build).toHaveLength(1);
    // The echoed command stays readable around the hidden token.
    expect(build[0].message).toContain(`"mysql -uroot <value of ${SHELL_PASSWORD.length + 2} characters> shop"`);
    for (const format of ["text", "sarif"]) {
      const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", format, "."], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.stdout + r.stderr, format).not.toContain(SHELL_PASSWORD);
    }
  });
});

describe.skipIf(!tool || process.platform === "win32")("a failed Kustomize build whose helmCharts entry fails in a template", () => {
  it("quotes helm's message without the value a template transformed, in text, JSON and SARIF", () => {
    const password = "Zq8vT3kL9pW2xR7m";
    const dir = testTree("k8slint-build-error-helm-", {
      // helm's message for a template that failed with `upper` of the kustomization's valuesInline password.
      "helm": `#!/bin/sh\ncase "$1" in\n  version) echo "v3.14.0+g0000000"; exit 0;;\n  template) echo "Error: execution error at (web/templates/secret.yaml:5:4): password ${password.toUpperCase()} is too short" >&2; exit 1;;\nesac\nexit 1\n`,
      "root/kustomization.yaml": `helmCharts:\n  - name: web\n    releaseName: web\n    valuesInline:\n      auth:\n        password: ${password}\n`,
      "root/charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
      "root/charts/web/values.yaml": 'auth:\n  password: ""\n',
      "root/charts/web/templates/secret.yaml": 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n{{ fail (printf "password %s is too short" (upper .Values.auth.password)) }}\n',
    });
    fs.chmodSync(path.join(dir, "helm"), 0o755);
    const args = (format: string) => [BIN, "--no-config", "-f", format, "--helm-bin", path.join(dir, "helm"), "root"];
    const json = spawnSync(process.execPath, args("json"), { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const build = (JSON.parse(json.stdout) as { results: Array<{ ruleId: string; message: string }> }).results.filter((f) => f.ruleId === "kustomize-build");
    expect(build).toHaveLength(1);
    expect(build[0].message).toMatch(/ failed: Error: execution error at \(web\/templates\/secret\.yaml:5:4\): password <value of 16 characters> is too/);
    for (const format of ["text", "json", "sarif"]) {
      const r = spawnSync(process.execPath, args(format), { cwd: dir, encoding: "utf8", timeout: 60_000 });
      for (const form of [password, password.toUpperCase()]) expect(r.stdout + r.stderr, format).not.toContain(form);
    }
  });
});

describe.skipIf(!tool)("a failed Kustomize build that quotes a generated Secret's data", () => {
  it("hides the base64 of a secretGenerator value, as it hides the value", () => {
    const password = "Zq8vT3kL9pW2xR7m";
    const dir = testTree("k8slint-build-error-encoded-", {
      // kustomize: "options.index 5 is out of bounds for value <the data's base64>".
      "index/kustomization.yaml": `secretGenerator:
  - name: db
    literals:
      - password=${password}
replacements:
  - source: {kind: Secret, name: db, fieldPath: data.password, options: {delimiter: "x", index: 5}}
    targets:
      - select: {kind: Secret, name: db}
        fieldPaths: [metadata.annotations.copy]
`,
      // kustomize: "… wrong node kind: expected MappingNode but got ScalarNode: node contents: <the data's base64>".
      "node/kustomization.yaml": `secretGenerator:
  - name: db
    envs: [db.env]
replacements:
  - source: {kind: Secret, name: db, fieldPath: data.password}
    targets:
      - select: {kind: Secret, name: db}
        fieldPaths: [data.password.x]
`,
      "node/db.env": `password=${password}\n`,
    });
    const encoded = Buffer.from(password).toString("base64");
    for (const root of ["index", "node"]) {
      const json = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", root], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      const build = (JSON.parse(json.stdout) as { results: Array<{ ruleId: string; message: string }> }).results.filter((f) => f.ruleId === "kustomize-build");
      expect(build, root).toHaveLength(1);
      expect(build[0].message, root).toContain("<redacted>");
      for (const format of ["text", "json", "sarif"]) {
        const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", format, root], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        expect(r.stdout + r.stderr, `${root} ${format}`).not.toContain(encoded);
        expect(r.stdout + r.stderr, `${root} ${format}`).not.toContain(password);
      }
    }
  });
});
