import type { ObjectPath } from "../types.js";
import { isRecord } from "../model/pod-spec.js";

/**
 * Keys that identify an item of a list across a strategic merge (Kubernetes' patchMergeKey values):
 * a container is the same container in a base and a patch when its name is, whatever its index.
 */
const MERGE_KEYS = ["name", "mountPath", "containerPort", "devicePath", "ip", "topologyKey", "port"];

/**
 * Follows an object path of a rendered object through a source value (a base object, a patch) that
 * contributed to it. List indexes are translated by merge key (a patch lists only the containers it
 * changes). Returns the translated path of the longest prefix that exists in the source.
 */
export function translatePath(rendered: unknown, source: unknown, path: ObjectPath): (string | number)[] {
  const out: (string | number)[] = [];
  let r = rendered;
  let s = source;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!Array.isArray(s) || !Array.isArray(r)) break;
      const item = r[seg];
      const idx = matchItem(item, s, seg);
      if (idx === undefined) break;
      out.push(idx);
      r = item;
      s = s[idx];
    } else {
      if (!isRecord(s) || !(seg in s)) break;
      out.push(seg);
      r = isRecord(r) ? r[seg] : undefined;
      s = s[seg];
    }
  }
  return out;
}

function matchItem(item: unknown, list: unknown[], index: number): number | undefined {
  if (isRecord(item)) {
    for (const key of MERGE_KEYS) {
      const v = item[key];
      if (v === undefined || v === null || typeof v === "object") continue;
      const found = list.findIndex((x) => isRecord(x) && x[key] === v);
      if (found !== -1) return found;
      // The item is keyed but the source does not hold it: it comes from elsewhere.
      if (list.some((x) => isRecord(x) && x[key] !== undefined)) return undefined;
    }
  }
  return index < list.length ? index : undefined;
}

/**
 * Whether two list items are the same item by merge key (the first key the second one has): an
 * appended container is the rendered one of its name.
 */
export function sameListItem(a: unknown, b: unknown): boolean {
  if (!isRecord(a) || !isRecord(b)) return false;
  for (const key of MERGE_KEYS) {
    const v = b[key];
    if (v === undefined || v === null || typeof v === "object") continue;
    return a[key] === v;
  }
  return false;
}

/** The value at an object path; undefined when a step is missing. */
export function valueAt(obj: unknown, path: ObjectPath): unknown {
  let cur = obj;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isRecord(cur)) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

/** How many leading steps of a path exist in a value. */
export function existingDepth(obj: unknown, path: ObjectPath): number {
  let cur = obj;
  let depth = 0;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number" && seg < cur.length) cur = cur[seg];
    else if (isRecord(cur) && String(seg) in cur) cur = cur[String(seg)];
    else break;
    depth++;
  }
  return depth;
}
