import type { FixSpec, ObjectPath } from "../types.js";
import type { ContainerRef } from "./pod-spec.js";
import { isRecord } from "./pod-spec.js";
import { servesField } from "./field-introductions.js";

/**
 * Requests and limits matter for regular containers, sidecars (init containers with restartPolicy
 * Always) and run-once init containers: the scheduler sizes a pod by the larger of its largest init
 * container and the sum of its containers, and ResourceQuotas on limits count init containers too.
 * `initContainers: false` leaves run-once init containers out. Ephemeral debug containers take no
 * resources field at all.
 */
export function appliesToResources(ref: ContainerRef, initContainers = true): boolean {
  return ref.kind === "container" || ref.sidecar || (initContainers && ref.kind === "initContainer");
}

/** The option both resource rules share. */
export const INIT_CONTAINERS_OPTION = {
  type: "boolean",
  default: true,
  description:
    "Check run-once init containers too (the scheduler sizes a pod by the larger of its largest init container and the sum of its containers; quotas on limits count them). Set false to check only containers and sidecars.",
} as const;

/** The most precise existing place to point at for missing requests or limits. */
export function resourcesPath(ref: ContainerRef, section: "requests" | "limits"): ObjectPath {
  const res = (ref.container as { resources?: unknown }).resources;
  if (!isRecord(res)) return ref.path;
  return isRecord(res[section]) ? [...ref.path, "resources", section] : [...ref.path, "resources"];
}

/** True when `resources.<section>.<name>` is written (any value: the schema rule judges its form). */
export function hasResource(ref: ContainerRef, section: "requests" | "limits", name: string): boolean {
  return writes((ref.container as { resources?: unknown }).resources, section, name);
}

/** Whether a `resources` object (a container's, or a pod's with PodLevelResources) writes `<section>.<name>`. */
function writes(res: unknown, section: "requests" | "limits", name: string): boolean {
  const values = isRecord(res) ? res[section] : undefined;
  return isRecord(values) && values[name] !== undefined && values[name] !== null;
}

/**
 * The request Kubernetes uses: the written request, or else the limit, which the API server copies
 * into an unset request (a container with limits only is Guaranteed, not BestEffort).
 */
export function hasEffectiveRequest(ref: ContainerRef, name: string): boolean {
  return writesEffectiveRequest((ref.container as { resources?: unknown }).resources, name);
}

/** hasEffectiveRequest for any `resources` object: a pod's (PodLevelResources) as a container's. */
export function writesEffectiveRequest(res: unknown, name: string): boolean {
  return writes(res, "requests", name) || writes(res, "limits", name);
}

/**
 * Whether the pod's own resources (spec.resources, PodLevelResources: on by default from 1.34; before,
 * the API server drops the field) set `<section>.<name>` for all its containers: a pod-level limit
 * bounds the pod's cgroup, which holds every container, and the scheduler sizes the pod by its
 * pod-level requests (a pod-level limit standing in for an unset request, as a container's does).
 * https://kubernetes.io/docs/tasks/configure-pod-container/assign-pod-level-resources/
 */
export function podLevelSets(ref: ContainerRef, section: "requests" | "limits", name: string, kubeVersion: string): boolean {
  const res = (ref.pod.spec as { resources?: unknown }).resources;
  if (!isRecord(res)) return false;
  const written = section === "requests" ? writesEffectiveRequest(res, name) : writes(res, "limits", name);
  return written && servesField("pod", "spec.resources", kubeVersion);
}

/**
 * A suggestion that writes the missing resources with placeholders: sizes are measured, never
 * guessed, so the values say what to fill in (the API server refuses them until someone does).
 */
export function resourcePlaceholders(ref: ContainerRef, section: "requests" | "limits", names: readonly string[]): FixSpec {
  const value = Object.fromEntries(names.map((n) => [n, `<${n} ${section === "requests" ? "request" : "limit"}: fill in>`]));
  return { description: `add ${section}.${names.join(" and ")} (placeholders to fill in)`, operations: [{ op: "set", path: [...ref.path, "resources", section], value }] };
}
