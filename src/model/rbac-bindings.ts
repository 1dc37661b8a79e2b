import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";
import { BINDING_KINDS, isRbac, roleRefOf } from "./rbac.js";
import { aggregatingRoles } from "./rbac-aggregation.js";
import { THROUGH_BUILTIN_VIEW } from "./rbac-builtin-view.js";

/** A role a finding follows to its binding: one of the set, or the built-in view role. */
type Holder = Pick<Resource, "kind" | "name" | "namespace">;
const BUILTIN_VIEW: Holder = { kind: "ClusterRole", name: "view", namespace: undefined };

/** The binding that grants a role, and how: "" directly, else through a ClusterRole that aggregates it. */
export interface Bound {
  binding: Resource;
  via: string;
}

/**
 * The set's bindings by the role they name, in one pass: a ClusterRole is bound cluster-wide by a
 * ClusterRoleBinding or per namespace by a RoleBinding; a Role only by RoleBindings of its namespace.
 * A ClusterRole's rules are also granted by the bindings of the ClusterRoles whose aggregationRule
 * selects it and, labelled into the built-in view role (`intoView`), by view's.
 */
export function roleBindings(index: ResourceIndex): {
  clusterWide(role: Resource, intoView: boolean): Bound | undefined;
  inNamespace(role: Resource, intoView: boolean): Bound | undefined;
} {
  const clusterWide = new Map<string, Resource>();
  const perNamespace = new Map<string, Resource>();
  const key = (h: Holder) => (h.kind === "Role" ? `Role\u0000${h.namespace ?? ""}\u0000${h.name}` : `ClusterRole\u0000\u0000${h.name}`);
  // From the index, not model.resources: in the editor's run those are the edited file's objects only.
  for (const kind of BINDING_KINDS) {
    for (const binding of index.ofKind(kind)) {
      if (!isRbac(binding)) continue;
      const ref = roleRefOf(binding);
      if (!ref) continue;
      if (binding.kind === "ClusterRoleBinding") {
        if (ref.kind === "ClusterRole" && !clusterWide.has(ref.name)) clusterWide.set(ref.name, binding);
      } else {
        const k = key({ kind: ref.kind, name: ref.name, namespace: ref.kind === "Role" ? binding.namespace : undefined });
        if (!perNamespace.has(k)) perNamespace.set(k, binding);
      }
    }
  }
  // Each role's holders once: both lookups of a role ask for them.
  const holdersOf = new Map<Resource, Holder[]>();
  const bound = (role: Resource, intoView: boolean, lookup: (h: Holder) => Resource | undefined): Bound | undefined => {
    let holders = holdersOf.get(role);
    if (!holders) holdersOf.set(role, (holders = [role, ...aggregatingRoles(index, role)]));
    for (const holder of intoView ? [...holders, BUILTIN_VIEW] : holders) {
      const binding = lookup(holder);
      if (binding) return { binding, via: holder === role ? "" : holder === BUILTIN_VIEW ? THROUGH_BUILTIN_VIEW : ` through ClusterRole "${holder.name}", which aggregates it` };
    }
    return undefined;
  };
  return {
    clusterWide: (role, intoView) => (role.kind === "ClusterRole" ? bound(role, intoView, (h) => clusterWide.get(h.name)) : undefined),
    inNamespace: (role, intoView) => bound(role, intoView, (h) => perNamespace.get(key(h))),
  };
}
