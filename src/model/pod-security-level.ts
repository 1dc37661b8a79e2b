import type { ResourceIndex } from "./resource-index.js";
import { isRecord, stringMap } from "./pod-spec.js";
import { metaField } from "./object-meta.js";

/** The Pod Security level a namespace enforces, as pod-security-admission reads its labels. */
export interface EnforcedLevel {
  level: "baseline" | "restricted";
  /**
   * The minor version of the standard applied: the one `enforce-version` pins, or the target's
   * (`latest`, or no label, is what the cluster's own release enforces; a pin above it is that too).
   */
  minor: number;
  namespace: string;
  /** How admission names the policy in its refusal: `restricted`, or `restricted:v1.24` when pinned. */
  policy: string;
}

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";

const cache = new WeakMap<ResourceIndex, Map<string, EnforcedLevel | undefined>>();

/**
 * What the set's Namespace object named `namespace` enforces. Only `baseline` and `restricted` refuse
 * pods; `privileged`, no label, and a namespace the set does not hold enforce nothing here. A level
 * admission cannot parse makes it refuse the Namespace itself (no pod gets there), so it counts as none;
 * warn and audit labels refuse nothing. Looked up once per namespace and set.
 */
export function enforcedLevel(index: ResourceIndex, namespace: string | undefined, kubeMinor: number): EnforcedLevel | undefined {
  if (namespace === undefined) return undefined;
  let known = cache.get(index);
  if (!known) cache.set(index, (known = new Map()));
  const key = `${namespace}\u0000${kubeMinor}`;
  if (known.has(key)) return known.get(key);
  const found = read(index, namespace, kubeMinor);
  known.set(key, found);
  return found;
}

function read(index: ResourceIndex, namespace: string, kubeMinor: number): EnforcedLevel | undefined {
  // Several definitions of the namespace (a bundle's and an overlay's) are applied in an order the set
  // does not say, and the last one's labels win: only what every one of them enforces is certain.
  let found: EnforcedLevel | undefined;
  for (const ns of index.get("Namespace", undefined, namespace)) {
    const own = levelOf(ns.object.metadata, namespace, kubeMinor);
    if (!own) return undefined;
    // Baseline refuses less than restricted, and an older version of a level mostly less than a newer.
    if (!found || (own.level === found.level ? own.minor < found.minor : own.level === "baseline")) found = own;
  }
  return found;
}

function levelOf(meta: unknown, namespace: string, kubeMinor: number): EnforcedLevel | undefined {
  if (!isRecord(meta)) return undefined;
  const labels = stringMap(metaField(meta, "labels"));
  const level = labels[ENFORCE_LABEL];
  if (level !== "baseline" && level !== "restricted") return undefined;
  // "v1.N"; "latest", an absent label and one admission cannot parse are the latest it knows.
  const pinned = /^v1\.(0|[1-9]\d*)$/.exec(labels[ENFORCE_VERSION_LABEL] ?? "");
  const minor = pinned ? Math.min(Number(pinned[1]), kubeMinor) : kubeMinor;
  return { level, minor, namespace, policy: pinned ? `${level}:v1.${pinned[1]}` : level };
}
