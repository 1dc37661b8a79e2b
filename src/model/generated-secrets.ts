import type { Ingress } from "kubernetes-types/networking/v1.js";
import type { Resource } from "./resource.js";
import { apiGroup } from "./resource.js";
import { WORKLOAD_KINDS, containersOf, isRecord, podTemplateOf, type PodTemplate } from "./pod-spec.js";
import { allows, isRbac, policyRules, strings } from "./rbac.js";
import { GATEWAY_GROUP } from "./references.js";

/** How to reach the objects of a kind: the ResourceIndex's lookup, so this module needs no list of its own. */
type OfKind = (kind: string) => readonly Resource[];

/** Elastic Cloud on Kubernetes' kinds whose Secrets the operator names `<name>-<short>-…`. */
const ECK_KINDS: ReadonlyArray<readonly [string, string, string]> = [
  ["Elasticsearch", "elasticsearch.k8s.elastic.co", "es"],
  ["Kibana", "kibana.k8s.elastic.co", "kb"],
  ["ApmServer", "apm.k8s.elastic.co", "apm"],
  ["EnterpriseSearch", "enterprisesearch.k8s.elastic.co", "ent"],
  ["Agent", "agent.k8s.elastic.co", "agent"],
];

/** The ingress-shim annotations that make cert-manager issue the certificate of each TLS entry. */
const INGRESS_SHIM_ANNOTATIONS = ["cert-manager.io/issuer", "cert-manager.io/cluster-issuer"];

/** An Ingress or Gateway annotated for cert-manager's shims, which issue its TLS certificates. */
function annotatedForShim(r: Resource): boolean {
  const annotations = isRecord(r.object.metadata) ? r.object.metadata.annotations : undefined;
  return isRecord(annotations) && INGRESS_SHIM_ANNOTATIONS.some((a) => typeof annotations[a] === "string" && annotations[a] !== "");
}

/**
 * Secrets that controllers create for objects of the set, by "namespace/name", with the object that
 * makes them: a cert-manager Certificate's spec.secretName, the TLS Secrets of an Ingress annotated
 * for cert-manager's ingress-shim and the listener certificates of a Gateway annotated alike, an ExternalSecret's target (its own name unless target.name says
 * otherwise; with creationPolicy Merge or None it creates nothing), a SealedSecret (its
 * own name), a SecretProviderClass's secretObjects, and a Secret that a bound Role lets its subjects
 * create and names in resourceNames (a workload that generates its own password, as Argo CD's Redis
 * does), or that a workload allowed to create Secrets names in its command, args or env values (a
 * certificate Job run as a ServiceAccount bound to such a role, as ingress-nginx's admission-create
 * Job with `--secret-name=ingress-nginx-admission`: create cannot be limited by resourceNames, so such
 * a role names none), and the HTTP certificates and elastic user of Elastic Cloud on Kubernetes'
 * resources. References to them are not missing, and the creator (but a role) is what must
 * be applied first. One pass over the objects of these kinds.
 */
