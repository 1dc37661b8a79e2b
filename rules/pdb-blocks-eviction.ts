import { defineRule } from "../src/engine/rule.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import { describeResource } from "../src/model/resource.js";
import { specFieldMisspelt } from "../src/schema/misspelt-field.js";
import { scaleOf } from "../src/model/replicas.js";
import { getPath } from "../src/model/pod-spec.js";
import { subjectsOfKind } from "../src/model/subjects.js";

/** An IntOrString budget: a count, or a percentage of the selected pods. */
function budget(v: unknown): { count: number } | { percent: number } | undefined {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return { count: v };
  if (typeof v === "string") {
    const m = /^(\d+)%$/.exec(v.trim());
    if (m) return { percent: Number(m[1]) };
  }
  return undefined;
}

/** The budget that lets a drain proceed one pod at a time, whatever the replica count: maxUnavailable 1 instead of minAvailable. */
function oneAtATime(): FixSpec {
  return {
    description: "replace minAvailable with maxUnavailable: 1",
    operations: [
      { op: "remove", path: ["spec", "minAvailable"] },
      { op: "set", path: ["spec", "maxUnavailable"], value: 1 },
    ],
  };
}

export default defineRule({
  meta: {
    id: "pdb-blocks-eviction",
    scope: "subject",
    title: "A PodDisruptionBudget must allow at least one eviction",
    category: "reliability",
    severity: "error",
    description:
      "Reports a PodDisruptionBudget that can never allow a voluntary disruption: maxUnavailable 0 or 0%, minAvailable 100%, or a minAvailable (a count, or a percentage rounded up as Kubernetes does) at or above the number of pods of the workloads it selects (for an autoscaled workload, its HPA's minReplicas).",
    rationale:
      "`kubectl drain` and cluster upgrades evict pods through the Eviction API, which refuses while the budget has no room: the drain hangs until someone deletes the budget by hand, and node maintenance stalls.",
    remediation:
      "Allow at least one disruption: use maxUnavailable: 1 (or a percentage), or set minAvailable below the replica count; for a single-replica workload, either run a second replica or do without a budget.",
    references: {
      guides: ["Ritma: Enable pod disruption budgets", "Caracal: pdb.yaml (minAvailable per component)"],
      equivalents: { kubeLinter: "pdb-max-unavailable / pdb-min-available", polaris: "pdbDisruptionsIsZero / pdbMinAvailableGreaterThanHPAMinReplicas" },
      links: ["https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions"],
    },
    examples: {
      bad: "spec:\n  minAvailable: 2   # the Deployment it selects runs 2 replicas\n",
      good: "spec:\n  maxUnavailable: 1\n",
    },
  },
  check({ model, report }) {
    for (const pdb of subjectsOfKind(model, "PodDisruptionBudget")) {
      const maxUnavailable = budget(getPath(pdb.object, ["spec", "maxUnavailable"]));
      if (maxUnavailable && ("count" in maxUnavailable ? maxUnavailable.count : maxUnavailable.percent) === 0) {
        // A suggestion: whether one pod may go at a time is the application's call (a quorum may need more pods first).
        report({ target: { resource: pdb, path: ["spec", "maxUnavailable"] }, message: `sets maxUnavailable to 0: none of its pods can ever be evicted`, suggestions: [setValue("set maxUnavailable: 1", ["spec", "maxUnavailable"], 1)] });
        continue;
      }
      const minAvailable = budget(getPath(pdb.object, ["spec", "minAvailable"]));
      if (!minAvailable) continue;
      if ("percent" in minAvailable && minAvailable.percent >= 100) {
        report({ target: { resource: pdb, path: ["spec", "minAvailable"] }, message: `sets minAvailable to ${minAvailable.percent}%: none of its pods can ever be evicted`, suggestions: [oneAtATime()] });
        continue;
      }
      // Count the pods it guards: replicated workloads at their smallest scale, bare Pods as one.
      let total = 0;
      let known = true;
      const owners: string[] = [];
      const selected = model.index.selectedPods(pdb);
      for (const pod of selected) {
        const r = pod.resource;
        const scale = scaleOf(r, model.index);
        if (scale) total += scale.min;
        else if (r.kind === "Pod") total += 1;
        else known = false; // DaemonSet, Job, custom kinds: the pod count is not in the manifests
        owners.push(scale && scale.autoscalers.length > 0 ? `${describeResource(r)} (down to ${scale.min} by ${describeResource(scale.autoscalers[0])})` : describeResource(r));
      }
      if (!known || total === 0) continue;
      const required = "count" in minAvailable ? minAvailable.count : Math.ceil((minAvailable.percent * total) / 100);
      if (required < total) continue;
      const shown = "count" in minAvailable ? String(minAvailable.count) : `${minAvailable.percent}% (${required})`;
      // A workload whose replicas is under a misspelt key (replcias: 3) counts as 1: the schema rule's
      // finding there is the cause, and this one stands only where that rule is off.
      const misspelt = selected.find((pod) => specFieldMisspelt(pod.resource, "replicas"))?.resource;
      report({
        target: { resource: pdb, path: ["spec", "minAvailable"] },
        message: `requires minAvailable ${shown} of ${total} pod${total === 1 ? "" : "s"} (${owners.join(", ")}): a drain can never evict one`,
        suggestions: [oneAtATime()],
        causedBy: misspelt ? { rule: "schema", in: misspelt } : undefined,
      });
    }
  },
});
