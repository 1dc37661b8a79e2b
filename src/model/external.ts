/**
 * Objects declared to exist outside the manifests (`--external Kind/namespace/name`, `Kind/name`).
 * Kinds match case-insensitively and by kubectl's short names (cm, sa, svc, pvc…); `*` as a whole
 * namespace or name matches any (`Secret/tarka/*`: every Secret in tarka is managed elsewhere).
 * `Kind/name` names a cluster-scoped object, or a namespaced one in the run's default namespace.
 */
export class ExternalObjects {
  private readonly exact = new Set<string>();
  /** `Kind/name` entries: the scope of the kind is known only when a rule asks. */
  private readonly unscoped = new Set<string>();
  private readonly patterns: Array<{ kind: string; namespace: string; name: string }> = [];

  constructor(
    entries: readonly string[],
    private readonly defaultNamespace: string,
  ) {
    for (const raw of entries) {
      const parts = raw.trim().split("/");
      if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) continue;
      const kind = canonicalKind(parts[0]);
      const name = parts[parts.length - 1];
      if (parts.length === 2) {
        if (name === "*") this.patterns.push({ kind, namespace: "", name });
        else this.unscoped.add(key(kind, "", name));
        continue;
      }
      const namespace = parts[1];
      if (name === "*" || namespace === "*") this.patterns.push({ kind, namespace, name });
      else this.exact.add(key(kind, namespace, name));
    }
  }

  /** Whether an object is declared external; `namespace` is undefined for cluster-scoped kinds. */
  has(kind: string, namespace: string | undefined, name: string): boolean {
    const k = canonicalKind(kind);
    // Kind/name means a cluster-scoped object, or a namespaced one in the default namespace (as kubectl reads it).
    const twoPart = namespace === undefined || namespace === this.defaultNamespace;
    if (namespace !== undefined && this.exact.has(key(k, namespace, name))) return true;
    if (twoPart && this.unscoped.has(key(k, "", name))) return true;
    return this.patterns.some(
      (p) => p.kind === k && (p.name === "*" || p.name === name) && (p.namespace === "*" || (p.namespace === "" ? twoPart : p.namespace === namespace)),
    );
  }
}

const SHORT_NAMES: Record<string, string> = {
  cm: "configmap",
  configmaps: "configmap",
  sa: "serviceaccount",
  serviceaccounts: "serviceaccount",
  svc: "service",
  services: "service",
  pvc: "persistentvolumeclaim",
  persistentvolumeclaims: "persistentvolumeclaim",
  secrets: "secret",
  ns: "namespace",
  namespaces: "namespace",
  pc: "priorityclass",
  priorityclasses: "priorityclass",
  clusterroles: "clusterrole",
  roles: "role",
  deploy: "deployment",
  deployments: "deployment",
  sts: "statefulset",
  statefulsets: "statefulset",
  crd: "customresourcedefinition",
  crds: "customresourcedefinition",
};

function canonicalKind(kind: string): string {
  const k = kind.toLowerCase();
  return SHORT_NAMES[k] ?? k;
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}
