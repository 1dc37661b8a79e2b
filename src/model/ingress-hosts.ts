import type { Resource } from "./resource.js";
import { isRecord } from "./pod-spec.js";

/** The IngressClass an Ingress belongs to ("" for the cluster's default), by field or by the older annotation. */
export function ingressClass(ingress: Resource): string {
  const spec = ingress.object.spec;
  if (isRecord(spec) && typeof spec.ingressClassName === "string") return spec.ingressClassName;
  const annotations = ingress.object.metadata?.annotations;
  const legacy = isRecord(annotations) ? annotations["kubernetes.io/ingress.class"] : undefined;
  return typeof legacy === "string" ? legacy : "";
}

export interface IngressRuleRef {
  /** "" for a rule without host (every host). */
  host: string;
  index: number;
  rule: Record<string, unknown>;
}

export function ingressRules(ingress: Resource): IngressRuleRef[] {
  const spec = ingress.object.spec;
  if (!isRecord(spec) || !Array.isArray(spec.rules)) return [];
  const out: IngressRuleRef[] = [];
  spec.rules.forEach((rule, index) => {
    if (!isRecord(rule)) return;
    out.push({ host: typeof rule.host === "string" ? rule.host.toLowerCase() : "", index, rule });
  });
  return out;
}

/** Whether a TLS host (possibly `*.example.com`) covers a rule host, as certificate matching does: one label deep. */
export function tlsCovers(tlsHost: string, host: string): boolean {
  const t = tlsHost.toLowerCase();
  if (t === host) return true;
  if (!t.startsWith("*.")) return false;
  const dot = host.indexOf(".");
  return dot > 0 && host.slice(dot + 1) === t.slice(2) && !host.startsWith("*.");
}
