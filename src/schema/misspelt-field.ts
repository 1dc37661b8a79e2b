import type { ContainerRef, PodTemplate } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import { misspellingOf } from "../model/object-meta.js";
import { builtinKind, CONTAINER, fieldDefinition, specDefinition } from "./builtin-schemas.js";

/**
 * Misspelt fields (`securityContex`, `livenesProbe`, `hotsPath`): the API server refuses the object
 * (kubectl validates fields strictly), and the schema rule reports each with the rename. Rules that
 * would call the intended field missing ask here and leave the object to the schema rule: one cause,
 * one finding. Only objects the schema rule validates as a built-in kind: a custom kind's fields are
 * not its to rename.
 */

/**
 * Whether `object`, of a built-in definition, writes instead of `field` a key that the schema rule
 * reports as its misspelling and offers to rename: the same decision as schema-failure.ts's unknownField.
 */
export function writesMisspelt(resource: Resource, object: unknown, definition: string, field: string): boolean {
  return misspeltKey(resource, object, definition, field) !== undefined;
}

/** The key writesMisspelt finds, for a rule that reads what was written under it. */
export function misspeltKey(resource: Resource, object: unknown, definition: string, field: string): string | undefined {
  if (!isRecord(object) || Object.hasOwn(object, field)) return undefined;
  // The keys first: most objects write none near the field, and the kind's lookup builds a string.
  const key = misspellingOf(object, definition, field);
  return key === undefined || builtinKind(resource.apiVersion, resource.kind) === undefined ? undefined : key;
}

/** misspeltKey in a built-in kind's `spec`, of its apiVersion's definition (a Service's clusterIp). */
export function specMisspeltKey(resource: Resource, field: string): string | undefined {
  const definition = specDefinition(resource.apiVersion, resource.kind);
  return definition === undefined ? undefined : misspeltKey(resource, resource.object.spec, definition, field);
}

/** Whether a built-in kind's `spec` writes `field` under a misspelt key (sevriceName, minAvailabe). */
export function specFieldMisspelt(resource: Resource, field: string): boolean {
  return specMisspeltKey(resource, field) !== undefined;
}

/** Whether a container's `field` (securityContext, resources, livenessProbe…) is written under a misspelt key. */
export function containerFieldMisspelt(ref: ContainerRef, field: string): boolean {
  return writesMisspelt(ref.pod.resource, ref.container, CONTAINER, field);
}

/** Whether a container's resources.requests or resources.limits is written under a misspelt key (liimts). */
export function resourceListMisspelt(ref: ContainerRef, list: "requests" | "limits"): boolean {
  const resources = (ref.container as { resources?: unknown }).resources;
  return writesMisspelt(ref.pod.resource, resources, "IoK8sApiCoreV1ResourceRequirements", list);
}

/** Whether a pod's own `field` (securityContext, serviceAccountName…) is written under a misspelt key. */
export function podFieldMisspelt(pod: PodTemplate, field: string): boolean {
  return writesMisspelt(pod.resource, pod.spec, "IoK8sApiCoreV1PodSpec", field);
}

/**
 * Whether any of the security `settings` a container's verdict depends on is misspelt: the container's
 * securityContext or one of its settings in it (`runAsNonRot`), and, where the pod may hold them
 * (`podLevel`: runAsNonRoot, runAsUser, seccompProfile…), the pod's.
 */
export function securitySettingMisspelt(ref: ContainerRef, settings: readonly string[], podLevel: boolean): boolean {
  const resource = ref.pod.resource;
  const own = (ref.container as { securityContext?: unknown }).securityContext;
  if (containerFieldMisspelt(ref, "securityContext") || settings.some((f) => writesMisspelt(resource, own, "IoK8sApiCoreV1SecurityContext", f))) return true;
  if (!podLevel) return false;
  const pod = (ref.pod.spec as { securityContext?: unknown }).securityContext;
  return podFieldMisspelt(ref.pod, "securityContext") || settings.some((f) => writesMisspelt(resource, pod, "IoK8sApiCoreV1PodSecurityContext", f));
}

/**
 * Whether the field at the end of `chain`, read from `object` of a built-in definition, is absent because
 * a key on the way is misspelt (a claim's `resource:` or `requets:` for resources.requests.storage, a
 * Secret's `stirngData`, a selector's `macthLabels`). Only objects are followed, not lists or maps.
 */
export function chainMisspelt(resource: Resource, object: unknown, definition: string, chain: readonly string[]): boolean {
  if (builtinKind(resource.apiVersion, resource.kind) === undefined) return false;
  let node = object;
  let def: string | undefined = definition;
  for (const field of chain) {
    if (!isRecord(node) || def === undefined) return false;
    if (node[field] === undefined || node[field] === null) return !Object.hasOwn(node, field) && misspellingOf(node, def, field) !== undefined;
    node = node[field];
    def = fieldDefinition(def, field);
  }
  return false;
}

/** chainMisspelt from the top of a built-in kind's object: ["spec", "externalName"] of a Service. */
export function objectChainMisspelt(resource: Resource, chain: readonly string[]): boolean {
  const definition = builtinKind(resource.apiVersion, resource.kind);
  return definition !== undefined && chainMisspelt(resource, resource.object, definition, chain);
}

/**
 * Whether a pod's serviceAccountName or automountServiceAccountToken is misspelt (serviceAcountName):
 * which account it runs as, and whether with a token, is then the schema rule's finding to settle.
 */
export function accountFieldMisspelt(pod: PodTemplate): boolean {
  return podFieldMisspelt(pod, "serviceAccountName") || podFieldMisspelt(pod, "automountServiceAccountToken");
}
