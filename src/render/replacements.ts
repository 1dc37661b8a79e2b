import type { KubeObject } from "../model/resource.js";
import type { ObjectPath } from "../types.js";
import { isRecord } from "../model/pod-spec.js";
import type { Kustomization, PatchTarget } from "./kustomization.js";
import { targetSelects, transformersAt, type ObjectState } from "./object-states.js";
import { valueAt } from "./path-match.js";

/** Where a replacement's target field path is written: the kustomization's entry, or the file it names. */
export interface ReplacementHit {
  owner: Kustomization;
  /** The entry's `path:` file (real path), when the replacement is written there. */
  file?: string;
  /** Path of the field path item, in the kustomization document or the file's document `docIndex`. */
  at: ObjectPath;
  docIndex?: number;
}

/** kustomize's field paths split at dots outside brackets: `spec.containers.[name=app].image`, `metadata.annotations.[a.b/c]`. */
function fieldPathSegments(fieldPath: string): string[] {
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  for (const c of fieldPath) {
    if (c === "[") depth++;
    else if (c === "]") depth--;
    if (c === "." && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Whether a field path names the field at `p` or one of its ancestors (a replaced mapping holds the field). */
function fieldPathCovers(fieldPath: string, rendered: KubeObject, p: ObjectPath): boolean {
  const segs = fieldPathSegments(fieldPath);
  if (segs.length > p.length) return false;
  return segs.every((s, j) => {
    const step = p[j];
    const bracket = /^\[(.*)\]$/.exec(s);
    if (!bracket) return s === "*" || s === String(step);
    const inner = bracket[1];
    const eq = inner.indexOf("=");
    if (eq === -1) return inner === String(step);
    if (typeof step !== "number") return false;
    const item = valueAt(rendered, p.slice(0, j + 1));
    const key = inner.slice(0, eq);
    const value = inner.slice(eq + 1);
    if (key === "") return String(item) === value;
    return isRecord(item) && item[key] !== undefined && String(item[key]) === value;
  });
}

function selector(v: unknown): PatchTarget | undefined {
  if (!isRecord(v)) return undefined;
  const t: PatchTarget = {};
  for (const f of ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"] as const) {
    // A replacement's select compares names as text, not as patterns.
    if (typeof v[f] === "string") t[f] = f === "labelSelector" || f === "annotationSelector" ? v[f] : escapePattern(v[f]);
  }
  return t;
}

function escapePattern(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The replacement documents of a kustomization: its entries, or for a `path:` entry the file's. */
export type ReadReplacementFile = (file: string) => Array<{ value: unknown; docIndex: number }>;

/**
 * The latest replacement on a chain that writes the field at `p` of the rendered object (kustomize runs
 * a kustomization's replacements after its patches and other transformers; the root's run last).
 * `states[i]` is the object as chain[i]'s replacements see it, `states[n]` as written.
 */
export function replacementOf(chain: readonly Kustomization[], states: readonly ObjectState[], rendered: KubeObject, p: ObjectPath, read: ReadReplacementFile, resolve: (k: Kustomization, entry: string) => string): ReplacementHit | undefined {
  const org = states[chain.length];
  // A level's own replacements run after those of the components it runs on the object (transformersAt).
  for (const [level, k] of chain.flatMap((_, i) => transformersAt(chain, i).reverse().map((c) => [i, c] as const))) {
    const list = k.value.replacements;
    if (!Array.isArray(list)) continue;
    const cur = states[level];
    const selects = (v: unknown) => {
      const t = selector(v);
      return t !== undefined && targetSelects(t, rendered.apiVersion, rendered.kind, org, cur);
    };
    // Later entries run later: the last that writes the field set its value.
    for (let r = list.length - 1; r >= 0; r--) {
      const entry = list[r];
      if (!isRecord(entry)) continue;
      if (typeof entry.path === "string") {
        const file = resolve(k, entry.path);
        for (const d of read(file)) {
          const items = Array.isArray(d.value) ? d.value.map((v, i) => [v, [i]] as const) : [[d.value, []] as const];
          for (const [v, base] of items.reverse()) {
            const at = targetPath(v, rendered, p, selects);
            if (at) return { owner: k, file, docIndex: d.docIndex, at: [...base, ...at] };
          }
        }
        continue;
      }
      const at = targetPath(entry, rendered, p, selects);
      if (at) return { owner: k, at: ["replacements", r, ...at] };
    }
  }
  return undefined;
}

/** Path (within the replacement) of the field path item that writes `p`, when a target selects the object. */
function targetPath(replacement: unknown, rendered: KubeObject, p: ObjectPath, selects: (v: unknown) => boolean): ObjectPath | undefined {
  if (!isRecord(replacement) || !Array.isArray(replacement.targets)) return undefined;
  for (let t = replacement.targets.length - 1; t >= 0; t--) {
    const target = replacement.targets[t];
    if (!isRecord(target) || !Array.isArray(target.fieldPaths) || !selects(target.select)) continue;
    if (Array.isArray(target.reject) && target.reject.some((r) => selects(r))) continue;
    const f = target.fieldPaths.findIndex((fp) => typeof fp === "string" && fieldPathCovers(fp, rendered, p));
    if (f !== -1) return ["targets", t, "fieldPaths", f];
  }
  return undefined;
}
