import path from "node:path";
import type { Model } from "./model.js";
import type { KubeObject } from "./resource.js";
import { isRecord } from "./pod-spec.js";

/** An object and the file it is placed at: a Resource, or a source not yet modelled. */
interface Placed {
  file: { path: string };
  object: KubeObject;
  renderedFrom?: string;
}

/** The API group of Flux's Kustomization (kustomize-controller), not Kustomize's own kustomization file. */
const FLUX_KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io/";

/**
 * The directories of the set that a Flux Kustomization applies (its `spec.path`), each with a trailing
 * separator. Flux reconciles every such Kustomization on its own: it builds the directory (generating a
 * kustomization of every manifest under it when the directory has none) and applies the result as one
 * unit, so `clusters/staging/` and `clusters/production/`, or `apps/staging/` and `apps/production/`, are
 * applied apart, as Kustomize roots are with `kubectl apply -k`.
 *
 * `spec.path` is relative to the root of the Kustomization's source (its Git repository), which the
 * run does not know: it is resolved against the nearest directory above the Kustomization's own file
 * under which it names a directory holding files of the set. A path to the source's root itself takes
 * everything and separates nothing, so it is left out. A run gives every set the directories that any
 * of its objects names (settings.fluxApplied): a bootstrapped repository's flux-system Kustomization,
 * which applies clusters/staging/, sits in a Kustomize root of its own.
 */
export function fluxAppliedDirs(model: Model): readonly string[] {
  return model.settings.fluxApplied ?? fluxAppliedDirsOf(model.index.all());
}

/** What a run's objects and files say (fluxAppliedDirs): every set's, Kustomize roots' included. */
export function fluxAppliedDirsOf(objects: readonly Placed[]): string[] {
  // Most runs have none: nothing else is looked at then.
  const flux = objects.filter((r) => r.object.kind === "Kustomization" && typeof r.object.apiVersion === "string" && r.object.apiVersion.startsWith(FLUX_KUSTOMIZE_GROUP));
  if (flux.length === 0) return [];
  // Every directory holding a file of the set, or one below it: a lookup per candidate, not a scan.
  const holding = new Set<string>();
  for (const r of objects) {
    if (r.renderedFrom !== undefined || !path.isAbsolute(r.file.path)) continue;
    for (let dir = path.dirname(r.file.path); !holding.has(dir); dir = path.dirname(dir)) {
      holding.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  const out = new Set<string>();
  for (const k of flux) {
    const applied = appliedPath(k);
    if (applied === undefined || !path.isAbsolute(k.file.path)) continue;
    for (let base = path.dirname(k.file.path); ; base = path.dirname(base)) {
      const dir = path.join(base, applied);
      if (holding.has(dir)) {
        out.add(dir + path.sep);
        break;
      }
      if (path.dirname(base) === base) break;
    }
  }
  return [...out];
}

/** A Flux Kustomization's `spec.path` without its leading `./` and trailing `/`; undefined for none or the source's root. */
function appliedPath(k: Placed): string | undefined {
  const spec = k.object.spec;
  if (!isRecord(spec) || typeof spec.path !== "string") return undefined;
  const p = path.posix.normalize(spec.path.trim().replace(/^\/+/, "")).replace(/\/+$/, "");
  if (p === "" || p === "." || p.startsWith("..")) return undefined;
  return p;
}
