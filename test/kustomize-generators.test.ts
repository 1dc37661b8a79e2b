import path from "node:path";
import { expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { describeWithKustomize } from "./helpers/kustomize-tool.js";
import { webDeployment } from "./helpers/manifests.js";
import { testTree as tree } from "./helpers/temp-dir.js";
import { renderTree } from "./helpers/render-tree.js";

// A base's configMapGenerator built by two overlays of one root makes its ConfigMap twice, and kustomize
// names the base's kustomization as where both were configured: each copy maps through its own overlay
// (its namespace, its merged literals), as a base's resources do.

const DEPLOY = webDeployment("nginx:1.25", "          envFrom:\n            - configMapRef: {name: web-config}\n");

const OVERLAY = (name: string, password: string) => `namePrefix: ${name}-
namespace: ${name}
resources:
  - ../base
configMapGenerator:
  - name: web-config
    behavior: merge
    literals:
      - MODE=${name}
      - PASSWORD=${password}
`;

function blueGreen(): string {
  return tree("k8slint-generator-chains-", {
    "base/deploy.yaml": DEPLOY,
    "base/kustomization.yaml": "resources:\n  - deploy.yaml\nconfigMapGenerator:\n  - name: web-config\n    literals:\n      - LOG_LEVEL=info\n",
    // Lines differ between the overlays, so a finding at the other overlay's line is told apart.
    "blue/kustomization.yaml": OVERLAY("blue", "Blue7sky9Harbor3"),
    "green/kustomization.yaml": `# the green variant\n${OVERLAY("green", "Green4leaf8Meadow2")}`,
    "app/kustomization.yaml": "resources:\n  - ../blue\n  - ../green\n",
  });
}

describeWithKustomize("a base's generator built by two overlays of one root", () => {
  it("points each copy's merged key at its own overlay's literal", () => {
    const dir = blueGreen();
    const r = lint({ paths: [path.join(dir, "app")], cwd: dir });
    const found = r.findings.filter((f) => f.ruleId === "hardcoded-credential");
    expect(found.map((f) => `${f.file}:${f.line}:${f.column} ${f.resource?.namespace}`)).toEqual(["blue/kustomization.yaml:10:9 blue", "green/kustomization.yaml:11:9 green"]);
  });

  it("points each copy's namespace at its own overlay's namespace: line", () => {
    const dir = blueGreen();
    const out = renderTree(dir, ["app"]);
    const maps = out.units[0].sources.filter((s) => s.object.kind === "ConfigMap");
    const at = (p: (string | number)[]) =>
      maps.map((s) => {
        const x = s.locator.range(p);
        return `${s.object.metadata?.namespace} ${x.file}:${x.line}:${x.column}`;
      });
    expect(at(["metadata", "namespace"])).toEqual(["blue blue/kustomization.yaml:2:1", "green green/kustomization.yaml:3:1"]);
    // A key only the base writes is the base's, for both.
    expect(at(["data", "LOG_LEVEL"])).toEqual(["blue base/kustomization.yaml:6:9", "green base/kustomization.yaml:6:9"]);
  });
});

describeWithKustomize("a base's generator without a name hash, built by two overlays whose affixes overlap", () => {
  it("takes the overlay whose affixes make the name exactly, not one whose name and a suffix look like a hash", () => {
    // blue-web-config-v2 is blue-web-config followed by "-v2", which looks like kustomize's hash:
    // the copy is bluev2's all the same (its namePrefix and nameSuffix make the name exactly).
    const dir = tree("k8slint-generator-nohash-", {
      "base/deploy.yaml": DEPLOY,
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\ngeneratorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n  - name: web-config\n    literals:\n      - LOG_LEVEL=info\n",
      "blue/kustomization.yaml": OVERLAY("blue", "Blue7sky9Harbor3").replace("namespace: blue\n", ""),
      "bluev2/kustomization.yaml": `# the v2 variant\nnameSuffix: -v2\n${OVERLAY("blue", "Green4leaf8Meadow2").replace("namespace: blue\n", "")}`,
      "app/kustomization.yaml": "resources:\n  - ../blue\n  - ../bluev2\n",
    });
    const r = lint({ paths: [path.join(dir, "app")], cwd: dir });
    const found = r.findings.filter((f) => f.ruleId === "hardcoded-credential");
    expect(found.map((f) => `${f.file}:${f.line}:${f.column} ${f.resource?.name}`).sort()).toEqual([
      "blue/kustomization.yaml:9:9 blue-web-config",
      "bluev2/kustomization.yaml:11:9 blue-web-config-v2",
    ]);
  });
});
