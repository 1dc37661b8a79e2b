import { defineRule } from "../src/engine/rule.js";
import { getPath, isRecord } from "../src/model/pod-spec.js";
import type { Resource } from "../src/model/resource.js";
import { removeValue, setValue, type FixOperation, type FixSpec } from "../src/engine/fix.js";
import { specFieldMisspelt } from "../src/schema/misspelt-field.js";

/** Annotations with which cloud providers give a LoadBalancer Service a private address only. */
const INTERNAL: ReadonlyArray<[string, RegExp]> = [
  // The legacy AWS provider takes any value but "false" as internal (cloud-provider-aws EnsureLoadBalancer).
  ["service.beta.kubernetes.io/aws-load-balancer-internal", /^(?!false$).+$/i],
  ["service.beta.kubernetes.io/aws-load-balancer-scheme", /^internal$/i],
  ["service.beta.kubernetes.io/azure-load-balancer-internal", /^true$/i],
  ["networking.gke.io/load-balancer-type", /^internal$/i],
  ["cloud.google.com/load-balancer-type", /^internal$/i],
  ["service.beta.kubernetes.io/oci-load-balancer-internal", /^true$/i],
  ["service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type", /^private$/i],
  ["service.beta.kubernetes.io/openstack-internal-load-balancer", /^true$/i],
  ["service.beta.kubernetes.io/do-loadbalancer-type", /^internal$/i],
  ["oci-network-load-balancer.oraclecloud.com/internal", /^true$/i],
  // The internal load balancers Kubernetes' documentation lists for Alibaba Cloud, Baidu and Tencent.
  ["service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type", /^intranet$/i],
  ["service.beta.kubernetes.io/cce-load-balancer-internal-vpc", /^true$/i],
  ["service.kubernetes.io/qcloud-loadbalancer-internal-subnetid", /^.+$/],
];

function isInternal(service: Resource): boolean {
  const annotations = getPath(service.object, ["metadata", "annotations"]);
  if (!isRecord(annotations)) return false;
  return INTERNAL.some(([key, value]) => typeof annotations[key] === "string" && value.test(annotations[key] as string));
}

/** Source ranges, from the field or the older annotation, that leave out some of the internet. */
function restricted(service: Resource, field: unknown): boolean {
  const annotation = getPath(service.object, ["metadata", "annotations", "service.beta.kubernetes.io/load-balancer-source-ranges"]);
  // One range written without its list (`loadBalancerSourceRanges: 10.0.0.0/8`) is the schema rule's
  // finding, but what it asks for is plain: read as that range.
  const written = typeof field === "string" ? [field] : field;
  const ranges = Array.isArray(written) && written.length > 0 ? written : typeof annotation === "string" ? annotation.split(",") : [];
  const cidrs = ranges.filter((r): r is string => typeof r === "string").map((r) => r.trim()).filter((r) => r !== "");
  return cidrs.length > 0 && !cidrs.some((r) => r === "0.0.0.0/0" || r === "::/0");
}

export default defineRule({
  meta: {
    id: "service-exposure",
    scope: "object",
    title: "Services should not be exposed outside the cluster by accident",
    category: "networking",
    severity: "warning",
    description:
      "Reports Services with externalIPs (error: CVE-2020-8554), Services of type NodePort (warning), and LoadBalancer Services without loadBalancerSourceRanges (info: reachable from any address), unless a cloud provider annotation makes the load balancer internal.",
    rationale:
      "externalIPs lets whoever can create a Service intercept traffic to any address the cluster routes (CVE-2020-8554, unfixable in Kubernetes itself). A NodePort opens the port on every node's address, bypassing the load balancer and most NetworkPolicy setups. A public LoadBalancer with no source ranges takes traffic from the whole internet: right for a public entry point, an accident for anything else, hence info.",
    remediation:
      "Remove externalIPs; use type ClusterIP behind an Ingress or a LoadBalancer instead of NodePort; give a LoadBalancer loadBalancerSourceRanges (or the provider's internal annotation) unless it is meant to be public.",
    defaultReason:
      "externalIPs and NodePort are rare and deliberate only with a reason worth writing down; public load balancers are info, so the three on the corpora (Caracal's gateway, Continuum's API and federation) inform without failing a run.",
    references: {
      equivalents: { kubeLinter: "exposed-services", kubeScore: "service-type" },
      links: ["https://github.com/kubernetes/kubernetes/issues/97076", "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"],
    },
    securitySeverity: 5.0,
    differences: [
      "A LoadBalancer is reported only when nothing narrows it (loadBalancerSourceRanges, the older annotation, or a provider annotation making it internal), and then as info, where kube-linter's exposed-services reports every LoadBalancer; externalIPs (CVE-2020-8554), which neither kube-linter nor kube-score checks, is an error.",
    ],
    examples: {
      bad: "kind: Service\nspec:\n  type: NodePort\n  externalIPs: [203.0.113.10]\n",
      good: "kind: Service\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n",
    },
  },
  check({ model, report }) {
    for (const service of model.index.ofKind("Service")) {
      const spec = service.object.spec;
      if (!isRecord(spec)) continue;
      if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
        report({
          target: { resource: service, path: ["spec", "externalIPs"] },
          message: `sets externalIPs (${spec.externalIPs.filter((ip) => typeof ip === "string").join(", ")}): traffic to them is intercepted cluster-wide`,
          severity: "error",
          suggestions: [removeValue("remove externalIPs", service.object, ["spec", "externalIPs"])],
        });
      }
      if (spec.type === "NodePort") {
        report({ target: { resource: service, path: ["spec", "type"] }, message: "is of type NodePort: its ports are open on every node's address", suggestions: [asClusterIp(spec)] });
      } else if (spec.type === "LoadBalancer" && !isInternal(service)) {
        if (restricted(service, spec.loadBalancerSourceRanges)) continue;
        report({
          target: { resource: service, path: ["spec", "type"] },
          // A misspelt loadBalancerSourceRanges is the schema rule's finding, with the rename.
          causedBy: specFieldMisspelt(service, "loadBalancerSourceRanges") ? "schema" : undefined,
          message: "is a LoadBalancer reachable from any address (no loadBalancerSourceRanges narrower than 0.0.0.0/0)",
          severity: "info",
          // A placeholder the API server refuses until someone writes the addresses that may connect.
          suggestions: [setValue("set loadBalancerSourceRanges (fill in the addresses that may connect)", ["spec", "loadBalancerSourceRanges"], ["<CIDR allowed to connect: fill in>"])],
        });
      }
    }
  },
});

/**
 * The Service as type ClusterIP, reached through an Ingress or a Gateway: the fields the API server
 * accepts only on NodePort and LoadBalancer Services (each port's nodePort, externalTrafficPolicy,
 * healthCheckNodePort) go with the type.
 */
function asClusterIp(spec: Record<string, unknown>): FixSpec {
  const operations: FixOperation[] = [{ op: "set", path: ["spec", "type"], value: "ClusterIP" }];
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  for (const [i, p] of ports.entries()) if (isRecord(p) && p.nodePort !== undefined) operations.push({ op: "remove", path: ["spec", "ports", i, "nodePort"] });
  for (const field of ["externalTrafficPolicy", "healthCheckNodePort"]) if (spec[field] !== undefined) operations.push({ op: "remove", path: ["spec", field] });
  return { description: "make it type ClusterIP (behind an Ingress or a Gateway)", operations };
}
