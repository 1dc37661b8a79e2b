import type { Model } from "./model.js";
import type { Resource } from "./resource.js";
import { isRecord, stringMap } from "./pod-spec.js";
import { metaField } from "./object-meta.js";
import { appliedTogether, gitopsAppliedDirs, scopesOfFile, type AppliedDir } from "./gitops-roots.js";

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

const cache = new WeakMap<Model, Map<string, readonly EnforcedLevel[] | undefined>>();

/**
 * What the set's Namespace objects named as `resource`'s namespace enforce on its pods: one level per
 * definition applied with the resource, or none. Only `baseline` and `restricted` refuse pods;
 * `privileged`, no label, and a namespace the set does not hold enforce nothing here. A level
 * admission cannot parse makes it refuse the Namespace itself (no pod gets there), so it counts as
 * none; warn and audit labels refuse nothing. A Namespace that GitOps controllers apply apart from the
 * resource (clusters/staging/ and clusters/production/) says nothing of the namespace the resource
 * gets. Looked up once per namespace, place and set.
 */
export function enforcedLevels(model: Model, resource: Resource, kubeMinor: number): readonly EnforcedLevel[] | undefined {
  const namespace = resource.namespace;
  if (namespace === undefined) return undefined;
  let known = cache.get(model);
  if (!known) cache.set(model, (known = new Map()));
  const dirs = gitopsAppliedDirs(model);
  const scopes = scopesOf(dirs, resource);
  const key = `${namespace}\u0000${kubeMinor}\u0000${scopes.join("\u0000")}`;
  if (known.has(key)) return known.get(key);
  const found = read(model, dirs, scopes, namespace, kubeMinor);
  known.set(key, found);
  return found;
}

/**
 * Several definitions of the namespace (a bundle's and an overlay's) are applied in an order the set
 * does not say, and the last one's labels win: a pod is certain to be refused only for what every
 * definition's level and version refuses, so each distinct one is returned (none if one enforces
 * nothing). Baseline refuses less than restricted, and an older version of a level mostly less than a
 * newer: the most lenient comes first, and names the policy in the findings.
 */
function read(model: Model, dirs: readonly AppliedDir[], scopes: readonly string[], namespace: string, kubeMinor: number): EnforcedLevel[] | undefined {
  const found: EnforcedLevel[] = [];
  for (const ns of model.index.get("Namespace", undefined, namespace)) {
    if (!appliedTogether(scopes, scopesOf(dirs, ns))) continue;
    const own = levelOf(ns.object.metadata, namespace, kubeMinor);
    if (!own) return undefined;
    if (!found.some((f) => f.level === own.level && f.minor === own.minor)) found.push(own);
  }
  if (found.length === 0) return undefined;
  return found.sort((a, b) => (a.level === b.level ? a.minor - b.minor : a.level === "baseline" ? -1 : 1));
}

/**
 * What a plain file's objects are applied apart by (the clusters of Argo CD Applications, the
 * directories of Flux Kustomizations: AppliedDir.scopes); none for a rendered object, whose unit is
 * applied as one.
 */
function scopesOf(dirs: readonly AppliedDir[], r: Resource): string[] {
  if (dirs.length === 0 || r.renderedFrom !== undefined) return [];
  return scopesOfFile(dirs, r.file.path);
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
