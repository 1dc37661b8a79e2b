import { closestId, nearMiss } from "../engine/closest-id.js";
import { definitionFields, OBJECT_META } from "../schema/builtin-schemas.js";

/** Metadata keys that are ObjectMeta's own without a look at the schema (nearly every key written). */
const COMMON: ReadonlySet<string> = new Set(["name", "namespace", "labels", "annotations", "generateName"]);

/**
 * ObjectMeta's `field` as its author meant it: the field as written, else one written under a key the
 * schema rule reports as its misspelling and offers to rename (`namepsace`, `lables`). The API server
 * refuses such an object; reading the field as meant keeps the typo one finding, the schema rule's,
 * rather than an object in the default namespace or pods that no Service, budget or policy selects.
 */
export function metaField(meta: Record<string, unknown>, field: "namespace" | "labels"): unknown {
  if (meta[field] !== undefined) return meta[field];
  for (const key in meta) {
    if (COMMON.has(key)) continue;
    const known = definitionFields(OBJECT_META);
    if (known.includes(key)) continue;
    const near = closestId(key, known);
    if (near === field && nearMiss(key, near, known)) return meta[key];
  }
  return undefined;
}
