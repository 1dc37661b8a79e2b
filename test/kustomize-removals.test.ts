import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { lint, type LintResult } from "../src/lint.js";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { ROOT } from "./helpers/fixtures.js";
import { testTree as tree } from "./helpers/temp-dir.js";

// A rule reports a missing field at its parent (the container, its securityContext). When the base
// writes the field and an overlay's patch removes it, the user's change is the patch: the finding is
// at the operation that removed it (a JSON patch's `- op: remove`, a strategic merge patch's `null` or
// `$patch: delete`), and --fix never writes the field back into the base, where the build would drop it again.

const tool = findKustomizeTool();
if (!tool) console.warn("kustomize removal tests SKIPPED: neither kubectl nor kustomize is installed");
const withTool = describe.skipIf(!tool);
const BIN = path.join(ROOT, "bin/k8slint");

/** A Deployment with nothing to fix but what the tests remove (the pod's seccomp profile and token are set). */
const BASE = (securityContext: string) => `apiVersion: apps/v1
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
      automountServiceAccountToken: false
      securityContext:
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: app
          image: nginx:1.25
          securityContext:
${securityContext}`;

const FULL = "            runAsNonRoot: true\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n";

const SMP = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
${container}`;

/** An overlay of ../base whose inline JSON patch removes each of `paths` (its first `- op: remove` is on line 6). */
const REMOVING = (...paths: string[]) =>
  ["resources:", "  - ../base", "patches:", "  - target: {kind: Deployment, name: web}", "    patch: |-", ...paths.flatMap((p) => ["      - op: remove", `        path: ${p}`]), ""].join("\n");

const RULES = ["run-as-non-root", "read-only-root-filesystem", "allow-privilege-escalation", "liveness-probe"];
const located = (r: LintResult) => r.findings.filter((f) => RULES.includes(f.ruleId)).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

withTool("a finding about a field an overlay's patch removes", () => {
  it("is at the JSON patch's remove operation, the base's other findings where they are", () => {
    const dir = tree("k8slint-removal-json-", {
      "base/deploy.yaml": BASE(FULL),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": REMOVING("/spec/template/spec/containers/0/securityContext/runAsNonRoot"),
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    expect(located(r)).toEqual(["base/deploy.yaml:16:11 liveness-probe", "overlay/kustomization.yaml:6:9 run-as-non-root"]);
    // The finding's path is still the parent the rule named: identities and baselines do not move.
    expect(r.findings.find((f) => f.ruleId === "run-as-non-root")?.path).toBe("spec.template.spec.containers[0].securityContext");
  });

  it("is at a strategic merge patch's `$patch: delete` of the securityContext, for every field the base had there", () => {
    const dir = tree("k8slint-removal-delete-", {
      "base/deploy.yaml": BASE(FULL),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "overlay/patch.yaml": SMP("          securityContext:\n            $patch: delete\n"),
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir, fixes: true });
    expect(located(r)).toEqual([
      "base/deploy.yaml:16:11 liveness-probe",
      "overlay/patch.yaml:11:13 allow-privilege-escalation",
      "overlay/patch.yaml:11:13 read-only-root-filesystem",
      "overlay/patch.yaml:11:13 run-as-non-root",
    ]);
    // The base is not where to fix it: the build would remove the field again.
    const ape = r.findings.find((f) => f.ruleId === "allow-privilege-escalation")!;
    expect([ape.fix, ape.noFix]).toEqual([
      undefined,
      "no automatic fix: a patch (overlay/patch.yaml:11) removes spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation or what holds it; change it there",
    ]);
  });

  it("is at a strategic merge patch's `field: null`", () => {
    const dir = tree("k8slint-removal-null-", {
      "base/deploy.yaml": BASE(FULL),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "overlay/patch.yaml": SMP("          securityContext:\n            runAsNonRoot: null\n"),
    });
    expect(located(lint({ paths: [path.join(dir, "overlay")], cwd: dir }))).toEqual(["base/deploy.yaml:16:11 liveness-probe", "overlay/patch.yaml:11:13 run-as-non-root"]);
  });

  it("stays at the base for a field the base never wrote, whatever the patch removed around it", () => {
    const dir = tree("k8slint-removal-unwritten-", {
      "base/deploy.yaml": BASE("            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "overlay/patch.yaml": SMP("          securityContext:\n            $patch: delete\n"),
    });
    expect(located(lint({ paths: [path.join(dir, "overlay")], cwd: dir }))).toEqual([
      "base/deploy.yaml:16:11 liveness-probe",
      "base/deploy.yaml:16:11 run-as-non-root",
      "overlay/patch.yaml:11:13 allow-privilege-escalation",
      "overlay/patch.yaml:11:13 read-only-root-filesystem",
    ]);
  });

  it("is at the removal in every overlay that shares the rendered object, in a run that keeps no edits", () => {
    // Two overlays print the object alike: the second unit gets the first one's reports, re-targeted (src/engine/shared-objects.ts).
    const dir = tree("k8slint-removal-shared-", {
      "base/deploy.yaml": BASE(FULL),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "strip/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n",
      "strip/patch.yaml": SMP("          securityContext:\n            runAsNonRoot: null\n"),
      "a/kustomization.yaml": "resources:\n  - ../base\ncomponents:\n  - ../strip\n",
      "b/kustomization.yaml": "resources:\n  - ../base\ncomponents:\n  - ../strip\n",
    });
    const r = lint({ paths: [path.join(dir, "a"), path.join(dir, "b")], cwd: dir });
    const found = r.findings.filter((f) => f.ruleId === "run-as-non-root");
    expect(found.map((f) => [`${f.file}:${f.line}:${f.column}`, [...(f.units ?? [])].sort()])).toEqual([["strip/patch.yaml:11:13", ["kustomize a", "kustomize b"]]]);
  });

  it("is never fixed in the base by --fix, and a disable comment at the removal suppresses it (the real CLI)", () => {
    const dir = tree("k8slint-removal-cli-", {
      "base/deploy.yaml": BASE(FULL),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n",
      "overlay/patch.yaml": SMP("          securityContext:\n            # k8slint-disable-next-line run-as-non-root -- the image needs root to bind port 80\n            $patch: delete\n"),
    });
    const before = fs.readFileSync(path.join(dir, "base/deploy.yaml"), "utf8");
    const run = spawnSync(process.execPath, [BIN, "--no-config", "--fix", "-f", "json", "overlay"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(fs.readFileSync(path.join(dir, "base/deploy.yaml"), "utf8")).toBe(before);
    const report = JSON.parse(run.stdout) as { results: Array<{ ruleId: string; file: string; line: number; column: number; suppressed: boolean }> };
    expect(report.results.filter((f) => RULES.includes(f.ruleId)).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}${f.suppressed ? " (suppressed)" : ""}`)).toEqual([
      "base/deploy.yaml:16:11 liveness-probe",
      "overlay/patch.yaml:12:13 allow-privilege-escalation",
      "overlay/patch.yaml:12:13 read-only-root-filesystem",
      "overlay/patch.yaml:12:13 run-as-non-root (suppressed)",
    ]);
  });
});

