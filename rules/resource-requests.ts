import { defineRule } from "../src/engine/rule.js";
import { INIT_CONTAINERS_OPTION, appliesToResources, hasEffectiveRequest, resourcePlaceholders, resourcesPath } from "../src/model/container-resources.js";
import { limitRangeDefaults } from "../src/model/limit-range.js";

export default defineRule({
  meta: {
    id: "resource-requests",
    scope: "subject",
    title: "Containers must request CPU and memory",
    category: "resources",
    severity: "warning",
    description:
      "Reports containers, init containers (run-once and sidecars) without resources.requests for cpu or memory. A limit without a request counts as the request, as Kubernetes copies it there, and so does a LimitRange default in the same namespace.",
    rationale:
      "The scheduler places pods by their requests. A container with none is scheduled as if it needed nothing, lands on full nodes and is the first to be evicted under memory pressure (BestEffort QoS).",
    remediation: "Set resources.requests.cpu and resources.requests.memory to what the container uses under normal load.",
    references: {
      guides: ["Ritma: Set resource limits and requests", "Santaclaude: Resource Requests/Limits", "CONTINUUM: Resource Limits"],
      cis: ["CIS 5.7.4 (resource management)"],
      equivalents: { kubeLinter: "unset-cpu-requirements", kubeScore: "container-resources", polaris: "cpuRequestsMissing / memoryRequestsMissing", checkov: "CKV_K8S_10 / CKV_K8S_12", trivy: "KSV015 / KSV016" },
    },
    options: {
      cpu: { type: "boolean", default: true, description: "Require resources.requests.cpu." },
      memory: { type: "boolean", default: true, description: "Require resources.requests.memory." },
      initContainers: INIT_CONTAINERS_OPTION,
    },
    examples: {
      bad: "containers:\n  - name: app\n    image: app:1.0\n",
      good: "containers:\n  - name: app\n    image: app:1.0\n    resources:\n      requests:\n        cpu: 100m\n        memory: 128Mi\n",
    },
  },
  check({ model, report, options }) {
    const defaults = limitRangeDefaults(model);
    for (const ref of model.containers) {
      if (!appliesToResources(ref, options.initContainers !== false)) continue;
      const filled = defaults.get(ref.pod.resource.namespace ?? "")?.requests;
      const missing = (["cpu", "memory"] as const).filter((r) => options[r] !== false && !hasEffectiveRequest(ref, r) && !filled?.has(r));
      if (missing.length === 0) continue;
      report({
        target: { resource: ref.pod.resource, path: resourcesPath(ref, "requests") },
        message: `container "${ref.name}" has no ${missing.join(" or ")} request`,
        suggestions: [resourcePlaceholders(ref, "requests", missing)],
      });
    }
  },
});
