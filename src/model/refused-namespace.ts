import type { Resource } from "./resource.js";
import { dns1123Label, isSubstituted } from "./api-names.js";

/**
 * Why the API server refuses the metadata.namespace a namespaced object writes (a placeholder such as
 * YOUR_NAMESPACE is no DNS-1123 label), or undefined when it is accepted, not written, a template
 * substitution, or replaced before the object is applied (a Flux Kustomization's targetNamespace: the
 * written one never reaches the API server). The refusal is invalid-name's finding; rules that judge
 * the object within its namespace leave such an object alone, since it never gets there.
 */
export function refusedNamespace(r: Resource): string | undefined {
  const ns = r.object.metadata?.namespace;
  // A cluster-scoped object's namespace is dropped by the API server, not validated; one a controller
  // replaces (the model's namespace is then another) is never sent.
  if (typeof ns !== "string" || ns === "" || !r.namespaceExplicit || r.namespace !== ns || isSubstituted(ns)) return undefined;
  return dns1123Label(ns);
}
