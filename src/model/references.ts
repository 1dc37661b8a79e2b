import type { ObjectPath } from "../types.js";
import type { Resource } from "./resource.js";
import { apiGroup } from "./resource.js";
import { containersOf, isRecord, type PodTemplate } from "./pod-spec.js";
import { podTemplatesOf } from "./custom-pod-templates.js";
import { claimTemplateNames } from "./pod-volumes.js";
import { items } from "./list-items.js";
import { scaleTargetRef } from "./object-meta.js";
import { misspeltKey } from "../schema/misspelt-field.js";

/** How a reference is written: rules word their messages and pick what they check by it. */
export type ReferenceVia =
  | "serviceAccountName"
  | "imagePullSecrets"
  | "env"
  | "envFrom"
  | "volume"
  | "projected volume"
  | "priorityClassName"
  | "serviceName"
  | "ingress backend"
  | "ingress tls"
  | "route backend"
  | "route mirror"
  | "route parent"
  | "listener certificate"
  | "scaleTargetRef"
  | "roleRef";

/**
 * `optional: true`, or a quoted "true", or `opitonal: true`: the API server refuses the string or the
 * key (the schema rule reports it), but what it asks for is plain, and calling the object missing as
 * well would report one cause twice.
 */
function isOptional(source: Record<string, unknown>, definition: string, resource: Resource): boolean {
  const v = source.optional ?? misspeltOptional(resource, source, definition);
  return v === true || v === "true";
}

/** The value under a misspelt `optional` (opitonal), which the schema rule offers to rename: what the author meant. */
function misspeltOptional(resource: Resource, source: Record<string, unknown>, definition: string): unknown {
  if (Object.hasOwn(source, "optional")) return undefined;
  const key = misspeltKey(resource, source, definition, "optional");
  return key === undefined ? undefined : source[key];
}

