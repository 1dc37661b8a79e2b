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
