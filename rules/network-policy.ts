import { defineRule } from "../src/engine/rule.js";
import { apiGroup, describeResource, type Resource } from "../src/model/resource.js";
import type { PodTemplate } from "../src/model/pod-spec.js";

/** Policy engines other than the NetworkPolicy API: their selectors are not evaluated here, so they count as covering. */
const NAMESPACED_ENGINE_POLICIES: ReadonlyArray<{ kind: string; groups: readonly string[] }> = [
  { kind: "CiliumNetworkPolicy", groups: ["cilium.io"] },
  { kind: "NetworkPolicy", groups: ["projectcalico.org", "crd.projectcalico.org"] },
];
const CLUSTER_ENGINE_POLICIES = ["CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"];

function isKubeNetworkPolicy(r: Resource): boolean {
  return ["networking.k8s.io", "extensions"].includes(apiGroup(r.apiVersion));
}

export default defineRule({
  meta: {
    id: "network-policy",
    title: "Workloads should be isolated by a NetworkPolicy",
    category: "networking",
    severity: "warning",
    description:
      "Reports a namespace that has workloads but no NetworkPolicy (once, at its Namespace object when the set has it, else at its first workload), and, in a namespace that has NetworkPolicies, each workload that none of them selects. A default-deny policy (empty podSelector) selects every pod. Pods on the host network are not subject to NetworkPolicy and are left out; Cilium or Calico policies in the set count as covering their namespace (or, cluster-wide, every namespace).",
    rationale:
      "A pod that no NetworkPolicy selects accepts connections from every pod of the cluster and may connect anywhere: one compromised workload can reach databases, caches and the cloud metadata endpoint.",
    remediation:
      "Add a default-deny NetworkPolicy to the namespace (podSelector: {} with policyTypes Ingress and Egress), then policies that allow the traffic each workload needs (and DNS).",
    references: {
      guides: ["Ritma: Enable RBAC and network policies", "Caracal: Implement network policies", "CONTINUUM: default deny-all ingress with explicit allow rules", "Santaclaude: Consider implementing NetworkPolicies", "Tarka: Network policies: Restrict traffic to necessary services only"],
      cis: ["CIS 5.3.2"],
      equivalents: { kubeScore: "pod-networkpolicy", polaris: "missingNetworkPolicy" },
      links: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policy"],
    },
    examples: {
      bad: "# namespace shop: Deployments api and db, no NetworkPolicy\n",
      good:
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
    },
  },
  check({ model, report }) {
    if (CLUSTER_ENGINE_POLICIES.some((k) => model.index.ofKind(k).length > 0)) return;
    for (const ns of model.index.podNamespaces()) {
      const engine = NAMESPACED_ENGINE_POLICIES.some(({ kind, groups }) => model.index.inNamespace(kind, ns).some((r) => groups.includes(apiGroup(r.apiVersion))));
      if (engine) continue;
      const pods = model.index.podsInNamespace(ns).filter(isolatable);
      if (pods.length === 0) continue;
      const policies = model.index.inNamespace("NetworkPolicy", ns).filter(isKubeNetworkPolicy);
      if (policies.length === 0) {
        const nsObject = model.index.get("Namespace", undefined, ns)[0];
        const names = pods.slice(0, 3).map((p) => describeResource(p.resource));
        const more = pods.length > 3 ? ` and ${pods.length - 3} more` : "";
        report({
          target: { resource: nsObject ?? pods[0].resource, path: ["metadata", "name"] },
          message: `namespace "${ns}" has workloads (${names.join(", ")}${more}) but no NetworkPolicy: their pods accept traffic from anywhere`,
        });
        continue;
      }
      for (const pod of pods) {
        if (model.index.isSelected("NetworkPolicy", pod)) continue;
        report({
          target: { resource: pod.resource, path: ["metadata", "name"] },
          message: `is selected by no NetworkPolicy of namespace "${ns}"`,
        });
      }
    }
  },
});

/** Pods a NetworkPolicy can isolate: not PodTemplate objects (no pods of their own), not host-network pods. */
function isolatable(pod: PodTemplate): boolean {
  return pod.resource.kind !== "PodTemplate" && (pod.spec as { hostNetwork?: unknown }).hostNetwork !== true;
}
