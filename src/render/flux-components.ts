import path from "node:path";
import type { AppliedDir } from "../model/gitops-roots.js";
import type { ResourceLocator } from "../model/resource.js";
import type { ResourceSource } from "../model/model.js";
import type { RenderedUnit } from "./render.js";

/**
 * The objects of the Kustomize Components that Flux Kustomizations add to the builds of rendered
 * roots (`spec.components`, applied dirs with `addedTo`). Flux adds each Component to the kustomization
 * of its `spec.path` and applies the result: the Component's objects are part of each such root's set,
 * created in the namespace that root's objects get (its targetNamespace), never on their own.
 */
export interface JoinedComponents {
  /** Per rendered unit (by index), the Components' objects it applies, as objects of its own. */
  byUnit: Map<number, ResourceSource[]>;
  /** Plain objects that only the units above apply: no set of the plain files holds them. */
  taken: Set<ResourceSource>;
}

export function joinFluxComponents(plain: readonly ResourceSource[], units: readonly RenderedUnit[], applied: readonly AppliedDir[]): JoinedComponents | undefined {
  const components = applied.filter((d) => d.addedTo !== undefined);
  if (components.length === 0) return undefined;
  const unitAt = new Map<string, number>();
  units.forEach((u, i) => {
    if (u.tool === "kustomize") unitAt.set(u.rootDir + path.sep, i);
  });
  // Each plain object under the Components it is in: a lookup per directory above its file, not a scan
  // of every object per Component.
  const byComponent = new Map<string, ResourceSource[]>(components.map((c) => [c.dir, []]));
  for (const s of plain) {
    if (s.renderedFrom !== undefined) continue;
    for (let dir = path.dirname(s.file.path); ; dir = path.dirname(dir)) {
      byComponent.get(dir.endsWith(path.sep) ? dir : dir + path.sep)?.push(s);
      if (path.dirname(dir) === dir) break;
    }
  }
  const out: JoinedComponents = { byUnit: new Map(), taken: new Set() };
  for (const c of components) {
    const sources = byComponent.get(c.dir)!;
    if (sources.length === 0) continue;
    const targets = c.addedTo!.map((d) => unitAt.get(d));
    for (const i of targets) {
      if (i === undefined) continue;
      const list = out.byUnit.get(i) ?? [];
      for (const s of sources) list.push({ ...s, renderedFrom: units[i].label, locator: writtenAsIs(s) });
      out.byUnit.set(i, list);
    }
    // A Component some applying Kustomization builds from a directory that is not rendered (no
    // kustomization, no kubectl) stays among the plain files, applied as its directory is.
    if (!c.alone && targets.every((i) => i !== undefined)) for (const s of sources) out.taken.add(s);
  }
  return out;
}

/** A Component's object is the one its file writes (nothing patches it here): a fix edits that file. */
function writtenAsIs(s: ResourceSource): ResourceLocator {
  const { locator } = s;
  return {
    file: locator.file,
    range: (p) => locator.range(p),
    ...(locator.fileAt ? { fileAt: (p) => locator.fileAt!(p) } : {}),
    editTarget: () => ({ file: s.file, docIndex: s.docIndex, ...(s.listIndex !== undefined ? { listIndex: s.listIndex } : {}), path: (p) => p }),
  };
}
