import { defineRule } from "../src/engine/rule.js";
import { describeResource } from "../src/model/resource.js";
import { writtenReplicas } from "../src/model/replicas.js";
import { subjectsOfKind } from "../src/model/subjects.js";

export default defineRule({
  meta: {
    id: "hpa-replicas-conflict",
    scope: "subject",
    title: "Autoscaled workloads must not set spec.replicas",
    category: "reliability",
    severity: "warning",
    description: "Reports a Deployment or StatefulSet that sets spec.replicas while a HorizontalPodAutoscaler in the set scales it.",
    rationale:
      "Every `kubectl apply` of the manifest resets the replica count to spec.replicas, overriding what the autoscaler chose: a deploy during peak load scales the service down until the HPA reacts again.",
    remediation:
      "Remove spec.replicas from the manifest and let the HPA's minReplicas set the floor (when migrating, remove it from kubectl.kubernetes.io/last-applied-configuration too, e.g. with `kubectl apply edit-last-applied`).",
    references: {
      guides: ["Caracal: hpa.yaml scales caracal-gateway and caracal-mcp-adapter", "Santaclaude: All services have HPA configured", "Tarka: tarka-worker-hpa"],
      equivalents: { kubeScore: "deployment-targeted-by-hpa-does-not-have-replicas-configured" },
      links: ["https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling"],
    },
    examples: {
      bad: "kind: Deployment\nspec:\n  replicas: 3   # an HPA scales this Deployment\n",
      good: "kind: Deployment\nspec:\n  # no replicas: the HPA's minReplicas sets the floor\n",
    },
  },
  check({ model, report }) {
    for (const kind of ["Deployment", "StatefulSet"]) {
      for (const resource of subjectsOfKind(model, kind)) {
        const hpas = model.index.autoscalers(resource);
        const replicas = writtenReplicas(resource);
        // replicas: 0 is how autoscaling is paused on purpose; the HPA then leaves the workload alone.
        if (hpas.length === 0 || replicas === undefined || replicas === 0) continue;
        report({
          target: { resource, path: ["spec", "replicas"] },
          message: `sets replicas: ${replicas} but ${describeResource(hpas[0])} scales it: every apply resets the scale to ${replicas}`,
          // A suggestion, not a fix: applying the manifest without replicas resets the live count to 1
          // until the HPA reacts, unless last-applied-configuration is edited first (the migration the
          // Kubernetes documentation describes); a base other roots render without an HPA loses it too.
          suggestions: [{ description: "remove spec.replicas (the HPA sets the scale; edit last-applied-configuration first)", operations: [{ op: "remove", path: ["spec", "replicas"] }] }],
        });
      }
    }
  },
});
