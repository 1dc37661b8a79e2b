import { defineRule } from "../src/engine/rule.js";
import { INIT_CONTAINERS_OPTION, appliesToResources, hasResource, podLevelSets, resourcePlaceholders, resourcesPath } from "../src/model/container-resources.js";
import { limitRangeDefaults, misspeltDefaultsOf } from "../src/model/limit-range.js";
import { misspellsResource } from "../src/api-validation/container.js";
import { containerFieldMisspelt, resourceListMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "resource-limits",
    scope: "subject",
    title: "Containers must set memory (and CPU) limits",
    category: "resources",
    severity: "warning",
    description:
      "Reports containers, init containers (run-once and sidecars) without resources.limits.memory, and, unless the cpu option is turned off, without resources.limits.cpu. A pod-level limit (spec.resources, from Kubernetes 1.34) counts as set for every container of the pod, as does a LimitRange default for containers in the same namespace (one written under a misspelt key, defualt:, is the schema rule's finding, and the limits it would fill in are not reported missing as well). A name the API server refuses that misspells cpu or memory (memmory) is api-validation's finding, and the resource it stands for is not reported missing as well.",
    rationale:
      "A container without a memory limit can take all the memory of its node and get its neighbours OOM-killed. CPU limits are debated (they throttle); teams that rely on requests alone turn the cpu option off.",
    remediation: "Set resources.limits.memory (and resources.limits.cpu unless your team turns that option off) from the container's measured peak usage.",
    references: {
      guides: ["Ritma: Set resource limits and requests", "Santaclaude: Resource Requests/Limits", "CONTINUUM: Resource Limits", "Caracal: Adjust resource limits"],
      cis: ["CIS 5.7.4 (resource management)"],
      equivalents: { kubeLinter: "unset-memory-requirements", kubeScore: "container-resources", polaris: "cpuLimitsMissing / memoryLimitsMissing", checkov: "CKV_K8S_11 / CKV_K8S_13", trivy: "KSV011 / KSV018" },
    },
    options: {
      cpu: { type: "boolean", default: true, description: "Also require resources.limits.cpu." },
      initContainers: INIT_CONTAINERS_OPTION,
    },
    examples: {
      bad: "resources:\n  requests:\n    memory: 128Mi\n",
      good: "resources:\n  requests:\n    memory: 128Mi\n  limits:\n    cpu: 500m\n    memory: 256Mi\n",
    },
  },
  check({ model, report, options }) {
    const defaults = limitRangeDefaults(model);
    for (const ref of model.containers) {
      if (!appliesToResources(ref, options.initContainers !== false)) continue;
      const namespaceDefaults = defaults.get(ref.pod.resource.namespace ?? "");
      const filled = namespaceDefaults?.limits;
      const wanted = options.cpu === false ? (["memory"] as const) : (["cpu", "memory"] as const);
      // A misspelt name (memmory) is api-validation's finding: the API server refuses the object for it.
      const resources = (ref.container as { resources?: unknown }).resources;
      // So is a misspelt resources field itself (resource:), reported by the schema rule with the rename:
      // this finding, a consequence, stands only where the rule that reports the cause is off.
      // A pod-level limit (spec.resources) bounds every container of the pod, as its own would.
      const absent = wanted.filter((r) => !hasResource(ref, "limits", r) && !filled?.has(r) && !podLevelSets(ref, "limits", r, model.settings.kubeVersion));
      const unwritten = absent.filter((r) => !misspellsResource(resources, "limits", r));
      const missing = unwritten.length > 0 ? unwritten : absent;
      if (missing.length === 0) continue;
      // And a LimitRange of the namespace whose default is misspelt (defualt:) would have filled it in.
      const limitRange = misspeltDefaultsOf(namespaceDefaults, "limits", missing);
      const causedBy = containerFieldMisspelt(ref, "resources") || resourceListMisspelt(ref, "limits") ? "schema" : unwritten.length === 0 ? "api-validation" : limitRange ? { rule: "schema", in: limitRange } : undefined;
      report({
        target: { resource: ref.pod.resource, path: resourcesPath(ref, "limits") },
        message: `container "${ref.name}" has no ${missing.join(" or ")} limit`,
        suggestions: [resourcePlaceholders(ref, "limits", missing)],
        causedBy,
      });
    }
  },
});
