import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/index.js";
import { mergeAcrossUnits, variantLabel } from "../src/engine/merge-units.js";
import type { Finding } from "../src/engine/finding.js";
import { unitsSuffix } from "../src/report/units.js";
import { placesText, type ListedPlaces } from "../src/engine/listed-places.js";
import { ROOT } from "./helpers/fixtures.js";

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

  it("does not name the variants for a finding every set holding its file reports (the file header names it)", () => {
    // Two families (job.yaml / job-vol.yaml, sidecar.yaml / sidecar-legacy.yaml) make three sets; job.yaml is in two.
    const holding = (file: string) => (file === "job.yaml" ? 2 : 3);
    const merged = mergeAcrossUnits(
      [
        { finding: finding({ file: "job.yaml" }), unit: variantLabel("job.yaml, sidecar.yaml"), plainSet: 0 },
        { finding: finding({ file: "job.yaml" }), unit: variantLabel("sidecar-legacy.yaml"), plainSet: 2 },
        { finding: finding({ file: "shared.yaml" }), unit: variantLabel("job-vol.yaml"), plainSet: 1 },
      ],
      3,
      holding,
    );
    expect(merged.map((f) => [f.file, f.units])).toEqual([
      ["job.yaml", undefined],
      ["shared.yaml", ["variant job-vol.yaml"]],
    ]);
  });

  it("names no variant for a YAML error in a file the alternatives share, nor for findings in the alternatives themselves", () => {
    // The shape of kubernetes/website's examples: two families of alternatives beside a file with a tab.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-variants-"));
    const job = (name: string, image: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: ${image}\n`;
    fs.writeFileSync(path.join(dir, "indexed-job.yaml"), job("indexed-job", "busybox"));
    fs.writeFileSync(path.join(dir, "indexed-job-vol.yaml"), job("indexed-job", "busybox:1.36"));
    fs.writeFileSync(path.join(dir, "sidecar.yaml"), job("myjob", "alpine"));
    fs.writeFileSync(path.join(dir, "sidecar-legacy.yaml"), job("myjob", "alpine:3.20"));
    fs.writeFileSync(path.join(dir, "broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n\tc: d\n");
    try {
      const result = lint({ paths: [dir], cwd: dir });
      expect(result.units.filter((u) => u.startsWith("variant "))).toHaveLength(3);
      const syntax = result.findings.filter((f) => f.ruleId === "yaml-syntax");
      expect(syntax.map((f) => [f.file, f.units])).toEqual([["broken.yaml", undefined]]);
      const tags = result.findings.filter((f) => f.ruleId === "image-tag");
      expect(tags.map((f) => [f.file, f.units])).toEqual([
        ["indexed-job.yaml", undefined],
        ["sidecar.yaml", undefined],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("joins the places that each variant's finding lists: one finding naming each place once", () => {
    // base.yaml:4 is defined again in each alternative (and once more in base.yaml): each set sees its own copy.
    const listing = (places: string[], note = "") => {
      const own = "base.yaml:4";
      const listed: ListedPlaces = { places: new Set(places), own, at: "also defined at ".length, text: placesText(new Set(places), own) };
      return { finding: finding({ ruleId: "duplicate-object", severity: "error", file: "base.yaml", line: 4, column: 3, message: `also defined at ${listed.text}${note}` }), listed };
    };
    const merged = mergeAcrossUnits(
      [
        { ...listing(["base.yaml:4", "base.yaml:12", "app.yaml:4"]), unit: variantLabel("app.yaml"), plainSet: 0 },
        { ...listing(["base.yaml:4", "base.yaml:12", "app.selinux.yaml:4"]), unit: variantLabel("app.selinux.yaml"), plainSet: 1 },
      ],
      2,
    );
    expect(merged.map((f) => [f.message, f.units])).toEqual([["also defined at base.yaml:12, app.yaml:4, app.selinux.yaml:4", undefined]]);
    // A note the suppression stage appended stays after the list; past three places, how many more.
    const note = " (k8slint-disable-next-line does not suppress it: no reason given)";
    const many = mergeAcrossUnits(
      [
        { ...listing(["base.yaml:4", "a.yaml:1", "b.yaml:1", "c.yaml:1"], note), unit: variantLabel("a.yaml"), plainSet: 0 },
        { ...listing(["a.yaml:1", "base.yaml:4", "d.yaml:1", "b.yaml:1"], note), unit: variantLabel("d.yaml"), plainSet: 1 },
      ],
      2,
    );
    expect(many.map((f) => f.message)).toEqual([`also defined at a.yaml:1, b.yaml:1, c.yaml:1, 1 more${note}`]);
  });

  it("reports a definition in a file the variants share once, naming the copy in each variant (duplicate-object)", () => {
    const dir = path.join(ROOT, "fixtures/rules/duplicate-object/invalid-variants-share-a-file");
    const result = lint({ paths: [dir], cwd: dir });
    const dup = result.findings.filter((f) => f.ruleId === "duplicate-object");
    expect(dup.map((f) => [`${f.file}:${f.line}:${f.column}`, f.severity, f.message, f.units])).toEqual([
      ["collector.selinux.yaml:4:3", "warning", "alternative to collector.yaml (2 shared objects): each is linted as a set of its own", undefined],
      ["collector.selinux.yaml:25:3", "error", "also defined at obs-settings.yaml:6", undefined],
      ["collector.yaml:23:3", "error", "also defined at obs-settings.yaml:6", undefined],
      ["obs-settings.yaml:6:3", "error", "also defined at collector.yaml:23, collector.selinux.yaml:25", undefined],
    ]);
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
