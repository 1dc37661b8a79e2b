import { closestId, nearMiss } from "../engine/closest-id.js";
import { builtinKind, definitionFields, OBJECT_META } from "../schema/builtin-schemas.js";

/** Metadata keys that are ObjectMeta's own without a look at the schema (nearly every key written). */
const COMMON: ReadonlySet<string> = new Set(["name", "namespace", "labels", "annotations", "generateName"]);

/**
 * ObjectMeta's `field` as its author meant it: the field as written, else one written under a key the
 * schema rule reports as its misspelling and offers to rename (`namepsace`, `lables`). The API server
 * refuses such an object; reading the field as meant keeps the typo one finding, the schema rule's,
 * rather than an object in the default namespace or pods that no Service, budget or policy selects.
 */
export function metaField(meta: Record<string, unknown>, field: "namespace" | "labels"): unknown {
  return fieldAsMeant(meta, OBJECT_META, field, COMMON);
}

/**
 * An object's metadata as meant (`metdata`: its name and namespace), for a built-in kind, whose top
 * level the schema rule validates; a custom resource's is its CRD's to judge.
 */
export function objectMetadata(object: { apiVersion: string; kind: string; metadata?: unknown }): unknown {
  if (object.metadata !== undefined) return object.metadata;
  const definition = builtinKind(object.apiVersion, object.kind);
  return definition === undefined ? undefined : fieldAsMeant(object as Record<string, unknown>, definition, "metadata", TOP_FIELDS);
}

const TOP_FIELDS: ReadonlySet<string> = new Set(["apiVersion", "kind", "spec"]);

/** A pod template's metadata as meant (`meatdata`), for its labels: see metaField. */
export function templateMetadata(template: Record<string, unknown>): unknown {
  return fieldAsMeant(template, "IoK8sApiCoreV1PodTemplateSpec", "metadata", TEMPLATE_FIELDS);
}

const TEMPLATE_FIELDS: ReadonlySet<string> = new Set(["metadata", "spec"]);

/** `object[field]`, else the value of a key of `object` the schema rule would rename to `field`. */
function fieldAsMeant(object: Record<string, unknown>, definition: string, field: string, common: ReadonlySet<string>): unknown {
  if (object[field] !== undefined) return object[field];
  for (const key in object) {
    if (common.has(key)) continue;
    const known = definitionFields(definition);
    if (known.includes(key)) continue;
    const near = closestId(key, known);
    if (near === field && nearMiss(key, near, known)) return object[key];
  }
  return undefined;
}
