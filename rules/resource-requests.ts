import { defineRule } from "../src/engine/rule.js";
import { INIT_CONTAINERS_OPTION, appliesToResources, hasEffectiveRequest, podLevelSets, resourcePlaceholders, resourcesPath, writesEffectiveRequest } from "../src/model/container-resources.js";
import { limitRangeDefaults, misspeltDefaultsOf } from "../src/model/limit-range.js";
import { misspellsResource } from "../src/api-validation/container.js";
import { utilizationMetrics } from "../src/model/hpa-metrics.js";
import { describeResource, type Resource } from "../src/model/resource.js";
import type { ContainerRef } from "../src/model/pod-spec.js";
import { containerFieldMisspelt, resourceListMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "resource-requests",
    scope: "subject",
    title: "Containers must request CPU and memory",
    category: "resources",
    severity: "warning",
    description:
      "Reports containers, init containers (run-once and sidecars) without resources.requests for cpu or memory. A limit without a request counts as the request, as Kubernetes copies it there, and so do a pod-level request or limit (spec.resources, from Kubernetes 1.34) for every container of the pod and a LimitRange default in the same namespace (one written under a misspelt key, defaultReqeust:, is the schema rule's finding, and the requests it would fill in are not reported missing as well). A missing request is an error when a HorizontalPodAutoscaler of the set scales the workload on that resource's utilization (a Resource metric: every container and sidecar; a ContainerResource metric: that container; no metric at all: CPU), whatever the cpu and memory options say: the autoscaler computes utilization as a share of the requests and stops scaling without one. A name the API server refuses that misspells cpu or memory (memmory) is api-validation's finding, and the resource it stands for is not reported missing as well.",
    rationale:
      "The scheduler places pods by their requests. A container with none is scheduled as if it needed nothing, lands on full nodes and is the first to be evicted under memory pressure (BestEffort QoS). An autoscaler on CPU or memory utilization cannot compute it for such pods (FailedGetResourceMetric: missing request for cpu) and never scales.",
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
      const namespaceDefaults = defaults.get(ref.pod.resource.namespace ?? "");
      const filled = namespaceDefaults?.requests;
      // A misspelt name (memmory) is api-validation's finding: the API server refuses the object for it.
      const resources = (ref.container as { resources?: unknown }).resources;
      const absent = (r: "cpu" | "memory") => !hasEffectiveRequest(ref, r) && !filled?.has(r);
      // A pod-level request (spec.resources) sizes the whole pod for the scheduler, as its own would;
      // an autoscaler's ContainerResource metric still needs the container's own (autoscalerNeeds).
      const podLevel = (r: "cpu" | "memory") => podLevelSets(ref, "requests", r, model.settings.kubeVersion);
      const lacks = (r: "cpu" | "memory") => absent(r) && !misspellsResource(resources, "requests", r) && !misspellsResource(resources, "limits", r);
      const lacking = (has: (r: "cpu" | "memory") => boolean) => {
        const scaling = autoscalerNeeds(ref, has);
        return { scaling, missing: (["cpu", "memory"] as const).filter((r) => ((options[r] !== false && !podLevel(r)) || scaling.has(r)) && has(r)) };
      };
      let { scaling, missing } = lacking(lacks);
      let misspeltName = false;
      if (missing.length === 0) {
        ({ scaling, missing } = lacking(absent));
        if (missing.length === 0) continue;
        misspeltName = true;
      }
      // So is a misspelt resources field itself (resource:), reported by the schema rule with the rename:
      // this finding, a consequence, stands only where the rule that reports the cause is off.
      const listMisspelt = containerFieldMisspelt(ref, "resources") || resourceListMisspelt(ref, "requests") || resourceListMisspelt(ref, "limits");
      // And a LimitRange of the namespace whose default is misspelt (defaultReqeust:) would have filled it in.
      const limitRange = misspeltDefaultsOf(namespaceDefaults, "requests", missing);
      const causedBy = listMisspelt ? "schema" : misspeltName ? "api-validation" : limitRange ? { rule: "schema", in: limitRange } : undefined;
      const needed = missing.filter((r) => scaling.has(r));
      const first = needed.length > 0 ? scaling.get(needed[0])! : undefined;
      report({
        target: { resource: ref.pod.resource, path: resourcesPath(ref, "requests") },
        message:
          `container "${ref.name}" has no ${missing.join(" or ")} request` +
          (first ? `: ${describeResource(first.hpa)} scales on ${needed.map(label).join(" and ")} utilization${first.defaulted ? " (its default metric)" : ""}, which it cannot compute without one` : ""),
        ...(first ? { severity: "error" as const } : {}),
        suggestions: [resourcePlaceholders(ref, "requests", missing)],
        causedBy,
      });
    }

    /** The resources an autoscaler of the container's workload computes utilization of from its request. */
    function autoscalerNeeds(ref: ContainerRef, lacks: (r: "cpu" | "memory") => boolean): Map<"cpu" | "memory", { hpa: Resource; defaulted: boolean }> {
      const needs = new Map<"cpu" | "memory", { hpa: Resource; defaulted: boolean }>();
      // Only the pod's long-running containers count: run-once init containers are not in the sum.
      if (ref.kind !== "container" && !ref.sidecar) return needs;
      for (const hpa of model.index.autoscalers(ref.pod.resource)) {
        for (const m of utilizationMetrics(hpa)) {
          if (needs.has(m.resource) || !lacks(m.resource)) continue;
          if (m.container !== undefined ? m.container !== ref.name : podLevelRequest(ref, m.resource)) continue;
          needs.set(m.resource, { hpa, defaulted: m.defaulted });
        }
      }
      return needs;
    }
  },
});

function label(r: "cpu" | "memory"): string {
  return r === "cpu" ? "CPU" : "memory";
}

/**
 * A pod-level request (PodLevelResources, beta and on by default since Kubernetes 1.34, a limit
 * standing in for it as for containers): the autoscaler's Resource metric divides by it instead.
 */
function podLevelRequest(ref: ContainerRef, r: string): boolean {
  return writesEffectiveRequest((ref.pod.spec as { resources?: unknown }).resources, r);
}
