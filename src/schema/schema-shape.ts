import { isRecord } from "../model/pod-spec.js";

/**
 * The fields that a set of objects actually has, merged: for each key, what is below it in any of
 * them, and for lists, what is below their items. A CRD's schema only needs compiling for these
 * paths: kube-prometheus's Prometheus CRD describes thousands of fields, its resources set a few
 * dozen, and compiling all of it took seconds.
 */
export class Shape {
  readonly keys = new Map<string, Shape>();
  items: Shape | undefined;

  add(value: unknown, depth = 0): void {
    // A YAML alias can make a value contain itself: the shape stops where a schema would.
    if (depth > 100) return;
    if (Array.isArray(value)) {
      const items = (this.items ??= new Shape());
      for (const v of value) items.add(v, depth + 1);
    } else if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) {
        let s = this.keys.get(k);
        if (!s) this.keys.set(k, (s = new Shape()));
        s.add(v, depth + 1);
      }
    }
  }

  /** The shapes of the values of keys not named in `named` (what additionalProperties applies to), merged. */
  others(named: Record<string, unknown> | undefined): Shape | undefined {
    let out: Shape | undefined;
    for (const [k, s] of this.keys) {
      if (named && Object.hasOwn(named, k)) continue;
      (out ??= new Shape()).merge(s);
    }
    return out;
  }

  private merge(other: Shape): void {
    for (const [k, s] of other.keys) {
      let mine = this.keys.get(k);
      if (!mine) this.keys.set(k, (mine = new Shape()));
      mine.merge(s);
    }
    if (other.items) (this.items ??= new Shape()).merge(other.items);
  }
}

/** Keywords whose subschemas apply to the same value as the schema itself. */
const SAME_VALUE = ["allOf", "anyOf", "oneOf"] as const;
const SAME_VALUE_ONE = ["not", "if", "then", "else"] as const;

/**
 * A JSON schema that validates every value of `shape` exactly as `schema` does: subschemas that no
 * value reaches (a property no object sets, the items of a list no object has) become `true`. Those
 * are never applied, so nothing a validator reports can change; property names stay, for
 * additionalProperties and for the "did you mean" of unknown fields.
 */
export function pruneSchema(schema: unknown, shape: Shape | undefined): unknown {
  if (!isRecord(schema)) return schema;
  if (!shape) return true;
  const out: Record<string, unknown> = { ...schema };
  if (isRecord(schema.properties)) {
    const props: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries(schema.properties)) props[name] = shape.keys.has(name) ? pruneSchema(sub, shape.keys.get(name)) : true;
    out.properties = props;
  }
  if (isRecord(schema.items)) out.items = pruneSchema(schema.items, shape.items);
  if (isRecord(schema.additionalProperties)) {
    out.additionalProperties = pruneSchema(schema.additionalProperties, shape.others(isRecord(schema.properties) ? schema.properties : undefined));
  }
  for (const k of SAME_VALUE) if (Array.isArray(schema[k])) out[k] = (schema[k] as unknown[]).map((s) => pruneSchema(s, shape));
  for (const k of SAME_VALUE_ONE) if (isRecord(schema[k])) out[k] = pruneSchema(schema[k], shape);
  return out;
}
