import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";
import { describeResource } from "./resource.js";
import { getPath } from "./pod-spec.js";

/** Kinds whose `spec.replicas` says how many pods run (1 when absent) and that an HPA can scale. */
export const REPLICATED_KINDS: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]);

/** `spec.replicas` as written: a non-negative integer, or undefined when absent or not a number. */
export function writtenReplicas(r: Resource): number | undefined {
  const v = getPath(r.object, ["spec", "replicas"]);
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/**
 * Whether a replica count (`spec.replicas`, an HPA's `spec.minReplicas`) is written with a value the
 * API server refuses (`"3"`, `-1`, `2.5`): the schema rule reports it, and how many pods run is then
 * not known, so rules that count them say nothing rather than count one.
 */
export function illTypedCount(r: Resource, field: "replicas" | "minReplicas"): boolean {
  const v = getPath(r.object, ["spec", field]);
  return v !== undefined && v !== null && !(typeof v === "number" && Number.isInteger(v) && v >= 0);
}

/** An HPA's `spec.minReplicas` (1 when absent, as the API server defaults it). */
export function hpaMinReplicas(hpa: Resource): number {
  const v = getPath(hpa.object, ["spec", "minReplicas"]);
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 1;
}

/** How many pods a replicated workload runs, as far as the manifests say. */
export interface Scale {
  /** `spec.replicas`, or 1 when absent. */
  replicas: number;
  /** The fewest pods it runs: the lowest HPA minReplicas when autoscaled, else `replicas`. */
  min: number;
  /** The highest count the manifests ask for at some point: max(replicas, every HPA's minReplicas). */
  max: number;
  /** HPAs that scale it. */
  autoscalers: readonly Resource[];
}

/**
 * The scale of a Deployment, StatefulSet, ReplicaSet or ReplicationController; undefined for other
 * kinds, and where a count is written with a value the API server refuses (illTypedCount).
 */
export function scaleOf(r: Resource, index: ResourceIndex): Scale | undefined {
  if (!REPLICATED_KINDS.has(r.kind) || illTypedCount(r, "replicas")) return undefined;
  const replicas = writtenReplicas(r) ?? 1;
  const autoscalers = index.autoscalers(r);
  if (autoscalers.some((a) => illTypedCount(a, "minReplicas"))) return undefined;
  if (autoscalers.length === 0) return { replicas, min: replicas, max: replicas, autoscalers };
  const mins = autoscalers.map(hpaMinReplicas);
  return { replicas, min: Math.min(...mins), max: Math.max(replicas, ...mins), autoscalers };
}

/**
 * How messages state that a workload runs more than one replica: "3 replicas" when spec.replicas says
 * so, else "at least 3 replicas (HorizontalPodAutoscaler api)". An autoscaler scales a workload of its own
 * namespace, which the finding's object already names: without it, overlays that put one base in
 * namespaces of their own (staging, prod) say the same and their findings are one.
 * `fromSpec` tells which field to point at.
 */
export function describeReplicaCount(r: Resource, scale: Scale): { text: string; fromSpec: boolean } {
  if ((writtenReplicas(r) ?? 0) >= scale.max) return { text: `${scale.replicas} replicas`, fromSpec: true };
  const hpa = scale.autoscalers.find((a) => hpaMinReplicas(a) === scale.max) ?? scale.autoscalers[0];
  const namespace = hpa.namespace === r.namespace ? undefined : hpa.namespace;
  return { text: `at least ${scale.max} replicas (${describeResource({ kind: hpa.kind, namespace, name: hpa.name })})`, fromSpec: false };
}
