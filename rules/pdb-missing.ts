import { defineRule } from "../src/engine/rule.js";
import { describeReplicaCount, scaleOf } from "../src/model/replicas.js";
import type { Resource } from "../src/model/resource.js";
import type { FixSpec } from "../src/engine/fix.js";
import { subjectsOfKind } from "../src/model/subjects.js";
import { servesUnhealthyPodEvictionPolicy } from "../src/model/pdb-eviction-policy.js";
import { selectorMatchLabelsOnly } from "../src/model/selector.js";
import { nearMissOf, selectsNoPods } from "../src/model/dangling-selection.js";
import { ExternalObjects } from "../src/model/external.js";

export default defineRule({
  meta: {
    id: "pdb-missing",
    scope: "subject",
    title: "Replicated workloads need a PodDisruptionBudget",
    category: "reliability",
    severity: "warning",
    description:
      "Reports a Deployment or StatefulSet that runs more than one replica (spec.replicas, or the minReplicas of an HPA that scales it) when no PodDisruptionBudget in its namespace selects its pods. A budget of the namespace that selects no pods and was meant for the workload (named after it, or selecting a slip of its labels: app: webb for app: web) is dangling-selector's finding, at that budget's selector; with that rule off, this finding names the budget. No new budget is proposed where one of the workload's name exists.",
    rationale:
      "Without a budget, a node drain or cluster upgrade may evict every replica at once: the redundancy the replicas were meant to give disappears exactly during maintenance. A quorum system (ZooKeeper, Kafka, etcd) can lose its quorum.",
    remediation:
      "Add a policy/v1 PodDisruptionBudget in the same namespace whose selector matches the pod template's labels, with maxUnavailable: 1 (or a minAvailable below the replica count) and unhealthyPodEvictionPolicy: AlwaysAllow.",
    references: {
      guides: ["Ritma: Enable pod disruption budgets", "CONTINUUM: High Availability: Multi-zone, PodDisruptionBudget", "Caracal: pdb.yaml (Requirements 17.2, 17.4)"],
      equivalents: { kubeScore: "deployment-has-poddisruptionbudget / statefulset-has-poddisruptionbudget", polaris: "missingPodDisruptionBudget" },
      links: ["https://kubernetes.io/docs/tasks/run-application/configure-pdb/"],
    },
    differences: [
      "An omitted spec.replicas counts as 1, as Kubernetes defaults it: a Deployment or StatefulSet that sets no replicas (and no HPA scales it) runs one pod and is not asked for a budget, where kube-score and Polaris ask every Deployment for one.",
    ],
    examples: {
      bad: "kind: Deployment\nspec:\n  replicas: 3   # and no PodDisruptionBudget selects app=api\n",
      good: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: api\n  unhealthyPodEvictionPolicy: AlwaysAllow\n",
    },
  },
  check({ model, report }) {
    const external = new ExternalObjects(model.settings.external, model.settings.defaultNamespace);
    // The budgets that select no pods, by namespace: judged once, asked of each workload without one.
    let dangling: Map<string | undefined, Resource[]> | undefined;
    const danglingBudgetsIn = (namespace: string | undefined) => {
      if (!dangling) {
        dangling = new Map();
        for (const pdb of model.index.ofKind("PodDisruptionBudget")) {
          if (!selectsNoPods(pdb, model.index, external)) continue;
          const list = dangling.get(pdb.namespace);
          if (list) list.push(pdb);
          else dangling.set(pdb.namespace, [pdb]);
        }
      }
      return dangling.get(namespace) ?? [];
    };
    for (const kind of ["Deployment", "StatefulSet"]) {
      for (const resource of subjectsOfKind(model, kind)) {
        const pod = model.index.podTemplate(resource);
        const scale = scaleOf(resource, model.index);
        if (!pod || !scale || scale.max <= 1) continue;
        if (model.index.isSelected("PodDisruptionBudget", pod)) continue;
        const count = describeReplicaCount(resource, scale);
        // A budget of the namespace that selects nothing and was plainly meant for these pods (named after
        // the workload, or selecting a slip of their labels) is the cause: dangling-selector reports its
        // selector, with the label it missed. Another budget beside it is not the remedy.
        const meant = danglingBudgetsIn(resource.namespace).find((pdb) => pdb.name === resource.name || nearMissOf(pdb, pod));
        // A budget already named after the workload: adding one of that name would replace or duplicate it.
        const nameTaken = model.index.get("PodDisruptionBudget", resource.namespace, resource.name).length > 0;
        report({
          target: { resource, path: count.fromSpec ? ["spec", "replicas"] : ["metadata", "name"] },
          // Its own namespace, which the finding's object names: overlays that differ only by namespace say the same.
          message: `runs ${count.text} but no PodDisruptionBudget in its namespace selects its pods${meant ? ` (PodDisruptionBudget "${meant.name}" selects no pods)` : ""}`,
          ...(meant ? { causedBy: { rule: "dangling-selector", in: meant } } : {}),
          ...(meant || nameTaken ? {} : budgetSuggestion(resource, servesUnhealthyPodEvictionPolicy(model.settings.kubeVersion))),
        });
      }
    }
  },
});

/**
 * A policy/v1 budget after the workload's document (for a Kustomize-rendered workload, a file beside its
 * base), selecting what the workload selects (matchLabels only). Where the target serves it, the budget
 * lets unready pods be evicted, as pdb-unhealthy-eviction advises: a proposal should not draw a finding.
 */
function budgetSuggestion(resource: Resource, evictUnhealthy: boolean): { suggestions?: FixSpec[] } {
  const matchLabels = selectorMatchLabelsOnly(resource);
  if (!matchLabels) return {};
  const metadata: Record<string, unknown> = { name: resource.name };
  if (resource.namespaceExplicit) metadata.namespace = resource.namespace;
  const value = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata, spec: { maxUnavailable: 1, selector: { matchLabels }, ...(evictUnhealthy ? { unhealthyPodEvictionPolicy: "AlwaysAllow" } : {}) } };
  // Name, namespace and labels are the workload's: for a rendered one, as its base writes them.
  const copies = [["metadata", "name"], ["metadata", "namespace"], ["spec", "selector", "matchLabels"]].map((p) => ({ path: p, from: p }));
  return { suggestions: [{ description: `add a PodDisruptionBudget ${resource.name} with maxUnavailable: 1`, operations: [{ op: "add-document", value, copies }] }] };
}
