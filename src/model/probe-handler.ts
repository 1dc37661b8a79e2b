import type { Probe } from "kubernetes-types/core/v1.js";
import type { ObjectPath } from "../types.js";
import type { ContainerRef } from "./pod-spec.js";
import { isRecord } from "./pod-spec.js";

export const PROBE_FIELDS = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
export type ProbeField = (typeof PROBE_FIELDS)[number];

/** "liveness", "readiness", "startup": how messages name a probe. */
export function probeName(field: ProbeField): string {
  return field.slice(0, -"Probe".length);
}

/** The port a network probe connects to (httpGet, tcpSocket or grpc), with its path; undefined for exec probes. */
export function probePort(ref: ContainerRef, field: ProbeField): { port: string | number; path: ObjectPath } | undefined {
  const probe = (ref.container as unknown as Record<string, unknown>)[field];
  if (!isRecord(probe)) return undefined;
  for (const handler of ["httpGet", "tcpSocket", "grpc"] as const) {
    const h = probe[handler];
    if (isRecord(h) && (typeof h.port === "string" || typeof h.port === "number")) return { port: h.port, path: [...ref.path, field, handler, "port"] };
  }
  return undefined;
}

/** A probe of a container, if written as an object. */
export function probeOf(ref: ContainerRef, field: ProbeField): Probe | undefined {
  const probe = (ref.container as unknown as Record<string, unknown>)[field];
  return isRecord(probe) ? (probe as Probe) : undefined;
}
