import path from "node:path";
import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "kustomize-build",
    scope: "object",
    title: "Kustomize roots must build",
    category: "syntax",
    severity: "error",
    description:
      "Reports a Kustomize root (a directory with kustomization.yaml) that `kubectl kustomize` or `kustomize build` cannot build, with the tool's message, at the entry it names. The directory's resource files are then linted as plain files, so the rest is still checked; its patches are not, being fragments. An overlay that fails only because a base linted in the same run fails is info: the base's finding is the one to fix.",
    rationale: "`kubectl apply -k` refuses a kustomization that does not build: nothing in it reaches the cluster, and what is linted is not what would be applied.",
    remediation:
      "Run `kubectl kustomize <dir>` and fix what it reports: add or remove the missing resource file, drop the duplicated object, and keep overlays outside the base directory they build on (a base that contains its overlays is a cycle).",
    references: {
      links: ["https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/"],
    },
    examples: {
      bad: "# kustomization.yaml\nresources:\n  - secrets.yaml   # no such file\n",
      good: "# kustomization.yaml\nresources:\n  - deployment.yaml\n",
    },
  },
  check({ model, report }) {
    // A base that fails makes every overlay on it fail too: the base's own finding is the one to fix,
    // and the overlays' say what it takes down, as info.
    const failedRoots = new Set(model.inputProblems.filter((p) => p.kind === "kustomize-build").map((p) => path.dirname(p.file.path)));
    for (const p of model.inputProblems) {
      if (p.kind === "kustomize-build") {
        const consequence = p.base !== undefined && failedRoots.has(p.base);
        report({ target: { file: p.file, start: p.start, end: p.end }, message: p.message, ...(consequence ? { severity: "info" as const } : {}) });
      }
      // A remote base is not fetched unless the user allows it: a notice, not a fault of the manifests.
      else if (p.kind === "kustomize-remote") report({ target: { file: p.file, start: p.start, end: p.end }, message: p.message, severity: "info" });
    }
  },
});
