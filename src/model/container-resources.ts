import type { ObjectPath } from "../types.js";
import type { ContainerRef } from "./pod-spec.js";
import { isRecord } from "./pod-spec.js";

/**
 * Requests and limits matter for containers that run for the pod's lifetime: regular containers and
 * sidecars (init containers with restartPolicy Always). Run-once init containers and ephemeral debug
 * containers are left alone: the scheduler sizes a pod by its long-running containers in practice.
 */
export function appliesToResources(ref: ContainerRef): boolean {
  return ref.kind === "container" || ref.sidecar;
}

/** The most precise existing place to point at for missing requests or limits. */
export function resourcesPath(ref: ContainerRef, section: "requests" | "limits"): ObjectPath {
  const res = (ref.container as { resources?: unknown }).resources;
  if (!isRecord(res)) return ref.path;
  return isRecord(res[section]) ? [...ref.path, "resources", section] : [...ref.path, "resources"];
}

/** True when `resources.<section>.<name>` is written (any value: the schema rule judges its form). */
export function hasResource(ref: ContainerRef, section: "requests" | "limits", name: string): boolean {
  const res = (ref.container as { resources?: unknown }).resources;
  const values = isRecord(res) ? res[section] : undefined;
  return isRecord(values) && values[name] !== undefined && values[name] !== null;
}

/**
 * The request Kubernetes uses: the written request, or else the limit, which the API server copies
 * into an unset request (a container with limits only is Guaranteed, not BestEffort).
 */
export function hasEffectiveRequest(ref: ContainerRef, name: string): boolean {
  return hasResource(ref, "requests", name) || hasResource(ref, "limits", name);
}
