import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "default-namespace",
    scope: "object",
    title: "Workloads should not run in the default namespace",
    category: "best-practice",
    severity: "info",
    description: "Reports workloads (pods and everything with a pod template) whose metadata.namespace is explicitly default; not those a Helm chart renders with the namespace it is given (`{{ .Release.Namespace }}`, default when the run names none).",
    rationale:
      "The default namespace is where everything without a namespace lands: quotas, network policies, Pod Security labels and RBAC set per application cannot tell this workload from stray objects.",
    remediation: "Create a namespace for the application and set metadata.namespace to it (or leave it out and apply with -n).",
    references: {
      cis: ["CIS 5.7.4"],
      equivalents: { trivy: "KSV110" },
      links: ["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
    },
    examples: { bad: "metadata:\n  name: api\n  namespace: default\n", good: "metadata:\n  name: api\n  namespace: shop\n" },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const r = pod.resource;
      if (!r.namespaceExplicit || r.namespace !== "default") continue;
      // A chart renders {{ .Release.Namespace }} as the namespace it is given (the run's: default), where
      // `helm install -n` puts it: not a namespace the chart chose.
      if (r.renderedFrom?.startsWith("helm ") && model.settings.defaultNamespace === "default") continue;
      report({ target: { resource: r, path: ["metadata", "namespace"] }, message: "is in the default namespace" });
    }
  },
});
