import type { KubeObject } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import type { Kustomization } from "./kustomization.js";
import { effectiveNamespace, nameOf, namespaceOf, statesAlong } from "./object-states.js";

/** The hash kustomize appends to a generated name, after every prefix and suffix (`blue-web-config-v1-5d6m742t5f`). */
const NAME_HASH = /^[0-9a-z]+$/;

/**
 * The chain through which a generator's object came. A base built by two overlays of one root (each
 * with its own namePrefix, namespace and merged literals) generates its ConfigMap once per overlay, and
 * kustomize names the base's kustomization as where both were configured: each copy is the one whose
 * chain's affixes and namespace give its name and namespace from one of the base's generator entries.
 * When none fits (a transformer plugin renamed it), the first chain.
 */
export function generatorChain(chains: readonly Kustomization[][], rendered: KubeObject, field: string): Kustomization[] | undefined {
  if (chains.length <= 1) return chains[0];
  const name = nameOf(rendered);
  const namespace = effectiveNamespace(rendered.kind, namespaceOf(rendered));
  // Names each chain's affixes make of the base's entries, in its namespace.
  const made = chains.map((chain) => {
    const entries = chain[chain.length - 1].value[field];
    if (!Array.isArray(entries)) return [];
    return entries.flatMap((e) => {
      if (!isRecord(e) || typeof e.name !== "string") return [];
      const written: KubeObject = { apiVersion: "v1", kind: rendered.kind, metadata: { name: e.name, ...(typeof e.namespace === "string" ? { namespace: e.namespace } : {}) } };
      const s = statesAlong(chain, written)[0];
      return effectiveNamespace(rendered.kind, s.namespace) === namespace ? [s.name] : [];
    });
  });
  // A name one chain makes exactly is that chain's, before any other's name with what looks like a hash
  // (blue-web-config-v2, without a hash, is the copy whose nameSuffix is -v2, not blue-web-config's).
  const exact = made.findIndex((names) => names.includes(name));
  if (exact >= 0) return chains[exact];
  const hashed = made.findIndex((names) => names.some((n) => name.startsWith(`${n}-`) && NAME_HASH.test(name.slice(n.length + 1))));
  return chains[hashed >= 0 ? hashed : 0];
}
