import { apiGroup, type Resource } from "./resource.js";
import { isRecord } from "./pod-spec.js";
import type { ResourceIndex } from "./resource-index.js";
import { GATEWAY_GROUP } from "./references.js";

/**
 * Whether a ReferenceGrant of the set lets `from` (a route or Gateway) name an object of `kind`
 * (core group) called `name` in `namespace`. Gateway API refuses a reference into another namespace
 * without one (ResolvedRefs: RefNotPermitted): the grant lives in the namespace referred to, lists
 * the referring kind and namespace in `from`, and the kind (and maybe the name) in `to`.
 */
export function referenceGranted(index: ResourceIndex, from: Resource, kind: string, namespace: string, name: string): boolean {
  for (const grant of index.ofKind("ReferenceGrant")) {
    if (grant.namespace !== namespace || apiGroup(grant.apiVersion) !== GATEWAY_GROUP || !isRecord(grant.object.spec)) continue;
    const spec = grant.object.spec;
    const froms = Array.isArray(spec.from) ? spec.from.filter(isRecord) : [];
    const tos = Array.isArray(spec.to) ? spec.to.filter(isRecord) : [];
    const fromOk = froms.some((f) => f.group === apiGroup(from.apiVersion) && f.kind === from.kind && f.namespace === from.namespace);
    const toOk = tos.some((t) => (t.group ?? "") === "" && t.kind === kind && (t.name === undefined || t.name === "" || t.name === name));
    if (fromOk && toOk) return true;
  }
  return false;
}
