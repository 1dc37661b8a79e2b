import { defineRule } from "../src/engine/rule.js";
import type { FixSpec } from "../src/engine/fix.js";
import { isRecord } from "../src/model/pod-spec.js";
import { ingressRules, tlsCovers } from "../src/model/ingress-hosts.js";

export default defineRule({
  meta: {
    id: "ingress-tls-hosts",
    scope: "object",
    title: "An Ingress's TLS hosts must cover its rules' hosts",
    category: "networking",
    severity: "warning",
    description:
      "Reports an Ingress rule whose host no entry of the Ingress's spec.tls[].hosts covers (exactly, or through a `*.` wildcard one label deep), when the Ingress has a tls section whose entries all list their hosts.",
    rationale:
      "The controller only serves a host with the certificate of the tls entry that lists it; a host missing there is served with the controller's default (self-signed) certificate or over plain HTTP, and cert-manager does not put it in the certificate it requests. Browsers show an error for that host only, which is easy to miss in review.",
    remediation: "Add the rule's host to spec.tls[].hosts (and to the certificate in secretName), or correct the host if it is a typo.",
    references: {
      links: ["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
    },
    defaultReason: "a host left out of TLS is almost always an oversight that breaks HTTPS for that host; none on the seed or public corpora, whose TLS sections list every host.",
    examples: {
      bad: "tls:\n  - hosts: [shop.example.com]\n    secretName: shop-tls\nrules:\n  - host: api.shop.example.com\n",
      good: "tls:\n  - hosts: [shop.example.com, api.shop.example.com]\n    secretName: shop-tls\nrules:\n  - host: api.shop.example.com\n",
    },
  },
  check({ model, report }) {
    for (const ingress of model.index.ofKind("Ingress")) {
      const spec = ingress.object.spec;
      if (!isRecord(spec) || !Array.isArray(spec.tls) || spec.tls.length === 0) continue;
      // A tls entry without hosts takes the controller's own defaults: coverage cannot be judged.
      if (!spec.tls.every((t) => isRecord(t) && Array.isArray(t.hosts))) continue;
      const tlsHosts = spec.tls.flatMap((t) => (t as { hosts: unknown[] }).hosts.filter((h): h is string => typeof h === "string"));
      for (const { host, index } of ingressRules(ingress)) {
        if (host === "" || host.includes("${") || host.includes("{{")) continue;
        if (tlsHosts.some((t) => tlsCovers(t, host))) continue;
        // With one certificate entry, the host joins its list: a suggestion, since the certificate in its
        // Secret must cover the host too (cert-manager's ingress-shim issues it again from the list).
        const suggestions: FixSpec[] = spec.tls.length === 1 ? [{ description: `add ${host} to spec.tls[0].hosts`, operations: [{ op: "append", path: ["spec", "tls", 0, "hosts"], value: host }] }] : [];
        report({ target: { resource: ingress, path: ["spec", "rules", index, "host"] }, message: `host ${host} is not in any spec.tls[].hosts`, suggestions });
      }
    }
  },
});
