import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { testTree } from "./helpers/temp-dir.js";
import { webDeployment } from "./helpers/manifests.js";

// Overlays that only put a base in their own namespace (staging, prod) render one problem of the base
// each: it is one finding naming both overlays, so no message may name the overlay's namespace where the
// header line already does (an HPA scales a workload of its own namespace; a budget must be in it).

const tool = findKustomizeTool();
if (!tool) console.warn("overlay namespace tests SKIPPED: neither kubectl nor kustomize is installed");

const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 4
`;

describe.skipIf(!tool)("a base problem in overlays that differ only by namespace", () => {
  it("is one pdb-missing and one anti-affinity finding naming both overlays", () => {
    const dir = testTree("k8slint-overlay-namespaces-", {
      "base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - hpa.yaml\n",
      "base/deployment.yaml": webDeployment("registry.example.com/web:1.0.0"),
      "base/hpa.yaml": hpa,
      "overlays/staging/kustomization.yaml": "namespace: staging\nresources:\n  - ../../base\n",
      "overlays/prod/kustomization.yaml": "namespace: prod\nresources:\n  - ../../base\n",
    });
    const r = lint({ paths: [dir], cwd: dir });
    for (const rule of ["pdb-missing", "anti-affinity"]) {
      const found = r.findings.filter((f) => f.ruleId === rule);
      expect(found.map((f) => [f.file, [...(f.units ?? [])].sort()])).toEqual([["base/deployment.yaml", ["kustomize overlays/prod", "kustomize overlays/staging"]]]);
      expect(found[0].message).not.toMatch(/prod|staging/);
    }
  });
});
