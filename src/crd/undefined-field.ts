import { isRecord } from "../model/pod-spec.js";

/** What `self` has at a CRD's root besides its schema's properties. */
const ROOT_FIELDS = ["apiVersion", "kind", "metadata"];

/**
 * The first name of a chain of fields (["spec", "replica"]) that a structural schema does not define
 * below `schema`, with the names it defines there; undefined when every name is defined or the schema
 * cannot tell: unknown fields kept (x-kubernetes-preserve-unknown-fields), an embedded object, a map's
 * keys (additionalProperties), int-or-string, a list or a scalar selected into. The API server type-checks
 * a rule against the schema and refuses a CRD whose rule selects a field it does not define.
 * `root`: `schema` is the version's root, where apiVersion, kind and metadata are implicit.
 */
export function undefinedSchemaField(schema: Record<string, unknown>, chain: readonly string[], root: boolean): { at: number; known: string[] } | undefined {
  let node: Record<string, unknown> = schema;
  for (let i = 0; i < chain.length; i++) {
    if (i === 0 && root && ROOT_FIELDS.includes(chain[0])) return undefined;
    if (node["x-kubernetes-preserve-unknown-fields"] === true || node["x-kubernetes-embedded-resource"] === true || node["x-kubernetes-int-or-string"] === true) return undefined;
    const props = node.properties;
    if (isRecord(props)) {
      const sub = Object.prototype.hasOwnProperty.call(props, chain[i]) ? props[chain[i]] : undefined;
      if (!isRecord(sub)) return { at: i, known: [...(i === 0 && root ? ROOT_FIELDS : []), ...Object.keys(props)] };
      node = sub;
    } else if (isRecord(node.additionalProperties)) {
      node = node.additionalProperties;
    } else {
      return undefined;
    }
  }
  return undefined;
}
