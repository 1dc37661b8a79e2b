import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../model/resource.js";
import type { ObjectPath, SourceRange } from "../types.js";
import { isRecord } from "../model/pod-spec.js";
import { existingDepth, sameListItem, translatePath, valueAt } from "./path-match.js";

/** One place that may have written a field: the base object, a patch, or a patch operation. */
export interface Candidate {
  depth: number;
  value: unknown;
  range(): SourceRange;
  /** A JSON patch operation, or a strategic merge patch with a `$patch` directive: it replaces what is below it rather than merging. */
  replaces?: boolean;
  /**
   * A JSON patch operation that decides the field without writing its value: `remove` (or the `from`
   * of a `move`) took it away, `move` or `copy` put it there from elsewhere. The field is the
   * operation's, whatever the base says; `removes` is set for a removal.
   */
  operation?: { removes: boolean };
}

/** JSON patch operations (RFC 6902) address fields by pointer: /spec/template/spec/containers/0/image. */
function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function isPrefix(segs: readonly string[], p: ObjectPath): boolean {
  return segs.length <= p.length && segs.every((s, j) => s === String(p[j]));
}

/**
 * Whether `p[j]` is the item an `add` at `…/-` appended: the last item of the rendered list that is
 * the added value (the same merge key, or equal), so the base's items are not taken for it.
 */
function isAppended(rendered: KubeObject, p: ObjectPath, j: number, value: unknown): boolean {
  const list = valueAt(rendered, p.slice(0, j));
  if (!Array.isArray(list) || typeof p[j] !== "number") return false;
  for (let i = list.length - 1; i >= 0; i--) {
    if (sameListItem(list[i], value) || isDeepStrictEqual(list[i], value)) return i === p[j];
  }
  return false;
}

/**
 * What a JSON patch's operations say about the field at `p`, later operations first: the value an
 * `add` or `replace` wrote (followed into it), the operation that removed the field (absent from the
 * rendered object), or the `move`/`copy` that put it there.
 */
export function json6902Candidates(ops: readonly unknown[], rendered: KubeObject, p: ObjectPath, at: (docPath: ObjectPath) => SourceRange): Candidate[] {
  const out: Candidate[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (!isRecord(op) || typeof op.path !== "string") continue;
    const segs = pointerSegments(op.path);
    const operation = (removes: boolean): Candidate => ({ depth: p.length, value: valueAt(rendered, p), range: () => at([i]), replaces: true, operation: { removes } });
    // Removed: the rendered object has no node where the operation took one away (a later patch may have put one back).
    // A list item removed leaves the next one at its index: only a removed key is told from what is there.
    const removed = (from: string[]) => from.length > 0 && !/^\d+$/.test(from[from.length - 1]) && isPrefix(from, p) && existingDepth(rendered, p) < from.length;
    if (op.op === "remove") {
      if (removed(segs)) out.push(operation(true));
      continue;
    }
    if (op.op === "move" || op.op === "copy") {
      if (isPrefix(segs, p)) out.push(operation(false));
      else if (op.op === "move" && typeof op.from === "string" && removed(pointerSegments(op.from))) out.push(operation(true));
      continue;
    }
    if (!("value" in op) || (op.op !== "add" && op.op !== "replace")) continue;
    if (segs.length > p.length) continue;
    const last = segs.length - 1;
    // `-` is the end of the list: only an add's last step, and only the item it appended.
    if (!segs.every((s, j) => s === String(p[j]) || (s === "-" && j === last && op.op === "add" && isAppended(rendered, p, j, op.value)))) continue;
    const rest = p.slice(segs.length);
    const inner = translatePath(valueAt(rendered, p.slice(0, segs.length)), op.value, rest);
    out.push({ depth: segs.length + inner.length, value: valueAt(op.value, inner), range: () => at([i, "value", ...inner]), replaces: true });
  }
  return out;
}
