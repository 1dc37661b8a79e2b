import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";
import { isRecord } from "./pod-spec.js";

/**
 * The `$(NAME)` references Kubernetes expands in env values, command, args and subPathExpr.
 * `$$` is an escape for a literal `$`, so `$$(NAME)` is no reference; an unclosed `$(` is literal text.
 */
export function variableReferences(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] !== "$") continue;
    const next = text[i + 1];
    if (next === "$") {
      i++;
      continue;
    }
    if (next !== "(") continue;
    const close = text.indexOf(")", i + 2);
    if (close === -1) break;
    const name = text.slice(i + 2, close);
    if (name !== "") out.push(name);
    i = close;
  }
  return out;
}

/**
 * Variables a container gets from envFrom, or undefined when a source is not in the set (then any
 * name may be defined, and nothing can be said about references).
 */
export function envFromNames(container: Record<string, unknown>, namespace: string | undefined, index: ResourceIndex): Set<string> | undefined {
  const names = new Set<string>();
  const sources = Array.isArray(container.envFrom) ? container.envFrom : [];
  for (const src of sources) {
    if (!isRecord(src)) continue;
    const prefix = typeof src.prefix === "string" ? src.prefix : "";
    const ref = isRecord(src.configMapRef) ? { kind: "ConfigMap", r: src.configMapRef } : isRecord(src.secretRef) ? { kind: "Secret", r: src.secretRef } : undefined;
    if (!ref || typeof ref.r.name !== "string") return undefined;
    const found = index.get(ref.kind, namespace, ref.r.name)[0];
    if (!found) return undefined;
    for (const key of dataKeys(found)) names.add(prefix + key);
  }
  return names;
}

function dataKeys(r: Resource): string[] {
  const o = r.object as Record<string, unknown>;
  const keys: string[] = [];
  for (const field of ["data", "stringData", "binaryData"]) if (isRecord(o[field])) keys.push(...Object.keys(o[field] as object));
  return keys;
}

/**
 * Service link variables (REDIS_SERVICE_HOST, REDIS_PORT_6379_TCP…) the kubelet defines for the
 * Services of a namespace that have a cluster IP (not headless, not ExternalName: getServiceEnvVarMap
 * skips those); the API server's `kubernetes` Service's (port 443) are always there.
 */
export function serviceLinkNames(services: readonly Resource[], withLinks: boolean): Set<string> {
  const names = new Set<string>(["KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KUBERNETES_SERVICE_PORT_HTTPS", "KUBERNETES_PORT", "KUBERNETES_PORT_443_TCP", "KUBERNETES_PORT_443_TCP_PROTO", "KUBERNETES_PORT_443_TCP_PORT", "KUBERNETES_PORT_443_TCP_ADDR"]);
  if (!withLinks) return names;
  for (const svc of services) {
    const spec = isRecord(svc.object.spec) ? svc.object.spec : {};
    if (spec.clusterIP === "None" || spec.type === "ExternalName") continue;
    const p = linkPrefix(svc.name);
    names.add(`${p}_SERVICE_HOST`).add(`${p}_SERVICE_PORT`).add(`${p}_PORT`);
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      if (!isRecord(port)) continue;
      const proto = typeof port.protocol === "string" ? port.protocol.toUpperCase() : "TCP";
      if (typeof port.name === "string") names.add(`${p}_SERVICE_PORT_${port.name.toUpperCase().replace(/-/g, "_")}`);
      const base = `${p}_PORT_${String(port.port)}_${proto}`;
      names.add(base).add(`${base}_PROTO`).add(`${base}_PORT`).add(`${base}_ADDR`);
    }
  }
  return names;
}

/** The prefix of a Service's link variables: its name in upper case, '-' as '_'. */
export function linkPrefix(serviceName: string): string {
  return serviceName.toUpperCase().replace(/-/g, "_");
}

/** What follows `<PREFIX>_` in a service link variable. */
const LINK_SUFFIX = /^(?:SERVICE_HOST|SERVICE_PORT(?:_[A-Z0-9_]+)?|PORT(?:_\d+_(?:TCP|UDP|SCTP)(?:_(?:PROTO|PORT|ADDR))?)?)$/;

/**
 * Whether `name` reads like a service link variable of a Service that is not among `prefixes` (the
 * link prefixes of the namespace's Services in the set, and KUBERNETES): the kubelet defines them for
 * every Service of the namespace in the cluster, which the set may not hold.
 */
export function linkOfOtherService(name: string, prefixes: ReadonlySet<string>): boolean {
  let other = false;
  for (let k = name.indexOf("_"); k > 0; k = name.indexOf("_", k + 1)) {
    if (!LINK_SUFFIX.test(name.slice(k + 1))) continue;
    if (prefixes.has(name.slice(0, k))) return false;
    other = true;
  }
  return other;
}
