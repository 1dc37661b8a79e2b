import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

// Kustomize roots that are not built (no kubectl, as on a developer's machine running the pre-commit
// hook; --no-render) are linted as plain files: each root is still applied on its own, and a
// kustomization that does not parse is still said.

const BIN = path.join(ROOT, "bin/k8slint");
const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;

describe("Kustomize roots linted as plain files", () => {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-unbuilt-"));
    const files: Record<string, string> = {
      "envs/dev/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "envs/dev/deploy.yaml": deployment("registry.example.com/web:1.1.0"),
      "envs/prod/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "envs/prod/deploy.yaml": deployment("registry.example.com/web:1.0.0"),
      "broken/kustomization.yaml": "resources: [deploy.yaml\n",
      "secrets/kustomization.yaml": "secretGenerator:\n  - name: api\n    literals:\n      - API_TOKEN=9c1e7f3a2b8d4e6f\n",
      "broken/deploy.yaml": deployment("registry.example.com/other:1.0.0").replace("name: web\nspec", "name: other\nspec"),
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const how of [["--no-render"], ["--kustomize-bin", "/nonexistent/kubectl"]]) {
    it(`two roots that each define an object do not define it twice, and a broken kustomization is a syntax error (${how.join(" ")})`, () => {
      const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", ".", ...how], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      const results = (JSON.parse(r.stdout) as { results: Array<{ ruleId: string; file: string; line: number }> }).results;
      expect(results.filter((f) => f.ruleId === "duplicate-object")).toEqual([]);
      expect(results.filter((f) => f.ruleId === "yaml-syntax").map((f) => `${f.file}:${f.line}`)).toEqual(["broken/kustomization.yaml:1"]);
    });
  }

  it("a kustomization's secretGenerator literal is a credential found whether the root is built or not", () => {
    for (const how of [[], ["--no-render"], ["--kustomize-bin", "/nonexistent/kubectl"]]) {
      const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "secrets", ...how], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      const found = (JSON.parse(r.stdout) as { results: Array<{ ruleId: string; file: string; line: number; message: string }> }).results.filter((f) => f.ruleId === "hardcoded-credential" || f.ruleId === "committed-secret");
      expect(found.map((f) => `${f.file}:${f.line}`), how.join(" ")).toEqual(["secrets/kustomization.yaml:4"]);
      expect(r.stdout).not.toContain("9c1e7f3a2b8d4e6f");
    }
  });

  it("a kustomization on standard input (--stdin-filename) is the build's configuration, not an object", () => {
    const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "--allow-empty", "-", "--stdin-filename", "base/kustomization.yaml"], {
      cwd: dir,
      input: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml]\n",
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { results: unknown[] }).results).toEqual([]);
  });
});
