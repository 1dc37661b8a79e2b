import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lint } from "../src/lint.js";
import { describe, expect, it } from "vitest";
import { mergeAcrossUnits, variantLabel } from "../src/engine/merge-units.js";
import type { Finding } from "../src/engine/finding.js";
import { unitsSuffix } from "../src/report/units.js";

function finding(over: Partial<Finding> = {}): Finding {
  return { ruleId: "liveness-probe", severity: "warning", message: 'container "web" has no liveness probe', file: "base/deploy.yaml", line: 9, column: 11, endLine: 9, endColumn: 20, suppressed: false, ...over };
}

describe("one finding per problem across sets", () => {
  it("merges the same rule, location and message from several roots, naming each root once", () => {
    const merged = mergeAcrossUnits(
      [
        { finding: finding(), unit: "kustomize overlays/dev" },
        { finding: finding(), unit: "kustomize overlays/prod" },
        { finding: finding(), unit: "kustomize overlays/prod" },
      ],
      1,
    );
    expect(merged).toHaveLength(1);
    expect(merged[0].units).toEqual(["kustomize overlays/dev", "kustomize overlays/prod"]);
  });

  it("keeps findings apart that differ in message, line or rule, and keeps the highest severity", () => {
    const merged = mergeAcrossUnits(
      [
        { finding: finding(), unit: "kustomize a" },
        { finding: finding({ line: 10 }), unit: "kustomize a" },
        { finding: finding({ message: 'container "db" has no liveness probe' }), unit: "kustomize a" },
        { finding: finding({ severity: "error" }), unit: "kustomize b" },
      ],
      1,
    );
    expect(merged.map((f) => [f.line, f.message, f.severity, f.units])).toEqual([
      [9, 'container "web" has no liveness probe', "error", ["kustomize a", "kustomize b"]],
      [10, 'container "web" has no liveness probe', "warning", ["kustomize a"]],
      [9, 'container "db" has no liveness probe', "warning", ["kustomize a"]],
    ]);
  });

  it("does not name the variants for a finding every variant set reports (it is in the files they share)", () => {
    const shared = mergeAcrossUnits(
      [
        { finding: finding(), unit: variantLabel("app.yaml"), plainSet: 0 },
        { finding: finding(), unit: variantLabel("app.selinux.yaml"), plainSet: 1 },
      ],
      2,
    );
    expect(shared[0].units).toBeUndefined();
    const one = mergeAcrossUnits([{ finding: finding(), unit: variantLabel("app.selinux.yaml"), plainSet: 1 }], 2);
    expect(one[0].units).toEqual(["variant app.selinux.yaml"]);
  });

  it("prints the sets only when the run has several, short", () => {
    const f = finding({ units: ["kustomize deploy/overlays/dev", "kustomize deploy/overlays/staging", "kustomize deploy/overlays/prod"] });
    expect(unitsSuffix(f, ["kustomize deploy/overlays/dev", "kustomize deploy/overlays/staging", "kustomize deploy/overlays/prod"])).toBe("(in 3 overlays: dev, staging, prod)");
    expect(unitsSuffix(finding({ units: ["kustomize k8s"] }), ["kustomize k8s"])).toBe("");
    expect(unitsSuffix(finding({ units: ["kustomize a"] }), ["kustomize a", "kustomize b"])).toBe("(kustomize a)");
    // One set: named without the directory all sets of the run share; a variant not at all in its own file.
    const run = ["kustomize argo-cd/manifests/base", "kustomize argo-cd/manifests/ha/base/controller-deployment", "variant argo-cd/manifests/install.yaml"];
    expect(unitsSuffix(finding({ units: ["kustomize argo-cd/manifests/ha/base/controller-deployment"] }), run)).toBe("(kustomize ha/base/controller-deployment)");
    expect(unitsSuffix(finding({ file: "argo-cd/manifests/install.yaml", units: ["variant argo-cd/manifests/install.yaml"] }), run)).toBe("");
    expect(unitsSuffix(finding({ file: "argo-cd/manifests/base/x.yaml", units: ["variant argo-cd/manifests/install.yaml"] }), run)).toBe("(variant install.yaml)");
    // A cluster's directory linted as its own set: a finding in one of its files is named by the file alone.
    const clusters = ["variant fleet/clusters/production", "variant fleet/clusters/staging"];
    expect(unitsSuffix(finding({ file: "fleet/clusters/staging/apps.yaml", units: ["variant fleet/clusters/staging"] }), clusters)).toBe("");
    expect(unitsSuffix(finding({ file: "fleet/infra/x.yaml", units: ["variant fleet/clusters/staging"] }), clusters)).toBe("(variant staging)");
    const many = finding({ units: ["helm c/a", "helm c/b", "helm c/c", "helm c/d", "helm c/e"] });
    expect(unitsSuffix(many, ["x", "y"])).toBe("(in 5 charts: a, b, c, 2 more)");
  });
});

describe("findings on the run's input, not on an object", () => {
  it("are not named after the first alternative of split plain files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-units-"));
    const config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: a\ndata: {}\n";
    fs.writeFileSync(path.join(dir, "app.yaml"), config);
    fs.writeFileSync(path.join(dir, "app.selinux.yaml"), config);
    fs.writeFileSync(path.join(dir, "broken.yaml"), "kind: [\n");
    try {
      const result = lint({ paths: [dir], cwd: dir });
      expect(result.units.length).toBe(2);
      const syntax = result.findings.find((f) => f.ruleId === "yaml-syntax");
      expect(syntax).toBeDefined();
      expect(syntax!.units ?? []).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
