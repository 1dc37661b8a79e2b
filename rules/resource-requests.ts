import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import { appliesToResources, resourcesPath } from "../src/model/container-resources.js";

export default defineRule({
  meta: {
    id: "resource-requests",
    title: "Containers must request CPU and memory",
    category: "resources",
    severity: "warning",
    description: "Reports containers (and sidecar init containers) without resources.requests for cpu or memory.",
    rationale:
      "The scheduler places pods by their requests. A container with none is scheduled as if it needed nothing, lands on full nodes and is the first to be evicted under memory pressure (BestEffort QoS).",
    remediation: "Set resources.requests.cpu and resources.requests.memory to what the container uses under normal load.",
    references: {
      guides: ["Ritma: Set resource limits and requests", "Santaclaude: Resource Requests/Limits", "CONTINUUM: Resource Limits"],
      cis: ["CIS 5.7.4 (resource management)"],
      equivalents: { kubeLinter: "unset-cpu-requirements / unset-memory-requirements", kubeScore: "container-resources", polaris: "cpuRequestsMissing / memoryRequestsMissing", checkov: "CKV_K8S_10 / CKV_K8S_12", trivy: "KSV015 / KSV016" },
    },
    options: {
      cpu: { type: "boolean", default: true, description: "Require resources.requests.cpu." },
      memory: { type: "boolean", default: true, description: "Require resources.requests.memory." },
    },
    examples: {
      bad: "containers:\n  - name: app\n    image: app:1.0\n",
      good: "containers:\n  - name: app\n    image: app:1.0\n    resources:\n      requests:\n        cpu: 100m\n        memory: 128Mi\n",
    },
  },
  check({ model, report, options }) {
    for (const ref of model.containers) {
      if (!appliesToResources(ref)) continue;
      const requests = (ref.container.resources as { requests?: unknown } | undefined)?.requests;
      const missing = (["cpu", "memory"] as const).filter((r) => options[r] !== false && !(isRecord(requests) && requests[r] !== undefined && requests[r] !== null));
      if (missing.length === 0) continue;
      report({
        target: { resource: ref.pod.resource, path: resourcesPath(ref, "requests") },
        message: `container "${ref.name}" has no ${missing.join(" or ")} request`,
      });
    }
  },
});
