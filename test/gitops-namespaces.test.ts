import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { findKustomizeTool } from "../src/render/kustomize.js";
import resourceRequests from "../rules/resource-requests.js";
import { testTree as tree } from "./helpers/temp-dir.js";

// The namespace an object is created in when a GitOps controller of the tree applies its directory:
// an Argo CD Application's destination.namespace for objects that set none, a Flux Kustomization's
// targetNamespace for every namespaced object. Observed through a rule's findings, which name it.

const application = (name: string, source: string, namespace: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://git.example.com/gitops.git\n    targetRevision: main\n    ${source}\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: ${namespace}\n---\n`;
const deployment = (name: string, namespace?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ""}spec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: registry.example.com/${name}:1.0.0\n`;

/** "file kind namespace/name" of each resource-requests finding, sorted. */
function placed(dir: string): string[] {
  const { findings } = lint({ paths: [dir], cwd: dir, rules: [resourceRequests] });
  return findings.map((f) => `${f.file} ${f.resource?.kind} ${f.resource?.namespace}/${f.resource?.name}`).sort();
}

describe("namespaces GitOps controllers give", () => {
  it("an Argo CD Application's destination.namespace holds the objects of its directory that set none", () => {
    const dir = tree("k8slint-argocd-ns-", {
      "argocd/apps.yaml": application("shop", "path: apps/shop", "shop") + application("blog", "path: ./apps/blog/", "blog"),
      "apps/shop/web.yaml": deployment("web"),
      "apps/shop/worker.yaml": deployment("worker", "jobs"),
      "apps/blog/web.yaml": deployment("web"),
      // Not applied by either Application (a directory source does not recurse): the run's default.
      "apps/shop/old/web.yaml": deployment("legacy"),
      "other/web.yaml": deployment("other"),
    });
    expect(placed(dir)).toEqual([
      "apps/blog/web.yaml Deployment blog/web",
      "apps/shop/old/web.yaml Deployment default/legacy",
      "apps/shop/web.yaml Deployment shop/web",
      "apps/shop/worker.yaml Deployment jobs/worker",
      "other/web.yaml Deployment default/other",
    ]);
  });

  it("directory.recurse takes the subdirectories; two Applications of one directory into two namespaces leave it undecided", () => {
    const dir = tree("k8slint-argocd-recurse-", {
      "argocd/apps.yaml":
        application("shop", "path: apps/shop\n    directory:\n      recurse: true", "shop") +
        application("blue", "path: apps/colour", "blue") +
        application("green", "path: apps/colour", "green"),
      "apps/shop/web/web.yaml": deployment("web"),
      "apps/colour/web.yaml": deployment("colour"),
    });
    expect(placed(dir)).toEqual(["apps/colour/web.yaml Deployment default/colour", "apps/shop/web/web.yaml Deployment shop/web"]);
  });

  it("an ApplicationSet's Git directory generator: one Application per matching directory, named by it; excluded ones left out", () => {
    const set = (pattern: string, namespace: string, extra = "") =>
      `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: apps\n  namespace: argocd\nspec:\n  goTemplate: true\n  generators:\n    - git:\n        repoURL: https://git.example.com/gitops.git\n        revision: HEAD\n        directories:\n          - path: ${pattern}\n${extra}  template:\n    metadata:\n      name: '{{.path.basename}}'\n    spec:\n      project: default\n      source:\n        repoURL: https://git.example.com/gitops.git\n        targetRevision: HEAD\n        path: '{{.path.path}}'\n      destination:\n        server: https://kubernetes.default.svc\n        namespace: ${namespace}\n---\n`;
    const dir = tree("k8slint-appset-ns-", {
      "bootstrap/appset.yaml": set("apps/*", "'{{.path.basename}}'", "          - path: apps/legacy\n            exclude: true\n"),
      "apps/shop/web.yaml": deployment("web"),
      "apps/blog/web.yaml": deployment("web"),
      "apps/legacy/web.yaml": deployment("legacy"),
    });
    expect(placed(dir)).toEqual([
      "apps/blog/web.yaml Deployment blog/web",
      "apps/legacy/web.yaml Deployment default/legacy",
      "apps/shop/web.yaml Deployment shop/web",
    ]);
    const classes = tree("k8slint-appset-class-", {
      "appset.yaml": set("teams/[a-m]*", "shared"),
      "teams/alpha/api.yaml": deployment("api"),
      "teams/zulu/api.yaml": deployment("api"),
    });
    expect(placed(classes)).toEqual(["teams/alpha/api.yaml Deployment shared/api", "teams/zulu/api.yaml Deployment default/api"]);
    // basenameNormalized: the directory's name made a DNS name, as Argo CD's SanitizeName makes it.
    const normalized = tree("k8slint-appset-normalized-", {
      "appset.yaml": set("teams/*", "'{{.path.basenameNormalized}}'"),
      "teams/Data_Science/api.yaml": deployment("api"),
    });
    expect(placed(normalized)).toEqual(["teams/Data_Science/api.yaml Deployment data-science/api"]);
  });

  it("an ApplicationSet's exclude pattern matches the whole path from the repository's root, and `[!…]` is no negation", () => {
    const set = (directories: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: apps\n  namespace: argocd\nspec:\n  generators:\n    - git:\n        repoURL: https://git.example.com/gitops.git\n        revision: HEAD\n        directories:\n${directories}  template:\n    metadata:\n      name: '{{path.basename}}'\n    spec:\n      project: default\n      source:\n        repoURL: https://git.example.com/gitops.git\n        targetRevision: HEAD\n        path: '{{path}}'\n      destination:\n        server: https://kubernetes.default.svc\n        namespace: '{{path.basename}}'\n---\n`;
    // Go's path.Match: `legacy` is the top-level directory only; `[!a]*` is a name starting with ! or a.
    const dir = tree("k8slint-appset-exclude-", {
      "appset.yaml": set("          - path: apps/*\n          - path: legacy\n            exclude: true\n          - path: teams/[!a]*\n"),
      "apps/legacy/web.yaml": deployment("web"),
      "teams/alpha/api.yaml": deployment("api"),
      "teams/zulu/api.yaml": deployment("api"),
    });
    expect(placed(dir)).toEqual(["apps/legacy/web.yaml Deployment legacy/web", "teams/alpha/api.yaml Deployment alpha/api", "teams/zulu/api.yaml Deployment default/api"]);
  });

  it("an ApplicationSet's template in the other template syntax than goTemplate says makes no Application of the directory", () => {
    const set = (goTemplate: boolean, p: string, ns: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: apps\n  namespace: argocd\nspec:\n  goTemplate: ${goTemplate}\n  generators:\n    - git:\n        repoURL: https://git.example.com/gitops.git\n        revision: HEAD\n        directories:\n          - path: apps/*\n  template:\n    metadata:\n      name: apps\n    spec:\n      project: default\n      source:\n        repoURL: https://git.example.com/gitops.git\n        targetRevision: HEAD\n        path: '${p}'\n      destination:\n        server: https://kubernetes.default.svc\n        namespace: '${ns}'\n---\n`;
    const files = (appset: string) => ({ "appset.yaml": appset, "apps/shop/web.yaml": deployment("web") });
    expect(placed(tree("k8slint-appset-go-", files(set(true, "{{path}}", "{{.path.basename}}"))))).toEqual(["apps/shop/web.yaml Deployment default/web"]);
    expect(placed(tree("k8slint-appset-fast-", files(set(false, "{{.path.path}}", "{{path.basename}}"))))).toEqual(["apps/shop/web.yaml Deployment default/web"]);
    // A namespace written in the other syntax is not read.
    expect(placed(tree("k8slint-appset-mixed-", files(set(true, "{{.path.path}}", "{{path.basename}}"))))).toEqual(["apps/shop/web.yaml Deployment default/web"]);
    expect(placed(tree("k8slint-appset-right-", files(set(false, "{{path}}", "{{path.basename}}"))))).toEqual(["apps/shop/web.yaml Deployment shop/web"]);
  });

  it("a Flux Kustomization's targetNamespace replaces the namespace its objects set; a substituted one is not read", () => {
    const flux = (name: string, p: string, target: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  targetNamespace: ${target}\n---\n`;
    const dir = tree("k8slint-flux-ns-", {
      "clusters/production/apps.yaml": flux("apps", "./apps/production", "shop-prod") + flux("tools", "./apps/tools", "${TOOLS_NAMESPACE}"),
      "apps/production/web.yaml": deployment("web", "shop"),
      "apps/production/api/api.yaml": deployment("api"),
      "apps/tools/debug.yaml": deployment("debug"),
    });
    expect(placed(dir)).toEqual([
      "apps/production/api/api.yaml Deployment shop-prod/api",
      "apps/production/web.yaml Deployment shop-prod/web",
      "apps/tools/debug.yaml Deployment default/debug",
    ]);
  });

  it.skipIf(!findKustomizeTool())("a Kustomize root an Application syncs: its rendered objects that set no namespace are in the destination's", () => {
    const dir = tree("k8slint-argocd-kustomize-", {
      "argocd/shop.yaml": application("shop", "path: shop/overlays/prod", "shop-prod"),
      "shop/base/kustomization.yaml": "resources:\n  - web.yaml\n",
      "shop/base/web.yaml": deployment("web"),
      "shop/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\n",
    });
    expect(placed(dir)).toEqual(["shop/base/web.yaml Deployment shop-prod/web"]);
  });

  // home-ops layout: kubernetes/apps/<namespace>/<app>/ks.yaml applies app/ with Components shared by many apps.
  const withComponents = (name: string, namespace: string, app: string) =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  components:\n    - ../../../../components/backup\n  interval: 1h\n  path: ${app}\n  postBuild:\n    substitute:\n      APP: ${name}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  targetNamespace: ${namespace}\n`;
  const component = {
    "kubernetes/components/backup/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - ./backup.yaml\n",
    "kubernetes/components/backup/backup.yaml": deployment("backup"),
  };

  it.skipIf(!findKustomizeTool())("a Flux Kustomization's Components are objects of each build it adds them to, in its targetNamespace", () => {
    const dir = tree("k8slint-flux-components-", {
      ...component,
      "kubernetes/apps/media/sonarr/ks.yaml": withComponents("sonarr", "media", "./kubernetes/apps/media/sonarr/app"),
      "kubernetes/apps/media/sonarr/app/kustomization.yaml": "resources:\n  - web.yaml\n",
      "kubernetes/apps/media/sonarr/app/web.yaml": deployment("sonarr"),
      "kubernetes/apps/default/echo/ks.yaml": withComponents("echo", "default", "./kubernetes/apps/default/echo/app"),
      "kubernetes/apps/default/echo/app/kustomization.yaml": "resources:\n  - web.yaml\n",
      "kubernetes/apps/default/echo/app/web.yaml": deployment("echo"),
    });
    const { findings } = lint({ paths: [dir], cwd: dir, rules: [resourceRequests], fixes: true });
    const backup = findings.filter((f) => f.file === "kubernetes/components/backup/backup.yaml");
    // One problem of the Component's file, found in both builds; its remedy edits that file.
    expect(backup.map((f) => [f.line, f.units])).toEqual([[13, ["kustomize kubernetes/apps/default/echo/app", "kustomize kubernetes/apps/media/sonarr/app"]]]);
    expect(backup[0].suggestions?.map((c) => c.display)).toEqual(["kubernetes/components/backup/backup.yaml"]);
    expect(placed(dir)).toEqual([
      "kubernetes/apps/default/echo/app/web.yaml Deployment default/echo",
      "kubernetes/apps/media/sonarr/app/web.yaml Deployment media/sonarr",
      "kubernetes/components/backup/backup.yaml Deployment default/backup",
    ]);
  });

  it("a Component added to a directory that is not built is applied with it, in its targetNamespace", () => {
    const dir = tree("k8slint-flux-components-plain-", {
      ...component,
      "kubernetes/apps/media/sonarr/ks.yaml": withComponents("sonarr", "media", "./kubernetes/apps/media/sonarr/app"),
      "kubernetes/apps/media/sonarr/app/web.yaml": deployment("sonarr"),
    });
    expect(placed(dir)).toEqual(["kubernetes/apps/media/sonarr/app/web.yaml Deployment media/sonarr", "kubernetes/components/backup/backup.yaml Deployment media/backup"]);
  });
});
