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
});
