import { isRecord } from "../model/pod-spec.js";

/**
 * A custom resource as the API server validates it on create: structural-schema `default:` values
 * applied first (apiextensions' defaulting algorithm: a property that is absent, or null where the
 * schema is not nullable, gets a copy of its default, which is defaulted in turn; list items and map
 * values are defaulted by items and additionalProperties). x-kubernetes-validations rules then read
 * the defaulted fields, as in the cluster. The object itself is never changed: changed nodes are
 * copies, and an object with nothing to default is returned as it is. The root's metadata is ObjectMeta,
 * not defaulted by the schema.
 */
export function withDefaults(schema: Record<string, unknown>, value: unknown): unknown {
  return hasDefaults(schema) ? apply(schema, value, 0, true) : value;
}

const withDefault = new WeakMap<object, boolean>();

/** Whether any node below a schema declares a default (once per schema). */
function hasDefaults(s: Record<string, unknown>): boolean {
  const known = withDefault.get(s);
  if (known !== undefined) return known;
  withDefault.set(s, false); // a schema that contains itself (a YAML alias) stops here
  const below = (p: unknown): boolean => isRecord(p) && ("default" in p || hasDefaults(p));
  const found = (isRecord(s.properties) && Object.values(s.properties).some(below)) || below(s.items) || below(s.additionalProperties);
  withDefault.set(s, found);
  return found;
}

function isNonNullableNull(v: unknown, s: Record<string, unknown>): boolean {
  return v === null && s.nullable !== true;
}

function copy(v: unknown): unknown {
  return structuredClone(v);
}

function apply(s: Record<string, unknown>, v: unknown, depth: number, root = false): unknown {
  if (depth > 200 || !hasDefaults(s)) return v;
  if (Array.isArray(v)) {
    const items = isRecord(s.items) ? s.items : undefined;
    if (!items) return v;
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const filled = isNonNullableNull(x, items) && "default" in items ? copy(items.default) : x;
      const y = apply(items, filled, depth + 1);
      if (y !== x) (out ??= [...v])[i] = y;
    });
    return out ?? v;
  }
  if (!isRecord(v)) return v;
  const props = isRecord(s.properties) ? s.properties : {};
  const extra = isRecord(s.additionalProperties) ? s.additionalProperties : undefined;
  let out: Record<string, unknown> | undefined;
  for (const [k, p] of Object.entries(props)) {
    if (!isRecord(p) || !("default" in p) || (root && k === "metadata")) continue;
    if (!(k in v) || isNonNullableNull(v[k], p)) (out ??= { ...v })[k] = copy(p.default);
  }
  const current = out ?? v;
  for (const [k, x] of Object.entries(current)) {
    if (root && k === "metadata") continue;
    const sub = isRecord(props[k]) ? (props[k] as Record<string, unknown>) : extra;
    if (!sub) continue;
    const y = apply(sub, x, depth + 1);
    if (y !== x) (out ??= { ...v })[k] = y;
  }
  return out ?? v;
}
