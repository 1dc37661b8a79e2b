import type { Model } from "./model.js";
import type { Resource } from "./resource.js";

const byKind = new WeakMap<readonly Resource[], Map<string, Resource[]>>();

/**
 * The objects of a kind that a rule reports on: those of `model.resources`, in their order. In a whole
 * run that is `model.index.ofKind(kind)`; in the editor's run of a `scope: "subject"` rule it is the
 * edited file's objects only, while `model.index` still looks up the whole set. Grouped once per model.
 */
export function subjectsOfKind(model: Model, kind: string): readonly Resource[] {
  let kinds = byKind.get(model.resources);
  if (!kinds) {
    kinds = new Map();
    for (const r of model.resources) {
      const list = kinds.get(r.kind);
      if (list) list.push(r);
      else kinds.set(r.kind, [r]);
    }
    byKind.set(model.resources, kinds);
  }
  return kinds.get(kind) ?? [];
}