/** One object that a resource names and needs (or may use, when optional). */
export interface ObjectReference {
  from: Resource;
  kind: string;
  /** API group of the referenced kind when the reference says it (scaleTargetRef, roleRef); undefined when implied. */
  group?: string;
  /** Namespace of the referenced object; undefined for cluster-scoped kinds. */
  namespace: string | undefined;
  name: string;
  /** Where the name is written in the referring resource. */
  path: ObjectPath;
  /** `optional: true`: the pod starts without it. */
  optional: boolean;
  via: ReferenceVia;
  /** Set for pod-spec references: the pod template the reference is in. */
  pod?: PodTemplate;
  /** Ingress backends: the Service port asked for (a number or a port name). */
  port?: number | string;
  /** Path of the port field, for Ingress backends. */
  portPath?: ObjectPath;
  /** A route's parentRef: the Gateway listener it names (sectionName), and where. */
  section?: string;
  sectionPath?: ObjectPath;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Every object a resource refers to by name: the ServiceAccount, ConfigMaps, Secrets, PVCs and
 * PriorityClass of its pods, a StatefulSet's governing Service, an Ingress's backends and TLS Secrets,
 * an HPA's scale target and a (Cluster)RoleBinding's role. One pass over the resource; no lookups.
 * Rules read them through `model.index.references(resource)`, which finds them once per set.
 */
export function referencesOf(resource: Resource, pods: readonly PodTemplate[] = podTemplatesOf(resource)): ObjectReference[] {
  const out: ObjectReference[] = [];
  const ns = resource.namespace;
  // Every caller passes a fresh literal: it becomes the reference (a spread copy per reference was most of the cost).
  const add = (r: Omit<ObjectReference, "from">) => {
    const ref = r as ObjectReference;
    ref.from = resource;
    out.push(ref);
  };
  const obj = resource.object as Record<string, unknown>;
  const spec = isRecord(obj.spec) ? obj.spec : {};

  for (const pod of pods) podReferences(pod, add);
  if (resource.kind === "StatefulSet") {
    const name = str(spec.serviceName);
    if (name) add({ kind: "Service", namespace: ns, name, path: ["spec", "serviceName"], optional: false, via: "serviceName" });
  }
  if (resource.kind === "Ingress") ingressReferences(resource, spec, add);
  if (ROUTE_KINDS.has(resource.kind) && apiGroup(resource.apiVersion) === GATEWAY_GROUP) routeReferences(resource, spec, add);
  if (LISTENER_KINDS.has(`${resource.kind}.${apiGroup(resource.apiVersion)}`)) gatewayReferences(resource, spec, add);
  if (resource.kind === "HorizontalPodAutoscaler") {
    const ref = scaleTargetRef(resource, spec);
    const t = isRecord(ref) ? ref : undefined;
    const kind = str(t?.kind);
    const name = str(t?.name);
    if (kind && name) {
      const group = typeof t?.apiVersion === "string" ? apiGroup(t.apiVersion) : undefined;
      add({ kind, group, namespace: ns, name, path: ["spec", "scaleTargetRef", "name"], optional: false, via: "scaleTargetRef" });
    }
  }
  if (resource.kind === "RoleBinding" || resource.kind === "ClusterRoleBinding") {
    const ref = isRecord(obj.roleRef) ? obj.roleRef : undefined;
    const kind = str(ref?.kind);
    const name = str(ref?.name);
    if ((kind === "Role" || kind === "ClusterRole") && name) {
      add({
        kind,
        group: "rbac.authorization.k8s.io",
        namespace: kind === "Role" ? ns : undefined,
        name,
        path: ["roleRef", "name"],
        optional: false,
        via: "roleRef",
      });
    }
  }
  return out;
}

function podReferences(pod: PodTemplate, add: (r: Omit<ObjectReference, "from">) => void): void {
  const ns = pod.resource.namespace;
  const spec = pod.spec as unknown as Record<string, unknown>;
  const at = (...p: (string | number)[]): ObjectPath => [...pod.specPath, ...p];

  const sa = str(spec.serviceAccountName) ?? str(spec.serviceAccount);
  if (sa) {
    const field = str(spec.serviceAccountName) ? "serviceAccountName" : "serviceAccount";
    add({ kind: "ServiceAccount", namespace: ns, name: sa, path: at(field), optional: false, via: "serviceAccountName", pod });
  }
  const pc = str(spec.priorityClassName);
  if (pc) add({ kind: "PriorityClass", namespace: undefined, name: pc, path: at("priorityClassName"), optional: false, via: "priorityClassName", pod });

  // A missing pull secret only costs authentication (the kubelet pulls without it): never required.
  items(spec.imagePullSecrets).forEach((s, i) => {
    const name = isRecord(s) ? str(s.name) : undefined;
    if (name) add({ kind: "Secret", namespace: ns, name, path: at("imagePullSecrets", i, "name"), optional: false, via: "imagePullSecrets", pod });
  });

  // A StatefulSet gives each pod the claim of its volumeClaimTemplates entry in place of a pod volume of that name.
  const claimed = claimTemplateNames(pod);
  items(spec.volumes).forEach((v, i) => {
    if (!isRecord(v) || (claimed && typeof v.name === "string" && claimed.has(v.name))) return;
    const cm = isRecord(v.configMap) ? v.configMap : undefined;
    if (cm && str(cm.name)) add({ kind: "ConfigMap", namespace: ns, name: str(cm.name)!, path: at("volumes", i, "configMap", "name"), optional: isOptional(cm, "IoK8sApiCoreV1ConfigMapVolumeSource", pod.resource), via: "volume", pod });
    const sec = isRecord(v.secret) ? v.secret : undefined;
    if (sec && str(sec.secretName)) add({ kind: "Secret", namespace: ns, name: str(sec.secretName)!, path: at("volumes", i, "secret", "secretName"), optional: isOptional(sec, "IoK8sApiCoreV1SecretVolumeSource", pod.resource), via: "volume", pod });
    const pvc = isRecord(v.persistentVolumeClaim) ? v.persistentVolumeClaim : undefined;
    if (pvc && str(pvc.claimName)) add({ kind: "PersistentVolumeClaim", namespace: ns, name: str(pvc.claimName)!, path: at("volumes", i, "persistentVolumeClaim", "claimName"), optional: false, via: "volume", pod });
    const projected = isRecord(v.projected) ? v.projected : undefined;
    items(projected?.sources).forEach((s, j) => {
      if (!isRecord(s)) return;
      for (const [field, kind] of [["configMap", "ConfigMap"], ["secret", "Secret"]] as const) {
        const src = isRecord(s[field]) ? (s[field] as Record<string, unknown>) : undefined;
        if (src && str(src.name)) {
          add({ kind, namespace: ns, name: str(src.name)!, path: at("volumes", i, "projected", "sources", j, field, "name"), optional: isOptional(src, field === "configMap" ? "IoK8sApiCoreV1ConfigMapProjection" : "IoK8sApiCoreV1SecretProjection", pod.resource), via: "projected volume", pod });
        }
      }
    });
  });

  for (const c of containersOf(pod)) {
    const container = c.container as unknown as Record<string, unknown>;
    items(container.env).forEach((e, i) => {
      const from = isRecord(e) && isRecord(e.valueFrom) ? e.valueFrom : undefined;
      if (!from) return;
      for (const [field, kind] of [["configMapKeyRef", "ConfigMap"], ["secretKeyRef", "Secret"]] as const) {
        const ref = isRecord(from[field]) ? (from[field] as Record<string, unknown>) : undefined;
        if (ref && str(ref.name)) {
          add({ kind, namespace: ns, name: str(ref.name)!, path: [...c.path, "env", i, "valueFrom", field, "name"], optional: isOptional(ref, field === "configMapKeyRef" ? "IoK8sApiCoreV1ConfigMapKeySelector" : "IoK8sApiCoreV1SecretKeySelector", pod.resource), via: "env", pod });
        }
      }
    });
    items(container.envFrom).forEach((e, i) => {
      if (!isRecord(e)) return;
      for (const [field, kind] of [["configMapRef", "ConfigMap"], ["secretRef", "Secret"]] as const) {
        const ref = isRecord(e[field]) ? (e[field] as Record<string, unknown>) : undefined;
        if (ref && str(ref.name)) {
          add({ kind, namespace: ns, name: str(ref.name)!, path: [...c.path, "envFrom", i, field, "name"], optional: isOptional(ref, field === "configMapRef" ? "IoK8sApiCoreV1ConfigMapEnvSource" : "IoK8sApiCoreV1SecretEnvSource", pod.resource), via: "envFrom", pod });
        }
      }
    });
  }
}

function ingressReferences(resource: Resource, spec: Record<string, unknown>, add: (r: Omit<ObjectReference, "from">) => void): void {
  const ns = resource.namespace;
  const backend = (b: unknown, path: ObjectPath) => {
    if (!isRecord(b)) return;
    // networking.k8s.io/v1: backend.service.{name, port.{number|name}}
    const svc = isRecord(b.service) ? b.service : undefined;
    if (svc && str(svc.name)) {
      const port = isRecord(svc.port) ? svc.port : undefined;
      const value = typeof port?.number === "number" ? port.number : str(port?.name);
      const portField = typeof port?.number === "number" ? "number" : "name";
      add({ kind: "Service", namespace: ns, name: str(svc.name)!, path: [...path, "service", "name"], optional: false, via: "ingress backend", port: value, portPath: [...path, "service", "port", portField] });
      return;
    }
    // extensions/v1beta1 and networking.k8s.io/v1beta1: backend.serviceName / servicePort
    if (str(b.serviceName)) {
      const sp = b.servicePort;
      const value = typeof sp === "number" ? sp : str(sp);
      add({ kind: "Service", namespace: ns, name: str(b.serviceName)!, path: [...path, "serviceName"], optional: false, via: "ingress backend", port: value, portPath: [...path, "servicePort"] });
    }
  };
  backend(spec.defaultBackend, ["spec", "defaultBackend"]);
  backend(spec.backend, ["spec", "backend"]);
  items(spec.rules).forEach((rule, i) => {
    const http = isRecord(rule) && isRecord(rule.http) ? rule.http : undefined;
    items(http?.paths).forEach((p, j) => {
      if (isRecord(p)) backend(p.backend, ["spec", "rules", i, "http", "paths", j, "backend"]);
    });
  });
  items(spec.tls).forEach((t, i) => {
    const name = isRecord(t) ? str(t.secretName) : undefined;
    if (name) add({ kind: "Secret", namespace: ns, name, path: ["spec", "tls", i, "secretName"], optional: false, via: "ingress tls" });
  });
}

const ROUTE_KINDS: ReadonlySet<string> = new Set(["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"]);

/** The Gateway API's group: its kinds, and the default group of a parentRef and of allowedRoutes kinds. */
export const GATEWAY_GROUP = "gateway.networking.k8s.io";

/**
 * Whether a Gateway API object reference (parentRef, backendRef, certificateRef) names `kind` of
 * `group`: each field has a default, the kind the reference usually names and its group.
 */
function refersTo(ref: Record<string, unknown>, kind: string, group: string): boolean {
  return (str(ref.kind) ?? kind) === kind && (str(ref.group) ?? group) === group;
}

/**
 * Gateway API routes: the Gateways they attach to (`parentRefs[]`, with the listener a sectionName or
 * port picks), and the Services they send to: `rules[].backendRefs[]` (Service is the default kind)
 * and the backends of RequestMirror filters, on a rule or on one backend. Each may be in another namespace.
 */
function routeReferences(resource: Resource, spec: Record<string, unknown>, add: (r: Omit<ObjectReference, "from">) => void): void {
  items(spec.parentRefs).forEach((p, i) => {
    if (!isRecord(p) || !str(p.name)) return;
    if (!refersTo(p, "Gateway", GATEWAY_GROUP)) return;
    const path: ObjectPath = ["spec", "parentRefs", i];
    add({
      kind: "Gateway",
      group: GATEWAY_GROUP,
      namespace: str(p.namespace) ?? resource.namespace,
      name: str(p.name)!,
      path: [...path, "name"],
      optional: false,
      via: "route parent",
      port: typeof p.port === "number" ? p.port : undefined,
      portPath: [...path, "port"],
      section: str(p.sectionName),
      sectionPath: [...path, "sectionName"],
    });
  });
  const service = (b: unknown, path: ObjectPath, via: "route backend" | "route mirror") => {
    if (!isRecord(b) || !str(b.name)) return;
    if (!refersTo(b, "Service", "")) return;
    add({
      kind: "Service",
      namespace: str(b.namespace) ?? resource.namespace,
      name: str(b.name)!,
      path: [...path, "name"],
      optional: false,
      via,
      port: typeof b.port === "number" ? b.port : undefined,
      portPath: [...path, "port"],
    });
  };
  const mirrors = (filters: unknown, path: ObjectPath) => {
    items(filters).forEach((f, k) => {
      if (isRecord(f) && f.type === "RequestMirror" && isRecord(f.requestMirror)) service(f.requestMirror.backendRef, [...path, k, "requestMirror", "backendRef"], "route mirror");
    });
  };
  items(spec.rules).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    mirrors(rule.filters, ["spec", "rules", i, "filters"]);
    items(rule.backendRefs).forEach((b, j) => {
      const path: ObjectPath = ["spec", "rules", i, "backendRefs", j];
      service(b, path, "route backend");
      if (isRecord(b)) mirrors(b.filters, [...path, "filters"]);
    });
  });
}

