import type { CompiledSelector } from "./selector.js";
import type { ResourceIndex } from "./resource-index.js";
import { isRecord, stringMap } from "./pod-spec.js";

/** The label the API server sets on every namespace, with the namespace's name as its value. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Label keys namespaces of the set carry: those of its Namespace objects, and the automatic name label. */
export function namespaceLabelKeys(index: ResourceIndex): ReadonlySet<string> {
  const keys = new Set<string>([NAMESPACE_NAME_LABEL]);
  for (const ns of index.ofKind("Namespace")) {
    const meta = ns.object.metadata;
    for (const k of Object.keys(stringMap(isRecord(meta) ? meta.labels : undefined))) keys.add(k);
  }
  return keys;
}

/** Label keys an object must carry to match a selector: its matchLabels, and its In and Exists requirements. */
export function requiredLabelKeys(sel: CompiledSelector): string[] {
  return [...sel.equals.map(([k]) => k), ...sel.expressions.filter((e) => e.operator === "In" || e.operator === "Exists").map((e) => e.key)];
}
