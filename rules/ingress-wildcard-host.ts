import { defineRule } from "../src/engine/rule.js";
import { ingressRules } from "../src/model/ingress-hosts.js";

export default defineRule({
  meta: {
    id: "ingress-wildcard-host",
    scope: "object",
    title: "Ingresses should name the hosts they serve",
    category: "networking",
    severity: "warning",
    description: "Reports an Ingress rule with a wildcard host (`*.example.com`).",
    rationale:
      "A wildcard sends every subdomain to the backend, including names nobody meant to publish: a forgotten staging name, a typo, a subdomain another team later needs (the wildcard then competes with its Ingress). Naming the hosts keeps what is exposed reviewable.",
    remediation: "List the hosts the application serves, one rule each, instead of a wildcard.",
    references: {
      links: ["https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards"],
    },
    optIn: true,
    defaultReason:
      "a wildcard is usually deliberate (one Ingress per tenant subdomain, a preview-environment router), so most findings would be justified rather than changed. The seed and public corpora have none.",
    examples: {
      bad: "rules:\n  - host: \"*.example.com\"\n",
      good: "rules:\n  - host: shop.example.com\n  - host: api.example.com\n",
    },
  },
  check({ model, report }) {
    for (const ingress of model.index.ofKind("Ingress")) {
      for (const { host, index } of ingressRules(ingress)) {
        if (!host.startsWith("*")) continue;
        report({ target: { resource: ingress, path: ["spec", "rules", index, "host"] }, message: `rules[${index}] serves every subdomain through host ${host}` });
      }
    }
  },
});
