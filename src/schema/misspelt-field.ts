import type { ContainerRef, PodTemplate } from "../model/pod-spec.js";
import { isRecord } from "../model/pod-spec.js";
import { closestId } from "../engine/closest-id.js";
import { builtinKind, definitionFields } from "./builtin-schemas.js";
import { nearMiss } from "./schema-failure.js";

const CONTAINER = "IoK8sApiCoreV1Container";
const POD_SPEC = "IoK8sApiCoreV1PodSpec";

/**
 * Whether `object`, of a built-in definition, writes instead of `field` a key that the schema rule
 * reports as its misspelling and offers to rename (`securityContex`, `livenessprobe`): the same
 * decision as schema-failure.ts's unknownField.
 */
function writesMisspelt(object: unknown, definition: string, field: string): boolean {
  if (!isRecord(object) || Object.hasOwn(object, field)) return false;
  const known = definitionFields(definition);
  for (const key in object) {
    if (known.includes(key)) continue;
    const near = closestId(key, known);
    if (near === field && nearMiss(key, near, known)) return true;
  }
  return false;
}

/**
 * Whether a container's `field` (securityContext, resources, livenessProbe…) is written under a
 * misspelt key, in an object the schema rule validates as a built-in kind. The API server refuses it
 * (kubectl validates fields strictly) and the schema rule reports it with the rename: rules that would
 * call the field missing leave the container to it (one cause, one finding).
 */
export function containerFieldMisspelt(ref: ContainerRef, field: string): boolean {
  const r = ref.pod.resource;
  return builtinKind(r.apiVersion, r.kind) !== undefined && writesMisspelt(ref.container, CONTAINER, field);
}

/** containerFieldMisspelt for a pod's own spec (securityContext, serviceAccountName…). */
export function podFieldMisspelt(pod: PodTemplate, field: string): boolean {
  const r = pod.resource;
  return builtinKind(r.apiVersion, r.kind) !== undefined && writesMisspelt(pod.spec, POD_SPEC, field);
}

/**
 * Whether the security context a container's settings come from is misspelt: its own, or, for the
 * settings a pod may hold (runAsNonRoot, seccompProfile…), its pod's.
 */
export function securityContextMisspelt(ref: ContainerRef, podLevel: boolean): boolean {
  return containerFieldMisspelt(ref, "securityContext") || (podLevel && podFieldMisspelt(ref.pod, "securityContext"));
}

/**
 * Whether a pod's serviceAccountName or automountServiceAccountToken is misspelt (serviceAcountName):
 * which account it runs as, and whether with a token, is then the schema rule's finding to settle.
 */
export function accountFieldMisspelt(pod: PodTemplate): boolean {
  return podFieldMisspelt(pod, "serviceAccountName") || podFieldMisspelt(pod, "automountServiceAccountToken");
}
