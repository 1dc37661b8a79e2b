import { isRecord } from "./pod-spec.js";

/**
 * The items of a list field as rules read them. An absent field has none, and so has one of the wrong
 * type (a string where a list goes), which is the schema rule's finding.
 */
export function items(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The mapping items of a list field (containers, terms, ports); other items are the schema rule's. */
export function mappings(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** mappings at their own indexes ({} for an item that is not one), for rules whose paths index the list. */
export function mappingsAt(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map((x) => (isRecord(x) ? x : {})) : [];
}

/**
 * Whether a list field is absent (or null) or an empty list, as the API server's "Required value" and
 * "must have at least one" read it. A value of the wrong type (`verbs: get`) is neither: the schema
 * rule reports it, and a check that also called it missing would report one cause twice.
 */
export function noItems(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}