/** BASE with a sidecar "side" before the container "app", both with `securityContext` as given. */
const TWO = (side: string, app: string) =>
  BASE(app).replace(
    "      containers:\n",
    `      containers:\n        - name: side\n          image: busybox:1.36\n          livenessProbe: {exec: {command: [true]}}\n          securityContext:\n${side}`,
  );

withTool("a finding about a field a JSON patch removed before an item of its list", () => {
  it("is at the operation that removed it from that container, whose index the later removal of an item shifted", () => {
    // The first operation takes app's field (app is item 1 then), the second side's, the third side itself:
    // app is item 0 of the rendered list, but its field is the first operation's, not the second's.
    const dir = tree("k8slint-removal-shifted-", {
      "base/deploy.yaml": TWO(FULL, FULL),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": REMOVING("/spec/template/spec/containers/1/securityContext/runAsNonRoot", "/spec/template/spec/containers/0/securityContext/runAsNonRoot", "/spec/template/spec/containers/0"),
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir, fixes: true });
    const f = r.findings.find((x) => x.ruleId === "run-as-non-root")!;
    expect([`${f.file}:${f.line}:${f.column}`, f.noFix]).toEqual([
      "overlay/kustomization.yaml:6:9",
      "no automatic fix: a patch (overlay/kustomization.yaml:6) removes spec.template.spec.containers.0.securityContext.runAsNonRoot or what holds it; change it there",
    ]);
  });
});

withTool("a finding whose remedy also writes a field a patch removed, which is not what it is about", () => {
  it("stays where the field it is about is missing: runAsUser: 0 removed does not unset runAsNonRoot", () => {
    // run-as-non-root suggests {runAsNonRoot: true, runAsUser: 10001}; the overlay removed the base's
    // runAsUser: 0 (root), which is not why runAsNonRoot is missing: the base never set it.
    const dir = tree("k8slint-removal-companion-", {
      "base/deploy.yaml": BASE("            runAsUser: 0\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "overlay/kustomization.yaml": REMOVING("/spec/template/spec/containers/0/securityContext/runAsUser"),
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    expect(located(r)).toEqual(["base/deploy.yaml:16:11 liveness-probe", "base/deploy.yaml:18:11 run-as-non-root"]);
  });
});
