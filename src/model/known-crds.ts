import type { Model } from "./model.js";
import type { Resource } from "./resource.js";
import { isRecord } from "./pod-spec.js";
import { isBuiltinGroup } from "./resource.js";
import { escapeRegExp } from "../escape-regexp.js";

const known = new WeakMap<Model, readonly Resource[]>();

/**
 * The CustomResourceDefinitions that define custom kinds for this set: its own, then those given with
 * --crds (`crds:`) for the group and kinds it does not define itself, since the set's copy is the one
 * being applied. Given CRDs describe what the cluster already has: rules validate custom resources
 * against them, but never report on them and never order the set's objects after them.
 */
export function knownCrds(model: Model): readonly Resource[] {
  let out = known.get(model);
  if (out) return out;
  const own = model.index.ofKind("CustomResourceDefinition");
  const given = model.settings.crds ?? [];
  if (given.length === 0) out = own;
  else {
    const defined = new Set(own.map(groupKind));
    out = [...own, ...given.filter((crd) => !defined.has(groupKind(crd)))];
  }
  known.set(model, out);
  return out;
}

/** Whether this CRD came with --crds rather than from the set (nothing is reported on it). */
export function isGivenCrd(model: Model, crd: Resource): boolean {
  return model.settings.crds?.includes(crd) ?? false;
}

function groupKind(crd: Resource): string {
  const spec = isRecord(crd.object.spec) ? crd.object.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  return `${String(spec.group)}/${String(names.kind)}`;
}

/**
 * The --crds files worth parsing for a set: those that write `kind: K` (block or flow style, quoted or
 * not, YAML or JSON) for a kind K of the set outside the built-in API groups. Parsing is most of what
 * given CRDs cost (an operator's CRDs are megabytes), and a file that never names the kind cannot
 * define it; a CRD that writes its kind through an alias or an escape is not found, so its resources
 * are counted as not validated, never judged by another schema.
 */
export function givenCrdFiles<F extends { text: string }>(files: readonly F[], objects: Iterable<{ apiVersion: string; kind: string }>): F[] {
  if (files.length === 0) return [];
  const kinds = new Set<string>();
  for (const o of objects) {
    const slash = o.apiVersion.indexOf("/");
    if (slash > 0 && !isBuiltinGroup(o.apiVersion.slice(0, slash))) kinds.add(o.kind);
  }
  if (kinds.size === 0) return [];
  const alternatives = [...kinds].map(escapeRegExp).join("|");
  const named = new RegExp(`(?:^|[\\s{,])["']?kind["']?[ \\t]*:[ \\t]*["']?(?:${alternatives})["']?[ \\t]*(?:[,}\\r\\n#]|$)`, "m");
  return files.filter((f) => named.test(f.text));
}
