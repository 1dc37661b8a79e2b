import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

// A file a Kustomize generator reads is the data of the ConfigMap or Secret it makes (a Deployment
// kept as a job template, an env file), not an object anyone applies: it is never linted as one,
// whether the root is built or not. Its values are still scanned for credentials.

const BIN = path.join(ROOT, "bin/k8slint");
const TEMPLATE = `apiVersion: apps/v1
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
        - name: app
          image: nginx:latest
          securityContext:
            privileged: true
`;

interface Report {
  results: Array<{ ruleId: string; file: string; line: number }>;
  summary: { resources: number };
}

describe("a Kustomize generator's input that looks like a manifest", () => {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-generator-input-"));
    fs.mkdirSync(path.join(dir, "app"));
    fs.writeFileSync(path.join(dir, "app/kustomization.yaml"), "configMapGenerator:\n  - name: job-templates\n    files:\n      - template-deploy.yaml\n");
    fs.writeFileSync(path.join(dir, "app/template-deploy.yaml"), TEMPLATE);
    // The same Deployment applied by another root: there it is an object.
    fs.mkdirSync(path.join(dir, "applied"));
    fs.writeFileSync(path.join(dir, "applied/kustomization.yaml"), "resources:\n  - deploy.yaml\nconfigMapGenerator:\n  - name: copy\n    files:\n      - deploy.yaml\n");
    fs.writeFileSync(path.join(dir, "applied/deploy.yaml"), TEMPLATE);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "--allow-empty", ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    return JSON.parse(r.stdout) as Report;
  };

  for (const render of [[], ["--no-render"]]) {
    it(`is the generated ConfigMap's data, not a Deployment ${render.join(" ") || "(rendered)"}`, () => {
      const report = run("app", ...render);
      expect(report.results.filter((f) => f.file === "app/template-deploy.yaml")).toEqual([]);
      expect(report.summary.resources).toBe(render.length === 0 ? 1 : 0);
    });
  }

  it("is an object where a kustomization also lists it as a resource", () => {
    const report = run("applied", "--no-render");
    expect(report.results.filter((f) => f.file === "applied/deploy.yaml" && f.ruleId === "privileged-container").map((f) => f.line)).toEqual([16]);
  });
});
