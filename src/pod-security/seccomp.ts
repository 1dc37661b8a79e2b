import { containersOf, isRecord, type PodTemplate } from "../model/pod-spec.js";
import { isPrivileged, securityContextPath } from "../model/security-context.js";
import { annotationProfile } from "../model/api-deprecations.js";
import type { ObjectPath } from "../types.js";
import { windowsNote } from "./privileges.js";
import { exemptWindows, type Bar, type Refusal } from "./refusal.js";

const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";

/**
 * The API server's seccomp version skew (pod strategy, from 1.19): before 1.27 an annotation whose
 * field is unset is copied into the field, and before 1.25 a field whose annotation is unset is
 * copied into the annotation. Admission judges the pod after that copy.
 */
const ANNOTATION_TO_FIELD_UNTIL = 27;
const FIELD_TO_ANNOTATION_UNTIL = 25;

/**
 * Seccomp, check_seccompProfile_baseline.go and check_seccompProfile_restricted.go. Up to v1.18
 * baseline judges the annotations only (seccompAnnotations), and so does restricted, which has no
 * seccomp check of its own before v1.19. From v1.19 the fields: baseline refuses an Unconfined profile
 * of the pod or of a container; restricted requires RuntimeDefault or Localhost for every container,
 * its own or the pod's, and from v1.25 exempts Windows pods (from both). An annotation the API server
 * copies into an unset field counts as that field. A privileged container runs unconfined whatever
 * it sets: privileged is its refusal.
 */
export function seccomp(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.minor < 19) {
    seccompAnnotations(pod, bar, refuse);
    return;
  }
  if (exemptWindows(pod, bar)) return;
  const restricted = bar.level === "restricted";
  const copied = bar.kubeMinor < ANNOTATION_TO_FIELD_UNTIL ? annotationsOf(pod) : {};
  const annotated = (key: string): ObjectPath => [...pod.metadataPath, "annotations", key];
  const podAt = [...pod.specPath, "securityContext", "seccompProfile", "type"];
  const podField = profileType(pod.spec.securityContext);
  const podType = podField === undefined ? copiedType(copied[POD_ANNOTATION]) : podField;
  if (podType === "Unconfined") {
    const path = podField === undefined ? annotated(POD_ANNOTATION) : podAt;
    refuse({ owner: "seccomp-profile", path, message: `pod runs with seccomp profile ${podField === undefined ? "unconfined (annotation)" : "Unconfined"}`, at: [path], setting: profileOf("pod") });
  }
  const podConfined = confining(podType);
  for (const ref of containersOf(pod)) {
    if (isPrivileged(ref)) continue;
    const annotation = `${CONTAINER_ANNOTATION}${ref.name}`;
    const field = profileType(ref.container.securityContext);
    const type = field === undefined ? copiedType(copied[annotation]) : field;
    if (type === "Unconfined") {
      const path = field === undefined ? annotated(annotation) : [...ref.path, "securityContext", "seccompProfile", "type"];
      refuse({ owner: "seccomp-profile", path, message: `container "${ref.name}" runs with seccomp profile ${field === undefined ? "unconfined (annotation)" : "Unconfined"}`, at: [path], setting: profileOf(`container "${ref.name}"`) });
    }
    if (!restricted || type !== undefined || podConfined) continue;
    refuse({
      owner: "seccomp-profile",
      path: securityContextPath(ref),
      message: `container "${ref.name}" has no seccomp profile${windowsNote(pod, bar)}`,
      // The rule points at the profile in force where one is written: the pod's, or an annotation.
      at: [securityContextPath(ref), podAt, annotated(annotation), annotated(POD_ANNOTATION)],
      setting: profileOf(`container "${ref.name}"`),
    });
  }
}

/**
 * Up to v1.18 (seccompProfile_baseline's first version, which restricted does not override before
 * v1.19): the pod's annotation and each container's allow runtime/default, docker/default and
 * localhost/… only, whatever the fields say. Before 1.25 the API server writes an unset annotation
 * from its field, so an Unconfined field there is an unconfined annotation to admission.
 */
function seccompAnnotations(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  const annotations = annotationsOf(pod);
  const copiesFields = bar.kubeMinor >= 19 && bar.kubeMinor < FIELD_TO_ANNOTATION_UNTIL;
  const judge = (key: string, sc: unknown, fieldAt: ObjectPath, who: string) => {
    const value = annotations[key];
    if (typeof value === "string") {
      if (allowedAnnotation(value)) return;
      const path = [...pod.metadataPath, "annotations", key];
      refuse({ owner: "seccomp-profile", path, message: `${who} runs with seccomp profile ${value} (annotation)`, at: [path], setting: profileOf(who) });
    } else if (value === undefined && copiesFields && profileType(sc) === "Unconfined") {
      const path = [...fieldAt, "seccompProfile", "type"];
      refuse({ owner: "seccomp-profile", path, message: `${who} runs with seccomp profile Unconfined`, at: [path], setting: profileOf(who) });
    }
  };
  judge(POD_ANNOTATION, pod.spec.securityContext, [...pod.specPath, "securityContext"], "pod");
  for (const ref of containersOf(pod)) {
    if (isPrivileged(ref)) continue;
    judge(`${CONTAINER_ANNOTATION}${ref.name}`, ref.container.securityContext, [...ref.path, "securityContext"], `container "${ref.name}"`);
  }
}

/**
 * The profile refused, whichever of its annotation and field the version reads: a pod unconfined by
 * both is refused for the same setting up to v1.18 and after it, and so is a container unconfined by
 * its annotation where the field, no longer copied from it, is missing.
 */
function profileOf(who: string): string {
  return `seccomp profile of ${who}`;
}

function annotationsOf(pod: PodTemplate): Record<string, unknown> {
  return isRecord(pod.metadata.annotations) ? pod.metadata.annotations : {};
}

/**
 * A securityContext's seccomp profile type; undefined when no profile is set, null when one is set
 * without a string type (refused before admission: the schema rule's finding).
 */
function profileType(sc: unknown): string | null | undefined {
  if (!isRecord(sc) || sc.seccompProfile === undefined || sc.seccompProfile === null) return undefined;
  const p = sc.seccompProfile;
  return isRecord(p) && typeof p.type === "string" ? p.type : null;
}

function confining(type: string | null | undefined): boolean {
  return type === "RuntimeDefault" || type === "Localhost" || type === null;
}

/** The values check_seccompProfile_baseline.go allows in an annotation. */
function allowedAnnotation(value: string): boolean {
  return value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/");
}

/** The field type the API server copies from an annotation; undefined where it copies none. */
function copiedType(value: unknown): string | undefined {
  return annotationProfile(value)?.type;
}
