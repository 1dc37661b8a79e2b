import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { getPath } from "../src/model/pod-spec.js";
import { hpaMinReplicas, illTypedCount, writtenReplicas } from "../src/model/replicas.js";
import { subjectsOfKind } from "../src/model/subjects.js";

export default defineRule({
  meta: {
    id: "replica-availability",
    scope: "subject",
    title: "Serving workloads should run more than one replica",
    category: "reliability",
    severity: "warning",
    optIn: true,
    description:
      "Reports a Deployment that a Service in the set selects and that runs one replica (spec.replicas 1 or absent) with no HorizontalPodAutoscaler, and a HorizontalPodAutoscaler whose minReplicas is 1 (or absent) or equals its maxReplicas. replicas: 0 (scaled down on purpose) and the Recreate strategy (two pods must never run at once) are not reported.",
    rationale:
      "With one pod, every rollout, node drain or crash is an outage of the Service until a new pod is ready. An autoscaler whose floor is 1 scales to a single pod at night; one whose minimum equals its maximum never scales at all.",
    remediation: "Run at least two replicas (spec.replicas: 2, or an HPA with minReplicas: 2) and give maxReplicas room above minReplicas.",
    defaultReason:
      "most single replicas in the corpora are deliberate (Argo CD's non-HA install and leader-elected controllers, kube-prometheus' operator and exporters, the seed systems' Redis, ClickHouse and dev Postgres): of 60 findings few would be acted on.",
    references: {
      equivalents: { kubeScore: "deployment-replicas", polaris: "deploymentMissingReplicas" },
      links: ["https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"],
    },
    differences: [
      "Only Deployments that a Service selects are asked for a second replica (workers and singletons behind no Service are not), and Recreate marks a deliberate singleton, where kube-score and Polaris ask every Deployment.",
    ],
    examples: {
      bad: "kind: Deployment\nspec:\n  replicas: 1\n",
      good: "kind: Deployment\nspec:\n  replicas: 3\n",
    },
  },
  check({ model, report }) {
    for (const resource of subjectsOfKind(model, "Deployment")) {
      const pod = model.index.podTemplate(resource);
      const replicas = writtenReplicas(resource) ?? 1;
      // A count the API server refuses ("1") is the schema rule's: how many run is not known.
      if (!pod || replicas !== 1 || illTypedCount(resource, "replicas") || model.index.autoscalers(resource).length > 0) continue;
      // Recreate says two pods must never run at once (a database on a ReadWriteOnce volume, a singleton).
      if (getPath(resource.object, ["spec", "strategy", "type"]) === "Recreate") continue;
      if (!model.index.isSelected("Service", pod)) continue;
      // A suggestion: a second replica costs resources, and some applications cannot run twice.
      report({ target: { resource, path: ["spec", "replicas"] }, message: "runs one replica behind a Service, with no autoscaler", suggestions: [setValue("set replicas: 2", ["spec", "replicas"], 2)] });
    }
    for (const hpa of subjectsOfKind(model, "HorizontalPodAutoscaler")) {
      if (illTypedCount(hpa, "minReplicas")) continue;
      const min = hpaMinReplicas(hpa);
      const max = getPath(hpa.object, ["spec", "maxReplicas"]);
      if (min === 1) {
        report({ target: { resource: hpa, path: ["spec", "minReplicas"] }, message: "scales down to one replica (minReplicas: 1)" });
      } else if (typeof max === "number" && max === min && min > 0) {
        report({ target: { resource: hpa, path: ["spec", "maxReplicas"] }, message: `never scales: minReplicas equals maxReplicas (${min})` });
      }
    }
  },
});
