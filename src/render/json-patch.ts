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
 * `q` before a list item at `segs` was inserted (`value`) or removed: one back, or one on, where its item
 * comes after that one in that list; undefined when q's item is the one inserted (`p` is q in the
 * rendered object, which tells the item an add at `-` appended).
 */
function shifted(q: ObjectPath, segs: readonly string[], inserted: boolean, value: unknown, rendered: KubeObject, p: ObjectPath): ObjectPath | undefined {
  const j = segs.length - 1;
  if (j < 0 || !isPrefix(segs.slice(0, j), q) || typeof q[j] !== "number") return q;
  const index = q[j] as number;
  if (segs[j] === "-") return inserted && p.slice(0, j + 1).every((s, i) => s === q[i]) && isAppended(rendered, p, j, value) ? undefined : q;
  if (!/^\d+$/.test(segs[j])) return q;
  const k = Number(segs[j]);
  if (inserted && index === k) return undefined;
  const moved = inserted ? (index > k ? index - 1 : index) : index >= k ? index + 1 : index;
  return moved === index ? q : [...q.slice(0, j), moved, ...q.slice(j + 1)];
}

/**
 * The path `q` (of the object as operation `op` left it) in the object as the operation found it (see
 * shifted): an `add` or `copy` inserts at its path, a `remove` removes there, a `move` removes at its
 * `from` and then inserts at its path.
 */
function beforeOperation(op: Record<string, unknown>, q: ObjectPath, rendered: KubeObject, p: ObjectPath): ObjectPath | undefined {
  const to = pointerSegments(String(op.path));
  const put = () => (op.op === "add" ? op.value : valueAt(rendered, p.slice(0, to.length)));
  if (op.op === "remove") return shifted(q, to, false, undefined, rendered, p);
  if (op.op === "add" || op.op === "copy") return shifted(q, to, true, put(), rendered, p);
  if (op.op !== "move") return q;
  const inserted = shifted(q, to, true, put(), rendered, p);
  return inserted && typeof op.from === "string" ? shifted(inserted, pointerSegments(op.from), false, undefined, rendered, p) : inserted;
}

/**
 * What a JSON patch's operations say about the field at `p`, later operations first: the value an
 * `add` or `replace` wrote (followed into it), the operation that removed the field (absent from the
 * rendered object), or the `move`/`copy` that put it there. Each operation addresses the object as the
 * ones before it left it: an item a later operation removed from (or inserted into) a list before
 * p's item shifts p's index for it.
 */
export function json6902Candidates(ops: readonly unknown[], rendered: KubeObject, p: ObjectPath, at: (docPath: ObjectPath) => SourceRange): Candidate[] {
  const out: Candidate[] = [];
  // p as the operation being read left the object (the rendered object for the last one).
  let q: ObjectPath = p;
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (!isRecord(op) || typeof op.path !== "string") continue;
    const after = q;
    const before = beforeOperation(op, q, rendered, p);
    const segs = pointerSegments(op.path);
    const operation = (removes: boolean): Candidate => ({ depth: p.length, value: valueAt(rendered, p), range: () => at([i]), replaces: true, operation: { removes } });
    // Removed: the rendered object has no node where the operation took one away (a later patch may have put one back).
    // A list item removed leaves the next one at its index: only a removed key is told from what is there.
    const removed = (from: string[]) =>
      before !== undefined && from.length > 0 && !/^\d+$/.test(from[from.length - 1]) && isPrefix(from, before) && existingDepth(rendered, p) < from.length;
    if (op.op === "remove") {
      if (removed(segs)) out.push(operation(true));
    } else if (op.op === "move" || op.op === "copy") {
      if (isPrefix(segs, after)) out.push(operation(false));
      else if (op.op === "move" && typeof op.from === "string" && removed(pointerSegments(op.from))) out.push(operation(true));
    } else if ("value" in op && (op.op === "add" || op.op === "replace") && segs.length <= p.length) {
      const last = segs.length - 1;
      // `-` is the end of the list: only an add's last step, and only the item it appended.
      if (segs.every((s, j) => s === String(after[j]) || (s === "-" && j === last && op.op === "add" && isAppended(rendered, p, j, op.value)))) {
        const rest = p.slice(segs.length);
        const inner = translatePath(valueAt(rendered, p.slice(0, segs.length)), op.value, rest);
        out.push({ depth: segs.length + inner.length, value: valueAt(op.value, inner), range: () => at([i, "value", ...inner]), replaces: true });
      }
    }
    // The operations before this one never saw an item it inserted.
    if (before === undefined) break;
    q = before;
  }
  return out;
}
