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

/**
 * An init container's restartPolicy as meant (`restartpolicy: Always` still makes it a sidecar), in a
 * built-in kind: otherwise its probes and resources would be judged as a run-once container's.
 */
export function initContainerRestartPolicy(resource: { apiVersion: string; kind: string }, container: Record<string, unknown>): unknown {
  if (container.restartPolicy !== undefined || builtinKind(resource.apiVersion, resource.kind) === undefined) return container.restartPolicy;
  return fieldAsMeant(container, "IoK8sApiCoreV1Container", "restartPolicy", CONTAINER_FIELDS);
}

/** Container keys that need no look at the schema. */
const CONTAINER_FIELDS: ReadonlySet<string> = new Set(["name", "image", "command", "args", "env", "envFrom", "ports", "resources", "volumeMounts", "securityContext", "imagePullPolicy", "livenessProbe", "readinessProbe", "startupProbe", "workingDir"]);

/**
 * A HorizontalPodAutoscaler's scaleTargetRef as meant (`scaleTargteRef`): otherwise the workload it
 * scales would be judged as not autoscaled (its replicas, budget and spread).
 */
export function scaleTargetRef(hpa: { apiVersion: string; kind: string }, spec: Record<string, unknown>): unknown {
  if (spec.scaleTargetRef !== undefined) return spec.scaleTargetRef;
  const definition = HPA_SPECS[hpa.apiVersion];
  return definition === undefined ? undefined : fieldAsMeant(spec, definition, "scaleTargetRef", HPA_FIELDS);
}

const HPA_SPECS: Readonly<Record<string, string>> = {
  "autoscaling/v1": "IoK8sApiAutoscalingV1HorizontalPodAutoscalerSpec",
  "autoscaling/v2": "IoK8sApiAutoscalingV2HorizontalPodAutoscalerSpec",
};

const HPA_FIELDS: ReadonlySet<string> = new Set(["minReplicas", "maxReplicas", "metrics", "behavior", "targetCPUUtilizationPercentage"]);

/** A pod template's metadata as meant (`meatdata`), for its labels: see metaField. */
export function templateMetadata(template: Record<string, unknown>): unknown {
  return fieldAsMeant(template, "IoK8sApiCoreV1PodTemplateSpec", "metadata", TEMPLATE_FIELDS);
}

const TEMPLATE_FIELDS: ReadonlySet<string> = new Set(["metadata", "spec"]);

/** `object[field]`, else the value of a key of `object` the schema rule would rename to `field`. */
function fieldAsMeant(object: Record<string, unknown>, definition: string, field: string, common: ReadonlySet<string>): unknown {
  const key = keyAsMeant(object, definition, field, common);
  return key === undefined ? undefined : object[key];
}

/** The key `field` is written under in `object`: itself, or a misspelling the schema rule would rename. */
function keyAsMeant(object: Record<string, unknown>, definition: string, field: string, common: ReadonlySet<string>): string | undefined {
  if (object[field] !== undefined) return field;
  for (const key in object) {
    if (common.has(key)) continue;
    const known = definitionFields(definition);
    if (known.includes(key)) continue;
    const near = closestId(key, known);
    if (near === field && nearMiss(key, near, known)) return key;
  }
  return undefined;
}

/**
 * The key a Service's, budget's or NetworkPolicy's pod selector is written under (`selecter`, read as
 * meant), so that the pods it was meant to select are not said to be selected by nothing.
 */
export function selectorKey(spec: Record<string, unknown>, definition: string, field: "selector" | "podSelector"): string {
  return keyAsMeant(spec, definition, field, NO_FIELDS) ?? field;
}

const NO_FIELDS: ReadonlySet<string> = new Set();
