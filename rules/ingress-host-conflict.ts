import { defineRule } from "../src/engine/rule.js";
import { describeResource, type Resource } from "../src/model/resource.js";
import { isRecord } from "../src/model/pod-spec.js";
import { ingressClass, ingressRules } from "../src/model/ingress-hosts.js";

/** Prefix paths match by path element, so `/api` and `/api/` are the same claim. */
function normalizedPath(path: string, pathType: string): string {
  return pathType === "Prefix" && path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** An ingress-nginx canary Ingress (nginx.ingress.kubernetes.io/canary: "true"). */
function isCanary(ingress: Resource): boolean {
  const annotations = ingress.object.metadata?.annotations;
  return isRecord(annotations) && String(annotations["nginx.ingress.kubernetes.io/canary"]).toLowerCase() === "true";
}

export default defineRule({
  meta: {
    id: "ingress-host-conflict",
    title: "Two Ingresses must not claim the same host and path",
    category: "cross-resource",
    severity: "error",
    description:
      "Reports an Ingress path whose host, path and pathType another Ingress of the same ingress class in the set (in any namespace: a controller serves them all) already claims. The first one, in the order of the input, is left alone. An ingress-nginx canary (nginx.ingress.kubernetes.io/canary set to true) shares its route with the Ingress it splits traffic from by design: only a second canary on the route is reported.",
    rationale:
      "The controller routes a host and path to one backend only, and it picks one of the two Ingresses without a word (ingress-nginx: the oldest; its admission webhook, when enabled, refuses the newcomer). Which Service answers then depends on creation order, and changes when an Ingress is recreated.",
    remediation: "Keep the host and path in one Ingress, or give one of them another host or path (or another ingress class, when two controllers serve them).",
    references: {
      links: ["https://kubernetes.io/docs/concepts/services-networking/ingress/#multiple-matches"],
    },
    defaultReason: "two claims on one route are always a conflict someone has to settle; none on the seed or public corpora.",
    examples: {
      bad: "# Ingress shop/web\nrules:\n  - host: shop.example.com\n    http:\n      paths: [{path: /, pathType: Prefix, ...}]\n# Ingress shop/legacy: the same host and path\n",
      good: "# Ingress shop/legacy\nrules:\n  - host: legacy.shop.example.com\n",
    },
  },
  check({ model, report }) {
    const claims = new Map<string, Resource>();
    for (const ingress of model.index.ofKind("Ingress")) {
      // An ingress-nginx canary shares its host and path with the Ingress it splits traffic from, by
      // design; one canary per route is what the controller takes.
      const cls = isCanary(ingress) ? `${ingressClass(ingress)}\u0000canary` : ingressClass(ingress);
      for (const { host, index, rule } of ingressRules(ingress)) {
        const http = rule.http;
        if (!isRecord(http) || !Array.isArray(http.paths)) continue;
        http.paths.forEach((p, i) => {
          if (!isRecord(p)) return;
          const path = typeof p.path === "string" ? p.path : "/";
          const pathType = typeof p.pathType === "string" ? p.pathType : "ImplementationSpecific";
          const key = `${cls}\u0000${host}\u0000${pathType}\u0000${normalizedPath(path, pathType)}`;
          const first = claims.get(key);
          if (!first) {
            claims.set(key, ingress);
            return;
          }
          // The same Ingress twice (or one Ingress repeating a path) is duplicate-object's or nobody's finding.
          if (first === ingress || (first.namespace === ingress.namespace && first.name === ingress.name)) return;
          report({
            target: { resource: ingress, path: ["spec", "rules", index, "http", "paths", i, "path"] },
            message: `${host || "every host"} ${path} (${pathType}) is already claimed by ${describeResource(first)}`,
          });
        });
      }
    }
  },
});
