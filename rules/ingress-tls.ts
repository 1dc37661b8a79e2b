import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";

/** Annotations by which a cloud load balancer terminates TLS for the Ingress without a tls section. */
const TLS_AT_LOAD_BALANCER = [
  "alb.ingress.kubernetes.io/certificate-arn",
  "networking.gke.io/managed-certificates",
  "ingress.gcp.kubernetes.io/pre-shared-cert",
  "service.beta.kubernetes.io/oci-load-balancer-tls-secret",
];

export default defineRule({
  meta: {
    id: "ingress-tls",
    scope: "object",
    title: "Ingresses should terminate TLS",
    category: "networking",
    severity: "warning",
    description:
      "Reports an Ingress with rules but no tls section (and no load-balancer certificate annotation such as alb.ingress.kubernetes.io/certificate-arn): its hosts are served over plain HTTP.",
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
    for (const resource of model.index.ofKind("Ingress")) {
      const spec = resource.object.spec;
      if (!isRecord(spec) || !Array.isArray(spec.rules) || spec.rules.length === 0) continue;
      if (Array.isArray(spec.tls) && spec.tls.length > 0) continue;
      const annotations = isRecord(resource.object.metadata?.annotations) ? resource.object.metadata.annotations : {};
      if (TLS_AT_LOAD_BALANCER.some((a) => typeof annotations[a] === "string" && annotations[a] !== "")) continue;
      const hosts = spec.rules.map((r) => (isRecord(r) && typeof r.host === "string" ? r.host : "")).filter((h) => h !== "");
      const serves = hosts.length > 0 ? `serves ${hosts.slice(0, 3).join(", ")}${hosts.length > 3 ? ", …" : ""}` : "serves all hosts";
      report({ target: { resource, path: ["spec", "rules"] }, message: `${serves} without TLS (no spec.tls)` });
    }
  },
});
