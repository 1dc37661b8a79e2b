import type { ObjectPath } from "../types.js";
import { isRecord } from "../model/pod-spec.js";

/** A value of a custom resource with the schema node that governs it. */
export interface SchemaNode {
  schema: Record<string, unknown>;
  /** Path of `schema` inside the CRD. */
  schemaPath: ObjectPath;
  value: unknown;
  /** Path of `value` inside the resource. */
  path: ObjectPath;
}

/**
 * Every present value of an object with its structural-schema node, parents first: properties,
 * additionalProperties (map values) and items (list elements). One pass over the object; the root's
 * metadata is left out (it is ObjectMeta, validated as the built-in type).
 */
export function schemaNodes(schema: Record<string, unknown>, schemaPath: ObjectPath, value: unknown): SchemaNode[] {
  const out: SchemaNode[] = [];
  const walk = (s: Record<string, unknown>, sp: ObjectPath, v: unknown, p: (string | number)[], depth: number): void => {
    // A YAML alias can make a schema or a value contain itself.
    if (v === undefined || v === null || depth > 200) return;
    out.push({ schema: s, schemaPath: sp, value: v, path: [...p] });
    if (Array.isArray(v)) {
      if (!isRecord(s.items)) return;
      const items = s.items;
      v.forEach((x, i) => walk(items, [...sp, "items"], x, [...p, i], depth + 1));
      return;
    }
    if (!isRecord(v)) return;
    const props = isRecord(s.properties) ? s.properties : {};
    const extra = isRecord(s.additionalProperties) ? s.additionalProperties : undefined;
    for (const [k, x] of Object.entries(v)) {
      if (depth === 0 && k === "metadata") continue;
      const sub = props[k];
      if (isRecord(sub)) walk(sub, [...sp, "properties", k], x, [...p, k], depth + 1);
      else if (extra) walk(extra, [...sp, "additionalProperties"], x, [...p, k], depth + 1);
    }
  };
  walk(schema, schemaPath, value, [], 0);
  return out;
}

/** The x-kubernetes-validations rules of a schema node (evaluated by src/crd/validation-rules.ts, loaded with CEL). */
export function rulesOf(schema: Record<string, unknown>): Array<Record<string, unknown>> {
  const v = schema["x-kubernetes-validations"];
  return Array.isArray(v) ? v.filter(isRecord) : [];
}
