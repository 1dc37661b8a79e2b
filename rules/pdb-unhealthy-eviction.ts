import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { getPath, isRecord } from "../src/model/pod-spec.js";
import { servesUnhealthyPodEvictionPolicy } from "../src/model/pdb-eviction-policy.js";
import { specFieldMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "pdb-unhealthy-eviction",
    scope: "object",
    title: "PodDisruptionBudgets should let unhealthy pods be evicted",
    category: "reliability",
    severity: "info",
    description:
      "Reports a PodDisruptionBudget that does not set unhealthyPodEvictionPolicy (the default, IfHealthyBudget, applies), when the target Kubernetes version (--kube-version) serves the field: 1.27 and later. One that sets IfHealthyBudget explicitly is a decision and is left alone.",
    rationale:
      "With IfHealthyBudget a pod that is running but not Ready (crash-looping, stuck on a dependency) can be evicted only while the budget is met. When a bad rollout leaves the workload unhealthy, the budget is never met, so `kubectl drain` and node upgrades hang on pods that serve nothing. AlwaysAllow lets those pods go while still protecting the healthy ones.",
    remediation: "Set spec.unhealthyPodEvictionPolicy: AlwaysAllow (or IfHealthyBudget explicitly when the application must not lose even unready pods, such as a quorum still catching up).",
    differences: [
      "kube-linter's pdb-unhealthy-pod-eviction-policy also reports an explicit IfHealthyBudget; writing it out is a decision (a quorum still catching up must not lose unready members), so only the unset default is reported here.",
    ],
    references: {
      equivalents: { kubeLinter: "pdb-unhealthy-pod-eviction-policy" },
      links: ["https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy"],
    },
    defaultReason:
      "it is advice (info) that does not fail a run, and the stuck drain it prevents hits every operator of the budget sooner or later. On the corpora: 3 budgets in kube-prometheus, 2 in Caracal, 1 in Santaclaude, all settled with one line; Continuum, which writes IfHealthyBudget explicitly, is left alone.",
    examples: {
      bad: "kind: PodDisruptionBudget\nspec:\n  maxUnavailable: 1\n",
      good: "kind: PodDisruptionBudget\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n",
    },
  },
  check({ model, report }) {
    // Advice to set a field the target API server does not know would be advice to break the apply.
    if (!servesUnhealthyPodEvictionPolicy(model.settings.kubeVersion)) return;
    for (const pdb of model.index.ofKind("PodDisruptionBudget")) {
      // A policy/v1beta1 budget is reported too: the targets that serve the field no longer serve
      // v1beta1 (deprecated-api says so), and the budget needs the setting once it is migrated.
      if (!pdb.apiVersion.startsWith("policy/")) continue;
      if (getPath(pdb.object, ["spec", "unhealthyPodEvictionPolicy"]) !== undefined) continue;
      const spec = isRecord(pdb.object.spec);
      // A suggestion, not a fix: whether unready pods may go is the application's call (a quorum
      // catching up must keep them). Only policy/v1 has the field.
      const suggestions = spec && pdb.apiVersion === "policy/v1" ? [setValue("set unhealthyPodEvictionPolicy: AlwaysAllow", ["spec", "unhealthyPodEvictionPolicy"], "AlwaysAllow")] : [];
      report({
        target: { resource: pdb, path: spec ? ["spec"] : ["metadata", "name"] },
        message: "sets no unhealthyPodEvictionPolicy: unready pods block drains while the budget is unmet",
        suggestions,
        // Written under a misspelt key (unhealthyPodEvictionPolicyy), it is the schema rule's finding, with the rename.
        causedBy: specFieldMisspelt(pdb, "unhealthyPodEvictionPolicy") ? "schema" : undefined,
      });
    }
  },
});
