import { defineRule } from "../src/engine/rule.js";
import { apiGroup, describeResource, type Resource } from "../src/model/resource.js";
import { isRecord, type PodTemplate } from "../src/model/pod-spec.js";
import { sharesHostNamespace } from "../src/model/security-context.js";

/** Policy engines other than the NetworkPolicy API: their selectors are not evaluated here, so they count as covering. */
const NAMESPACED_ENGINE_POLICIES: ReadonlyArray<{ kind: string; groups: readonly string[] }> = [
  { kind: "CiliumNetworkPolicy", groups: ["cilium.io"] },
  { kind: "NetworkPolicy", groups: ["projectcalico.org", "crd.projectcalico.org"] },
];
const CLUSTER_ENGINE_POLICIES = ["CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"];

function isKubeNetworkPolicy(r: Resource): boolean {
  return ["networking.k8s.io", "extensions"].includes(apiGroup(r.apiVersion));
}

type Direction = "Ingress" | "Egress";

/**
 * The directions a policy isolates, as the API server defaults them: the written policyTypes, else
 * (absent or an empty list, SetDefaults_NetworkPolicy) Ingress, plus Egress when the policy has egress rules.
 */
function policyTypes(policy: Resource): { types: ReadonlySet<Direction>; written: boolean } {
  const spec = isRecord(policy.object.spec) ? policy.object.spec : {};
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) return { types: new Set(spec.policyTypes.filter((t): t is Direction => t === "Ingress" || t === "Egress")), written: true };
  const types = new Set<Direction>(["Ingress"]);
  if (Array.isArray(spec.egress) && spec.egress.length > 0) types.add("Egress");
  return { types, written: false };
}