/** Objects with Gateway listeners: a Gateway, and a ListenerSet that adds listeners to one (GEP-1713). */
const LISTENER_KINDS: ReadonlySet<string> = new Set([
  `Gateway.${GATEWAY_GROUP}`,
  `ListenerSet.${GATEWAY_GROUP}`,
  "XListenerSet.gateway.networking.x-k8s.io",
]);

/** A Gateway's (or ListenerSet's) listener certificates: `listeners[].tls.certificateRefs[]` (Secret is the default kind). */
function gatewayReferences(resource: Resource, spec: Record<string, unknown>, add: (r: Omit<ObjectReference, "from">) => void): void {
  items(spec.listeners).forEach((l, i) => {
    const tls = isRecord(l) && isRecord(l.tls) ? l.tls : undefined;
    items(tls?.certificateRefs).forEach((c, j) => {
      if (!isRecord(c) || !str(c.name)) return;
      if (!refersTo(c, "Secret", "")) return;
      add({
        kind: "Secret",
        namespace: str(c.namespace) ?? resource.namespace,
        name: str(c.name)!,
        path: ["spec", "listeners", i, "tls", "certificateRefs", j, "name"],
        optional: false,
        via: "listener certificate",
      });
    });
  });
}

/** Objects every cluster has: references to them are never missing and never applied out of order. */
export function isBuiltinObject(kind: string, namespace: string | undefined, name: string): boolean {
  switch (kind) {
    case "Namespace":
      return BUILTIN_NAMESPACES.has(name);
    case "ServiceAccount":
      return name === "default";
    case "ConfigMap":
      return name === "kube-root-ca.crt";
    case "Service":
      return name === "kubernetes" && namespace === "default";
    case "ClusterRole":
      return BUILTIN_CLUSTER_ROLES.has(name) || name.startsWith("system:");
    case "Role":
      return namespace === "kube-system" && (name === "extension-apiserver-authentication-reader" || name.startsWith("system:"));
    case "PriorityClass":
      return name === "system-cluster-critical" || name === "system-node-critical";
    default:
      return false;
  }
}

export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);
const BUILTIN_CLUSTER_ROLES: ReadonlySet<string> = new Set(["cluster-admin", "admin", "edit", "view"]);
