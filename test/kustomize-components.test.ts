import path from "node:path";
import { expect, it } from "vitest";
import { lint, type LintResult } from "../src/lint.js";
import { describeWithKustomize } from "./helpers/kustomize-tool.js";
import { webDeployment } from "./helpers/manifests.js";
import { testTree as tree } from "./helpers/temp-dir.js";

// A Component (kind: Component) listed in an overlay's `components:` adds its own resources, and its
// transformers (namespace, namePrefix, labels, patches) run over everything the overlay has gathered
// so far, its bases' objects included, before the overlay's own. Findings map to the component's
// file where the component wrote what they are about.

const DEPLOY = webDeployment("nginx:latest");

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox:latest
`;

const COMPONENT = (more: string) => `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
${more}resources:
  - job.yaml
`;

const JSON_REPLACE_IMAGE = "      - op: replace\n        path: /spec/template/spec/containers/0/image\n        value: nginx:latest\n";
/** An overlay of ../base with `components`, whose JSON patch sets the image of the Deployment named `name` to nginx:latest (line 10). */
const LATEST_FOR = (name: string, components: string) =>
  `resources:\n  - ../base\ncomponents:\n  - ${components}\npatches:\n  - target: {kind: Deployment, name: ${name}}\n    patch: |-\n${JSON_REPLACE_IMAGE}`;

const located = (r: LintResult, rules: readonly string[]) =>
  r.findings.filter((f) => rules.includes(f.ruleId)).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.resource?.kind}/${f.resource?.name}`);

describeWithKustomize("objects and fields a Kustomize component makes", () => {
  it("maps the component's own object to its file, and a namespace the component sets, on a base's object too, to its namespace: line", () => {
    const dir = tree("k8slint-component-namespace-", {
      "base/deploy.yaml": DEPLOY,
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "comp/kustomization.yaml": COMPONENT("namespace: Team_A\nnamePrefix: c-\n"),
      "comp/job.yaml": JOB,
      "overlay/kustomization.yaml": "resources:\n  - ../base\ncomponents:\n  - ../comp\n",
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    expect(located(r, ["image-tag", "invalid-name"])).toEqual([
      "base/deploy.yaml:14:11 image-tag Deployment/c-web",
      "comp/job.yaml:11:11 image-tag Job/c-migrate",
      // One finding for both objects: the same problem at the same line.
      "comp/kustomization.yaml:3:1 invalid-name Deployment/c-web",
    ]);
  });

  it("leaves a namespace the overlay sets after its component at the overlay's line", () => {
    const dir = tree("k8slint-component-overlay-namespace-", {
      "base/deploy.yaml": DEPLOY,
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "comp/kustomization.yaml": COMPONENT("namespace: team-a\n"),
      "comp/job.yaml": JOB,
      "overlay/kustomization.yaml": "namespace: Team_B\nresources:\n  - ../base\ncomponents:\n  - ../comp\n",
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    expect(located(r, ["invalid-name"])).toEqual(["overlay/kustomization.yaml:1:1 invalid-name Deployment/web"]);
  });

  it("applies an overlay's patch that names the object as its component renamed it", () => {
    const dir = tree("k8slint-component-prefix-patch-", {
      "base/deploy.yaml": DEPLOY.replace("nginx:latest", "nginx:1.25"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "comp/kustomization.yaml": COMPONENT("namePrefix: c-\n"),
      "comp/job.yaml": JOB.replace("busybox:latest", "busybox:1.36"),
      "overlay/kustomization.yaml": LATEST_FOR("c-web", "../comp"),
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    expect(located(r, ["image-tag"])).toEqual(["overlay/kustomization.yaml:10:9 image-tag Deployment/c-web"]);
  });
});

describeWithKustomize("replacements a Kustomize component makes", () => {
  it("maps a field a component's replacement writes on a base's object to that replacement's field path", () => {
    const dir = tree("k8slint-component-replacement-", {
      "base/deploy.yaml": DEPLOY.replace("nginx:latest", "nginx:1.25"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "comp/kustomization.yaml": [
        "apiVersion: kustomize.config.k8s.io/v1alpha1",
        "kind: Component",
        "resources:",
        "  - cm.yaml",
        "replacements:",
        "  - source: {kind: ConfigMap, name: img, fieldPath: data.image}",
        "    targets:",
        "      - select: {kind: Deployment}",
        "        fieldPaths: [spec.template.spec.containers.0.image]",
        "",
      ].join("\n"),
      "comp/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: img\ndata:\n  image: nginx:latest\n",
      "overlay/kustomization.yaml": "resources:\n  - ../base\ncomponents:\n  - ../comp\n",
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    // Not the base's image line, which says nginx:1.25.
    expect(located(r, ["image-tag"])).toEqual(["comp/kustomization.yaml:9:22 image-tag Deployment/web"]);
  });
});

describeWithKustomize("a component a component lists", () => {
  it("runs before the component that lists it, over a base's object too", () => {
    const dir = tree("k8slint-component-nested-", {
      "base/deploy.yaml": DEPLOY.replace("nginx:latest", "nginx:1.25"),
      "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
      "inner/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nnamespace: Inner_NS\nnamePrefix: n-\n",
      "comp/kustomization.yaml": COMPONENT("namePrefix: c-\ncomponents:\n  - ../inner\n"),
      "comp/job.yaml": JOB.replace("busybox:latest", "busybox:1.36"),
      "overlay/kustomization.yaml": LATEST_FOR("c-n-web", "../comp"),
    });
    const r = lint({ paths: [path.join(dir, "overlay")], cwd: dir });
    // kustomize names them c-n-web and c-n-migrate: the inner component's prefix first.
    expect(located(r, ["image-tag", "invalid-name"])).toEqual([
      "inner/kustomization.yaml:3:1 invalid-name Deployment/c-n-web",
      "overlay/kustomization.yaml:10:9 image-tag Deployment/c-n-web",
    ]);
  });
});