export function generatedSecrets(ofKind: OfKind): Map<string, Resource> {
  const out = new Map<string, Resource>();
  const add = (namespace: string | undefined, name: unknown, by: Resource) => {
    if (namespace === undefined || typeof name !== "string" || name === "") return;
    const key = `${namespace}/${name}`;
    if (!out.has(key)) out.set(key, by);
  };
  for (const cert of ofKind("Certificate")) {
    if (apiGroup(cert.apiVersion) !== "cert-manager.io" || !isRecord(cert.object.spec)) continue;
    add(cert.namespace, cert.object.spec.secretName, cert);
  }
  for (const ingress of ofKind("Ingress")) {
    if (!annotatedForShim(ingress)) continue;
    const tls = (ingress.object as Ingress).spec?.tls;
    if (!Array.isArray(tls)) continue;
    for (const t of tls) if (isRecord(t)) add(ingress.namespace, t.secretName, ingress);
  }
  // cert-manager's gateway-shim: the same annotations on a Gateway issue each listener's certificate.
  for (const gateway of ofKind("Gateway")) {
    if (apiGroup(gateway.apiVersion) !== GATEWAY_GROUP || !annotatedForShim(gateway)) continue;
    const listeners = isRecord(gateway.object.spec) && Array.isArray(gateway.object.spec.listeners) ? gateway.object.spec.listeners : [];
    for (const l of listeners) {
      const refs = isRecord(l) && isRecord(l.tls) && Array.isArray(l.tls.certificateRefs) ? l.tls.certificateRefs : [];
      // It issues into the Gateway's own namespace only.
      for (const c of refs) if (isRecord(c) && (c.namespace === undefined || c.namespace === gateway.namespace)) add(gateway.namespace, c.name, gateway);
    }
  }
  for (const es of ofKind("ExternalSecret")) {
    if (apiGroup(es.apiVersion) !== "external-secrets.io") continue;
    const target = isRecord(es.object.spec) && isRecord(es.object.spec.target) ? es.object.spec.target : {};
    // Merge fills a Secret that must exist already; None creates nothing.
    if (target.creationPolicy === "Merge" || target.creationPolicy === "None") continue;
    add(es.namespace, typeof target.name === "string" && target.name !== "" ? target.name : es.name, es);
  }
  for (const sealed of ofKind("SealedSecret")) {
    if (apiGroup(sealed.apiVersion) === "bitnami.com") add(sealed.namespace, sealed.name, sealed);
  }
  for (const spc of ofKind("SecretProviderClass")) {
    if (apiGroup(spc.apiVersion) !== "secrets-store.csi.x-k8s.io" || !isRecord(spc.object.spec)) continue;
    const objects = spc.object.spec.secretObjects;
    if (!Array.isArray(objects)) continue;
    for (const o of objects) if (isRecord(o)) add(spc.namespace, o.secretName, spc);
  }
  // Elastic Cloud on Kubernetes: each resource's HTTP certificates and CA, and an Elasticsearch's elastic
  // user (https://www.elastic.co/docs/deploy-manage/security/k8s-https-settings).
  for (const [kind, group, short] of ECK_KINDS) {
    for (const r of ofKind(kind)) {
      if (apiGroup(r.apiVersion) !== group || r.name === "") continue;
      for (const suffix of ["http-certs-public", "http-certs-internal", "http-ca-internal"]) add(r.namespace, `${r.name}-${short}-${suffix}`, r);
      if (short === "es") add(r.namespace, `${r.name}-es-elastic-user`, r);
    }
  }
  // A Secret a workload makes itself (an init container generating a password): a bound Role that
  // lets its subjects create Secrets and names this one in resourceNames to read it back.
  const roles = boundRoles(ofKind);
  for (const { role } of roles) {
    if (role.kind !== "Role") continue;
    const secretRules = policyRules(role).filter(({ rule }) => strings(rule.apiGroups).includes("") && strings(rule.resources).includes("secrets"));
    if (!secretRules.some(({ rule }) => strings(rule.verbs).includes("create") || strings(rule.verbs).includes("*"))) continue;
    for (const { rule } of secretRules) for (const name of strings(rule.resourceNames)) add(role.namespace, name, role);
  }
  for (const { workload, pod, role } of secretCreatingWorkloads(ofKind, roles)) {
    for (const text of podTexts(pod)) for (const token of text.split(/[\s=,:;'"]+/)) add(workload.namespace, token, role);
  }
  return out;
}

/**
 * Workloads whose ServiceAccount may create Secrets in their namespace, each with the role that lets it:
 * a Role (or ClusterRole) bound by a RoleBinding of that namespace, or a ClusterRole bound cluster-wide.
 */
function secretCreatingWorkloads(ofKind: OfKind, roles: readonly BoundRole[]): Array<{ workload: Resource; pod: PodTemplate; role: Resource }> {
  const creates = (role: Resource) => policyRules(role).some(({ rule }) => allows(rule, ["create"], "secrets", "") && strings(rule.resourceNames).length === 0);
  // "namespace/name" of each ServiceAccount that may create Secrets in its own namespace, to the role.
  const accounts = new Map<string, Resource>();
  for (const { binding: b, role, scope } of roles) {
    if (!creates(role)) continue;
    for (const s of Array.isArray(b.object.subjects) ? b.object.subjects : []) {
      if (!isRecord(s) || s.kind !== "ServiceAccount" || typeof s.name !== "string") continue;
      const ns = typeof s.namespace === "string" && s.namespace !== "" ? s.namespace : b.namespace;
      // A RoleBinding grants only in its own namespace.
      if (ns === undefined || (scope !== "*" && ns !== scope)) continue;
      accounts.set(`${ns}/${s.name}`, role);
    }
  }
  const out: Array<{ workload: Resource; pod: PodTemplate; role: Resource }> = [];
  if (accounts.size === 0) return out;
  for (const kind of WORKLOAD_KINDS) {
    for (const workload of ofKind(kind)) {
      const pod = podTemplateOf(workload);
      if (!pod || workload.namespace === undefined) continue;
      const role = accounts.get(`${workload.namespace}/${pod.spec.serviceAccountName || pod.spec.serviceAccount || "default"}`);
      if (role) out.push({ workload, pod, role });
    }
  }
  return out;
}

/** The command, args and literal env values of a pod's containers. */
function podTexts(pod: PodTemplate): string[] {
  const out: string[] = [];
  for (const { container } of containersOf(pod)) {
    out.push(...strings(container.command), ...strings(container.args));
    for (const e of Array.isArray(container.env) ? container.env : []) if (isRecord(e) && typeof e.value === "string") out.push(e.value);
  }
  return out;
}

/**
 * Secrets that the set lets a workload write by name: a bound Role (or ClusterRole, through a
 * RoleBinding of the Secret's namespace or cluster-wide) that grants update or patch on secrets with
 * the Secret in resourceNames. Such a Secret's empty or placeholder values are the workload's to fill
 * in (Kubernetes Dashboard writes its CSRF key into an empty one), not a template for a person.
 * Keys are "namespace/name", or "*\/name" for a grant in every namespace.
 */
export function workloadWrittenSecrets(ofKind: OfKind): Set<string> {
  const out = new Set<string>();
  for (const { role, scope } of boundRoles(ofKind)) {
    for (const { rule } of policyRules(role)) {
      if (!allows(rule, ["update", "patch"], "secrets", "")) continue;
      for (const name of strings(rule.resourceNames)) out.add(`${scope}/${name}`);
    }
  }
  return out;
}

/** A binding of the set with the role it binds; where it grants: the RoleBinding's namespace, or "*". */
interface BoundRole {
  binding: Resource;
  role: Resource;
  scope: string;
}

/** Each binding of the set whose role is in the set (RBAC roles only), with that role. */
function boundRoles(ofKind: OfKind): BoundRole[] {
  const roles = new Map<string, Resource>();
  for (const kind of ["Role", "ClusterRole"]) for (const r of ofKind(kind)) if (isRbac(r)) roles.set(`${kind}/${kind === "Role" ? (r.namespace ?? "") : ""}/${r.name}`, r);
  const out: BoundRole[] = [];
  for (const kind of ["RoleBinding", "ClusterRoleBinding"]) {
    for (const binding of ofKind(kind)) {
      const ref = isRecord(binding.object.roleRef) ? binding.object.roleRef : undefined;
      if (!ref || typeof ref.name !== "string" || (kind === "ClusterRoleBinding" && ref.kind !== "ClusterRole")) continue;
      const role = roles.get(ref.kind === "Role" ? `Role/${binding.namespace ?? ""}/${ref.name}` : `ClusterRole//${ref.name}`);
      if (role) out.push({ binding, role, scope: kind === "ClusterRoleBinding" ? "*" : (binding.namespace ?? "") });
    }
  }
  return out;
}
