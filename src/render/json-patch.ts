import type { KubeObject } from "../model/resource.js";
import type { ObjectPath, SourceRange } from "../types.js";
import { isRecord } from "../model/pod-spec.js";
import { translatePath, valueAt } from "./path-match.js";

/** One place that may have written a field: the base object, or a patch. */
export interface Candidate {
  depth: number;
  value: unknown;
  range(): SourceRange;
  /** A JSON patch operation, or a strategic merge patch with a `$patch` directive: it replaces what is below it rather than merging. */
  replaces?: boolean;
}

/** JSON patch operations (RFC 6902) address fields by pointer: /spec/template/spec/containers/0/image. */
function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function json6902Candidates(ops: readonly unknown[], rendered: KubeObject, p: ObjectPath, at: (docPath: ObjectPath) => SourceRange): Candidate[] {
  const out: Candidate[] = [];
  // Later operations win.
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (!isRecord(op) || typeof op.path !== "string" || !("value" in op) || (op.op !== "add" && op.op !== "replace")) continue;
    const segs = pointerSegments(op.path);
    if (segs.length > p.length) continue;
    if (!segs.every((s, j) => s === String(p[j]) || (s === "-" && typeof p[j] === "number"))) continue;
    const rest = p.slice(segs.length);
    const inner = translatePath(valueAt(rendered, p.slice(0, segs.length)), op.value, rest);
    out.push({ depth: segs.length + inner.length, value: valueAt(op.value, inner), range: () => at([i, "value", ...inner]), replaces: true });
  }
  return out;
}
