import { closestId, nearMiss } from "../engine/closest-id.js";
import { builtinKind, CONTAINER, definitionFields, OBJECT_META, specDefinition } from "../schema/builtin-schemas.js";
import { dns1123Label } from "./api-names.js";

/**
 * ObjectMeta's `field` as its author meant it: the field as written, else one written under a key the
 * schema rule reports as its misspelling and offers to rename (`namepsace`, `lables`). The API server
 * refuses such an object; reading the field as meant keeps the typo one finding, the schema rule's,
 * rather than an object in the default namespace or pods that no Service, budget or policy selects.
 */
export function metaField(meta: Record<string, unknown>, field: "namespace" | "labels"): unknown {
  const value = fieldAsMeant(meta, OBJECT_META, field);
  // A namespace read from a misspelt key is taken only where it could be one (a DNS-1123 label): it
  // heads every finding of the object, and a value that is no namespace name (a token written under
  // `nam:space`) is not to be printed as one.
  if (field === "namespace" && meta.namespace === undefined && typeof value === "string" && dns1123Label(value) !== undefined) return undefined;
  return value;
}

/**
 * An object's metadata as meant (`metdata`: its name and namespace), for a built-in kind, whose top
 * level the schema rule validates; a custom resource's is its CRD's to judge.
 */
export function objectMetadata(object: { apiVersion: string; kind: string; metadata?: unknown }): unknown {
  if (object.metadata !== undefined) return object.metadata;
  const definition = builtinKind(object.apiVersion, object.kind);
  return definition === undefined ? undefined : fieldAsMeant(object as Record<string, unknown>, definition, "metadata");
}

/**
 * An init container's restartPolicy as meant (`restartpolicy: Always` still makes it a sidecar), in a
 * built-in kind: otherwise its probes and resources would be judged as a run-once container's.
 */
export function initContainerRestartPolicy(resource: { apiVersion: string; kind: string }, container: Record<string, unknown>): unknown {
  if (container.restartPolicy !== undefined || builtinKind(resource.apiVersion, resource.kind) === undefined) return container.restartPolicy;
  return fieldAsMeant(container, CONTAINER, "restartPolicy");
}

/**
 * A HorizontalPodAutoscaler's scaleTargetRef as meant (`scaleTargteRef`): otherwise the workload it
 * scales would be judged as not autoscaled (its replicas, budget and spread).
 */
export function scaleTargetRef(hpa: { apiVersion: string; kind: string }, spec: Record<string, unknown>): unknown {
  if (spec.scaleTargetRef !== undefined) return spec.scaleTargetRef;
  const definition = specDefinition(hpa.apiVersion, hpa.kind);
  return definition === undefined ? undefined : fieldAsMeant(spec, definition, "scaleTargetRef");
}

/** A pod template's metadata as meant (`meatdata`), for its labels: see metaField. */
export function templateMetadata(template: Record<string, unknown>): unknown {
  return fieldAsMeant(template, "IoK8sApiCoreV1PodTemplateSpec", "metadata");
}

/**
 * The key a Service's, budget's or NetworkPolicy's pod selector is written under (`selecter`, read as
 * meant), so that the pods it was meant to select are not said to be selected by nothing.
 */
export function selectorKey(resource: { apiVersion: string; kind: string }, spec: Record<string, unknown>, field: "selector" | "podSelector"): string {
  if (spec[field] !== undefined) return field;
  const definition = specDefinition(resource.apiVersion, resource.kind);
  return (definition === undefined ? undefined : misspellingOf(spec, definition, field)) ?? field;
}

/**
 * The key of `object`, of a built-in definition, that the schema rule reports as a misspelling of
 * `field` and offers to rename: the decision of schema-failure.ts's unknownField. The caller knows
 * `field` itself is not written.
 */
export function misspellingOf(object: Record<string, unknown>, definition: string, field: string): string | undefined {
  let verdicts = decided.get(definition)?.get(field);
  for (const key in object) {
    if (key === field) continue;
    let renamed = verdicts?.get(key);
    if (renamed === undefined) {
      renamed = renamesTo(key, definition, field);
      if (!verdicts) {
        let byField = decided.get(definition);
        if (!byField) decided.set(definition, (byField = new Map()));
        byField.set(field, (verdicts = new Map()));
      }
      verdicts.set(key, renamed);
    }
    if (renamed) return key;
  }
  return undefined;
}

/**
 * Verdicts of renamesTo by definition, field and key: the same few keys (name, key, items) are asked
 * about for every reference and container of a run, and a verdict depends on nothing else.
 */
const decided = new Map<string, Map<string, Map<string, boolean>>>();

/** Whether the schema rule offers to rename `key`, in an object of `definition`, to `field`. */
function renamesTo(key: string, definition: string, field: string): boolean {
  // Only a near miss of `field` itself can be renamed to it: decided before the definition's fields are read.
  if (!nearMiss(key, field, [field])) return false;
  const known = definitionFields(definition);
  return !known.includes(key) && closestId(key, known) === field && nearMiss(key, field, known);
}

/** `object[field]`, else the value under the key the schema rule would rename to `field`. */
function fieldAsMeant(object: Record<string, unknown>, definition: string, field: string): unknown {
  if (object[field] !== undefined) return object[field];
  const key = misspellingOf(object, definition, field);
  return key === undefined ? undefined : object[key];
}
