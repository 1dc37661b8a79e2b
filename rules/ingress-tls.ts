import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import type { Resource } from "../src/model/resource.js";

/** Annotations by which a cloud load balancer terminates TLS for the Ingress without a tls section. */
const TLS_AT_LOAD_BALANCER = [
  "alb.ingress.kubernetes.io/certificate-arn",
  "networking.gke.io/managed-certificates",
  "ingress.gcp.kubernetes.io/pre-shared-cert",
  "service.beta.kubernetes.io/oci-load-balancer-tls-secret",
];

/**
 * The AWS Load Balancer Controller listening on HTTPS with no certificate-arn finds the certificates
 * in ACM by the rules' hosts (its certificate discovery): TLS ends at the load balancer.
 */
function albDiscoversCertificates(spec: Record<string, unknown>, annotations: Record<string, unknown>, albClasses: ReadonlySet<unknown>): boolean {
  const className = spec.ingressClassName ?? annotations["kubernetes.io/ingress.class"];
  const ports = annotations["alb.ingress.kubernetes.io/listen-ports"];
  return albClasses.has(className) && typeof ports === "string" && /"HTTPS"\s*:/.test(ports);
}

/** The ingress classes the AWS Load Balancer Controller serves: alb, and the set's IngressClasses of its controller. */
function albClassesOf(classes: readonly Resource[]): Set<unknown> {
  const names = new Set<unknown>(["alb"]);
  for (const c of classes) if (isRecord(c.object.spec) && c.object.spec.controller === "ingress.k8s.aws/alb") names.add(c.name);
  return names;
}

export default defineRule({
  meta: {
    id: "ingress-tls",
    scope: "object",
    title: "Ingresses should terminate TLS",
    category: "networking",
    severity: "warning",
    description:
      "Reports an Ingress with rules but no tls section (and no load-balancer certificate annotation such as alb.ingress.kubernetes.io/certificate-arn, nor the AWS Load Balancer Controller listening on HTTPS, which finds the hosts' certificates in ACM): its hosts are served over plain HTTP.",
    rationale: "Without TLS, credentials, session cookies and API tokens cross the network in clear text and can be read or altered on the way.",
    remediation:
      "Add spec.tls with the hosts and a secretName holding their certificate (cert-manager can issue it from the cert-manager.io/cluster-issuer annotation), or terminate TLS at the load balancer and say so with its annotation.",
    references: {
      equivalents: { polaris: "tlsSettingsMissing" },
      links: ["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
    },
    securitySeverity: 5.0,
    examples: {
      bad: "spec:\n  rules:\n    - host: shop.example.com\n",
      good: "spec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n",
    },
  },
  check({ model, report }) {
    let albClasses: Set<unknown> | undefined;
    for (const resource of model.index.ofKind("Ingress")) {
      const spec = resource.object.spec;
      if (!isRecord(spec) || !Array.isArray(spec.rules) || spec.rules.length === 0) continue;
      if (Array.isArray(spec.tls) && spec.tls.length > 0) continue;
      const annotations = isRecord(resource.object.metadata?.annotations) ? resource.object.metadata.annotations : {};
      if (TLS_AT_LOAD_BALANCER.some((a) => typeof annotations[a] === "string" && annotations[a] !== "")) continue;
      if (albDiscoversCertificates(spec, annotations, (albClasses ??= albClassesOf(model.index.ofKind("IngressClass"))))) continue;
      const hosts = spec.rules.map((r) => (isRecord(r) && typeof r.host === "string" ? r.host : "")).filter((h) => h !== "");
      const serves = hosts.length > 0 ? `serves ${hosts.slice(0, 3).join(", ")}${hosts.length > 3 ? ", …" : ""}` : "serves all hosts";
      report({ target: { resource, path: ["spec", "rules"] }, message: `${serves} without TLS (no spec.tls)` });
    }
  },
});