export default defineRule({
  meta: {
    id: "network-policy",
    title: "Workloads should be isolated by a NetworkPolicy",
    category: "networking",
    severity: "warning",
    description:
      "Reports a namespace that has workloads but no NetworkPolicy (once, at its Namespace object when the set has it, else at its first workload; not kube-system, which belongs to the cluster: an add-on installed there does not own its policies, and a default-deny there would cut off CoreDNS), and, in a namespace that has NetworkPolicies, each workload that none of them isolates for ingress: a policy isolates the directions of its policyTypes (when absent, Ingress, plus Egress when it has egress rules), so a pod selected only by Egress-only policies still accepts traffic from anywhere. Rules for a direction that policyTypes leaves out are ignored by Kubernetes: they are reported at the ignored section. A listed direction with no rules denies it, which is compliant. Egress isolation is not required unless the egress option is set. A default-deny policy (empty podSelector) selects every pod. Pods on the host network are not subject to NetworkPolicy and are left out; Cilium or Calico policies in the set count as covering their namespace (or, cluster-wide, every namespace).",
    rationale:
      "A pod that no NetworkPolicy isolates for ingress accepts connections from every pod of the cluster: one compromised workload can reach databases and caches that were meant to be private. Without egress isolation a pod may also connect anywhere (the cloud metadata endpoint, the internet); that is asked for only with the egress option, because egress rules need every destination (DNS, APIs) listed and are usually added after ingress isolation.",
    remediation:
      "Add a default-deny NetworkPolicy to the namespace (podSelector: {} with policyTypes Ingress and Egress), then policies that allow the traffic each workload needs (and DNS).",
    references: {
      guides: ["Ritma: Enable RBAC and network policies", "Caracal: Implement network policies", "CONTINUUM: default deny-all ingress with explicit allow rules", "Santaclaude: Consider implementing NetworkPolicies", "Tarka: Network policies: Restrict traffic to necessary services only"],
      cis: ["CIS 5.3.2"],
      equivalents: { kubeLinter: "non-isolated-pod", kubeScore: "pod-networkpolicy", polaris: "missingNetworkPolicy", checkov: "CKV2_K8S_6" },
      links: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policy"],
    },
    options: {
      egress: {
        type: "boolean",
        default: false,
        description: "Also require egress isolation: report each workload that no NetworkPolicy with Egress in its policyTypes selects.",
      },
    },
    examples: {
      bad: "# namespace shop: Deployments api and db, no NetworkPolicy\n",
      good:
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
    },
  },
  check({ model, options, report }) {
    const typesOf = new Map<Resource, ReturnType<typeof policyTypes>>();
    const typed = (r: Resource) => {
      let t = typesOf.get(r);
      if (!t) typesOf.set(r, (t = policyTypes(r)));
      return t;
    };
    // Sections for a direction that policyTypes leaves out: Kubernetes ignores them.
    for (const policy of model.index.ofKind("NetworkPolicy")) {
      if (!isKubeNetworkPolicy(policy) || !isRecord(policy.object.spec)) continue;
      const { types, written } = typed(policy);
      if (!written) continue;
      for (const [section, direction] of [["ingress", "Ingress"], ["egress", "Egress"]] as const) {
        const rules = policy.object.spec[section];
        if (!Array.isArray(rules) || rules.length === 0 || types.has(direction)) continue;
        report({
          target: { resource: policy, path: ["spec", section] },
          message: `${section} rules are ignored: policyTypes does not list ${direction}`,
        });
      }
    }
    if (CLUSTER_ENGINE_POLICIES.some((k) => model.index.ofKind(k).length > 0)) return;
    for (const ns of model.index.podNamespaces()) {
      const engine = NAMESPACED_ENGINE_POLICIES.some(({ kind, groups }) => model.index.inNamespace(kind, ns).some((r) => groups.includes(apiGroup(r.apiVersion))));
      if (engine) continue;
      const pods = model.index.podsInNamespace(ns).filter(isolatable);
      if (pods.length === 0) continue;
      const policies = model.index.inNamespace("NetworkPolicy", ns).filter(isKubeNetworkPolicy);
      if (policies.length === 0) {
        // The cluster's own namespace: an add-on installed there (metrics-server, kube-state-metrics)
        // does not own its policies, and the default-deny the remedy starts with would cut off CoreDNS.
        if (ns === "kube-system") continue;
        const nsObject = model.index.get("Namespace", undefined, ns)[0];
        // A Ray cluster or training job has a template per role: it is one workload. An object two files
        // define (duplicate-object's finding) is one workload too: named once.
        const workloads = [...new Set(pods.map((p) => p.resource))];
        const described = [...new Set(workloads.map(describeResource))];
        const names = described.slice(0, 3);
        const more = described.length > 3 ? ` and ${described.length - 3} more` : "";
        report({
          target: { resource: nsObject ?? workloads[0], path: ["metadata", "name"] },
          message: `namespace "${ns}" has workloads (${names.join(", ")}${more}) but no NetworkPolicy: their pods accept traffic from anywhere`,
        });
        continue;
      }
      for (const pod of pods) {
        const selecting = model.index.selecting("NetworkPolicy", pod).filter(isKubeNetworkPolicy);
        // One template of several (a Ray worker group) is named by where it is written.
        const target = { resource: pod.resource, path: model.index.podTemplates(pod.resource).length > 1 ? pod.metadataPath : ["metadata", "name"] };
        if (selecting.length === 0) {
          report({ target, message: `is selected by no NetworkPolicy of namespace "${ns}"` });
          continue;
        }
        if (!selecting.some((p) => typed(p).types.has("Ingress"))) {
          report({ target, message: `is selected only by Egress policies of namespace "${ns}" (${selecting[0].name}${selecting.length > 1 ? "…" : ""}): its pods accept traffic from anywhere` });
        } else if (options.egress === true && !selecting.some((p) => typed(p).types.has("Egress"))) {
          report({ target, message: `is selected by no NetworkPolicy with Egress of namespace "${ns}": its pods may connect anywhere` });
        }
      }
    }
  },
});

/**
 * Pods a NetworkPolicy can isolate: not PodTemplate objects (no pods of their own), not host-network
 * pods, not workloads written without a pod spec (the API server refuses them; schema says why).
 */
function isolatable(pod: PodTemplate): boolean {
  return pod.resource.kind !== "PodTemplate" && !pod.incomplete && !sharesHostNamespace(pod, "hostNetwork");
}
