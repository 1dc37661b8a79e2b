import type { Subject } from "kubernetes-types/rbac/v1.js";
import type { ObjectPath } from "../types.js";
import type { Model } from "./model.js";
import type { PodTemplate } from "./pod-spec.js";
import { isRecord } from "./pod-spec.js";
import { BINDING_KINDS, isRbac } from "./rbac.js";
import { REPLICATED_KINDS, writtenReplicas } from "./replicas.js";

/** A workload scaled to zero on purpose (a StatefulSet kept only to be replaced) runs no pod to judge. */
export function runsNoPods(pod: PodTemplate): boolean {
  return REPLICATED_KINDS.has(pod.resource.kind) && writtenReplicas(pod.resource) === 0;
}

/** The ServiceAccount a pod runs as, and where its name is written (undefined: the namespace's default). */
export interface PodServiceAccount {
  name: string;
  /** serviceAccountName, or the deprecated serviceAccount when only it is set. */
  path?: ObjectPath;
  explicit: boolean;
}

export function podServiceAccount(pod: PodTemplate): PodServiceAccount {
  const spec = pod.spec as { serviceAccountName?: unknown; serviceAccount?: unknown };
  for (const field of ["serviceAccountName", "serviceAccount"] as const) {
    const v = spec[field];
    if (typeof v === "string" && v !== "") return { name: v, path: [...pod.specPath, field], explicit: true };
  }
  // An account the operator assigns is not the default one, whatever its (possibly generated) name.
  if (pod.operatorServiceAccount !== undefined) return { name: pod.operatorServiceAccount, explicit: false };
  return { name: "default", explicit: false };
}

/**
 * Whether the pod gets a ServiceAccount token mounted: the pod's automountServiceAccountToken wins,
 * else its ServiceAccount's (when the set defines it), else the API server mounts one. A value that is
 * no boolean (`"false"`) is taken as no token: the API server refuses the object, the schema rule
 * reports it, and what its author meant is plain.
 */
export function mountsToken(pod: PodTemplate, model: Model): boolean {
  const own = (pod.spec as { automountServiceAccountToken?: unknown }).automountServiceAccountToken;
  if (typeof own === "boolean") return own;
  if (own !== undefined && own !== null) return false;
  const sa = model.index.get("ServiceAccount", pod.resource.namespace, podServiceAccount(pod).name)[0];
  const inherited = sa?.object.automountServiceAccountToken;
  return !(inherited === false || (inherited !== undefined && inherited !== null && typeof inherited !== "boolean"));
}

/**
 * The ServiceAccounts some binding in the set names, directly ("ServiceAccount ns/name", or the user
 * system:serviceaccount:ns:name) or through a group that contains them (system:serviceaccounts,
 * system:serviceaccounts:<ns>, system:authenticated). Built in one pass over the bindings.
 */
export class GrantedServiceAccounts {
  private readonly accounts = new Set<string>();
  /** Names of ServiceAccount subjects, whatever their namespace. */
  private readonly names = new Set<string>();
  private readonly namespaces = new Set<string>();
  private all = false;

  constructor(model: Model) {
    // Through the index, not model.resources: the editor's run gives the rule the edited file's objects there.
    for (const kind of BINDING_KINDS) for (const b of model.index.ofKind(kind)) {
      if (!isRbac(b) || !Array.isArray(b.object.subjects)) continue;
      for (const s of b.object.subjects as Subject[]) {
        if (!isRecord(s) || typeof s.name !== "string") continue;
        if (s.kind === "ServiceAccount") {
          // A RoleBinding's ServiceAccount subject without a namespace is in the binding's namespace.
          const ns = typeof s.namespace === "string" && s.namespace !== "" ? s.namespace : (b.namespace ?? "");
          this.accounts.add(`${ns}/${s.name}`);
          this.names.add(s.name);
        } else if (s.kind === "User" && s.name.startsWith("system:serviceaccount:")) {
          const [ns, name] = s.name.slice("system:serviceaccount:".length).split(":");
          if (ns && name) {
            this.accounts.add(`${ns}/${name}`);
            this.names.add(name);
          }
        } else if (s.kind === "Group") {
          if (s.name === "system:serviceaccounts" || s.name === "system:authenticated") this.all = true;
          else if (s.name.startsWith("system:serviceaccounts:")) this.namespaces.add(s.name.slice("system:serviceaccounts:".length));
        }
      }
    }
  }

  has(namespace: string, name: string): boolean {
    return this.all || this.namespaces.has(namespace) || this.accounts.has(`${namespace}/${name}`);
  }

  /**
   * Whether some binding grants a ServiceAccount of this name in any namespace: for objects that set
   * no namespace (a bundle applied with `kubectl apply -n argo-rollouts`), a binding that names the
   * namespace says where the bundle is meant to go, whatever namespace the run assumes.
   */
  hasAnywhere(name: string): boolean {
    return this.all || this.names.has(name);
  }
}

/**
 * Whether the set gives its workloads ServiceAccounts of their own: a pod left on the namespace's
 * default one with its token mounted is then an oversight (default-service-account reports it, and
 * service-account-token leaves it alone so that one pod is one finding).
 */
export function definesServiceAccounts(model: Model): boolean {
  return model.index.ofKind("ServiceAccount").some((sa) => sa.name !== "default");
}
