import { defineRule } from "../src/engine/rule.js";
import { apiGroup } from "../src/model/resource.js";
import { firstUnmetRequirement, formatSelector, podSelectionOf, type CompiledSelector } from "../src/model/selector.js";
import type { ObjectPath } from "../src/types.js";
import { objectChainMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "selector-mismatch",
    scope: "object",
    title: "A workload's selector must match its own pod template",
    category: "cross-resource",
    severity: "error",
    description:
      "Reports Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and Jobs with manualSelector whose spec.selector does not select the labels of their own pod template, is empty, or is malformed.",
    rationale:
      "The API server rejects such a workload (`selector does not match template labels`), so the apply fails; the mistake usually comes from renaming a label in one place only.",
    remediation: "Make spec.selector and spec.template.metadata.labels agree: every matchLabels pair and matchExpressions requirement must hold for the template's labels.",
    references: {
      equivalents: { kubeLinter: "mismatching-selector", kubeScore: "deployment-pod-selector-labels-match-template-metadata-labels / statefulset-pod-selector-labels-match-template-metadata-labels" },
      links: ["https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector"],
    },
    examples: {
      bad: "selector:\n  matchLabels:\n    app: api\ntemplate:\n  metadata:\n    labels:\n      app: api-server\n",
      good: "selector:\n  matchLabels:\n    app: api\ntemplate:\n  metadata:\n    labels:\n      app: api\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const resource = pod.resource;
      const sel = podSelectionOf(resource);
      // An absent selector is a schema error (or defaults to the template's labels): not this rule's.
      if (!sel || !sel.written || sel.malformed) continue;
      const { selector } = sel;
      if (selector.invalid) {
        report({ target: { resource, path: [...sel.path, "matchExpressions", selector.invalidIndex ?? 0] }, message: `invalid selector: ${selector.invalidReason}` });
        continue;
      }
      if (selector.empty) {
        // apps/v1 (and v1beta2) reject an empty selector; apps/v1beta1 and extensions defaulted it to the template's labels.
        // A selector whose matchLabels or matchExpressions is under a misspelt key (macthLabels) is the
        // schema rule's finding, with the rename: this one stands only where that rule is off.
        const causedBy = ["matchLabels", "matchExpressions"].some((f) => objectChainMisspelt(resource, ["spec", "selector", f])) ? "schema" : undefined;
        if (apiGroup(resource.apiVersion) === "apps" && resource.apiVersion !== "apps/v1beta1") report({ target: { resource, path: sel.path }, message: "spec.selector is empty", causedBy });
        continue;
      }
      if (selector.matches(pod.labels)) continue;
      report({
        target: { resource, path: firstFailing(sel.path, selector, pod.labels, resource.kind === "ReplicationController") },
        message: `selector ${formatSelector(selector)} does not match its pod template's labels (${formatLabels(pod.labels)})`,
      });
    }
  },
});

function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.join(",") : "none";
}

/** The first requirement the template's labels fail: the field to fix. */
function firstFailing(base: ObjectPath, selector: CompiledSelector, labels: Record<string, string>, mapForm: boolean): ObjectPath {
  const unmet = firstUnmetRequirement(selector, labels);
  if (!unmet) return base;
  if ("matchLabel" in unmet) return mapForm ? [...base, unmet.matchLabel] : [...base, "matchLabels", unmet.matchLabel];
  return [...base, "matchExpressions", unmet.expression];
}
