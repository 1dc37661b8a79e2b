import type { Volume } from "kubernetes-types/core/v1.js";
import { getPath, isRecord, WORKLOAD_KINDS, type PodTemplate } from "./pod-spec.js";
import { specMisspeltKey } from "../schema/misspelt-field.js";

/** What a pod's volume is made from when a claim template makes it: a PersistentVolumeClaim per pod. */
export const CLAIM_TEMPLATE = "volumeClaimTemplates";

/**
 * Names of the claims a controller makes for each pod from `volumeClaimTemplates` beside the pod
 * template and gives it as volumes of those names: a StatefulSet's, and a custom workload's that copies
 * the shape (OpenKruise's CloneSet and Advanced StatefulSet; a LeaderWorkerSet's, beside its
 * leaderWorkerTemplate's templates). undefined for a kind that has none.
 */
export function claimTemplateNames(pod: PodTemplate): Set<string> | undefined {
  const { kind, object } = pod.resource;
  // The other built-in kinds have no such field: the API server drops it.
  if (kind !== "StatefulSet" && (WORKLOAD_KINDS.has(kind) || kind === "PodTemplate")) return undefined;
  // The object that holds the template (spec, for spec.template.spec).
  const owner = pod.specPath.length >= 2 ? getPath(object, pod.specPath.slice(0, -2)) : undefined;
  // A StatefulSet's templates under a misspelt key (volumeClaimTemplate) are the schema rule's finding,
  // with the rename: the claims they make are what the pod's volumes were meant to be.
  const key = kind === "StatefulSet" && isRecord(owner) && owner.volumeClaimTemplates === undefined ? specMisspeltKey(pod.resource, "volumeClaimTemplates") : undefined;
  const templates = isRecord(owner) ? owner[key ?? "volumeClaimTemplates"] : undefined;
  if (!Array.isArray(templates)) return kind === "StatefulSet" ? new Set() : undefined;
  const names = new Set<string>();
  for (const t of templates) {
    const meta = isRecord(t) && isRecord(t.metadata) ? t.metadata : undefined;
    if (typeof meta?.name === "string") names.add(meta.name);
  }
  return names;
}

/**
 * The volumes a pod's containers can mount, by name, each with the field that says what it is made
 * from (`emptyDir`, `persistentVolumeClaim`…, CLAIM_TEMPLATE for a claim template's). undefined when
 * spec.volumes is written but is not a list: the schema rule reports that, and nothing can be matched.
 */
export function podVolumes(pod: PodTemplate): Map<string, string> | undefined {
  const written = (pod.spec as { volumes?: unknown }).volumes;
  if (written !== undefined && written !== null && !Array.isArray(written)) return undefined;
  const volumes = new Map<string, string>();
  for (const name of claimTemplateNames(pod) ?? []) volumes.set(name, CLAIM_TEMPLATE);
  for (const v of Array.isArray(written) ? written : []) {
    if (!isRecord(v) || typeof v.name !== "string") continue;
    // The claim replaces a pod volume of its name (the StatefulSet controller's order).
    if (volumes.get(v.name) === CLAIM_TEMPLATE) continue;
    volumes.set(v.name, volumeSource(v as unknown as Volume));
  }
  return volumes;
}

/** The source field a volume sets (the API server allows exactly one); "" when it sets none. */
function volumeSource(v: Volume): string {
  return Object.keys(v).find((k) => k !== "name") ?? "";
}

/** Volume sources a container may use as a raw block device (volumeDevices): a claim's. */
export function isClaimVolume(source: string): boolean {
  return source === "persistentVolumeClaim" || source === "ephemeral" || source === CLAIM_TEMPLATE;
}
