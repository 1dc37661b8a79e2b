import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import { appliesToResources, resourcesPath } from "../src/model/container-resources.js";

export default defineRule({
  meta: {
    id: "resource-limits",
    title: "Containers must set memory (and CPU) limits",
    category: "resources",
    severity: "warning",
    description:
      "Reports containers (and sidecar init containers) without resources.limits.memory, and, unless the cpu option is turned off, without resources.limits.cpu.",
    rationale:
      "A container without a memory limit can take all the memory of its node and get its neighbours OOM-killed. CPU limits are debated (they throttle); teams that rely on requests alone turn the cpu option off.",
    remediation: "Set resources.limits.memory (and resources.limits.cpu unless your team turns that option off) from the container's measured peak usage.",
    references: {
      guides: ["Ritma: Set resource limits and requests", "Santaclaude: Resource Requests/Limits", "CONTINUUM: Resource Limits", "Caracal: Adjust resource limits"],
      cis: ["CIS 5.7.4 (resource management)"],
      equivalents: { kubeLinter: "unset-cpu-requirements / unset-memory-requirements", kubeScore: "container-resources", polaris: "cpuLimitsMissing / memoryLimitsMissing", checkov: "CKV_K8S_11 / CKV_K8S_13", trivy: "KSV011 / KSV018" },
    },
    options: {
      cpu: { type: "boolean", default: true, description: "Also require resources.limits.cpu." },
    },
    examples: {
      bad: "resources:\n  requests:\n    memory: 128Mi\n",
      good: "resources:\n  requests:\n    memory: 128Mi\n  limits:\n    cpu: 500m\n    memory: 256Mi\n",
    },
  },
  check({ model, report, options }) {
    for (const ref of model.containers) {
      if (!appliesToResources(ref)) continue;
      const limits = (ref.container.resources as { limits?: unknown } | undefined)?.limits;
      const wanted = options.cpu === false ? (["memory"] as const) : (["cpu", "memory"] as const);
      const missing = wanted.filter((r) => !(isRecord(limits) && limits[r] !== undefined && limits[r] !== null));
      if (missing.length === 0) continue;
      report({
        target: { resource: ref.pod.resource, path: resourcesPath(ref, "limits") },
        message: `container "${ref.name}" has no ${missing.join(" or ")} limit`,
      });
    }
  },
});
