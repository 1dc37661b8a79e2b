import type { ObjectPath } from "../types.js";
import { isRecord } from "../model/pod-spec.js";
import { existingDepth, translatePath, valueAt } from "./path-match.js";
import type { Candidate } from "./json-patch.js";

/**
 * Where a strategic merge patch takes away the field at `p` of the rendered object: `field: null`
 * deletes that field, a mapping with `$patch: delete` deletes the mapping. `t` is the patch's own path
 * to the field (path-match's translatePath: as far as the patch goes). Returns the path in the patch
 * of what deletes it (the `null` pair, the `$patch` line), or undefined when the patch removes nothing
 * on the way to the field or the rendered object still has it (a later patch put it back).
 */
export function strategicRemoval(patch: unknown, t: ObjectPath, p: ObjectPath, rendered: unknown): ObjectPath | undefined {
  const present = existingDepth(rendered, p);
  if (present === p.length) return undefined;
  // The patch's path follows the rendered one step for step: its first `d` steps are the rendered object's first `d`.
  if (t.length > 0 && valueAt(patch, t) === null && present < t.length) return t;
  for (let d = 1; d <= t.length; d++) {
    const node = valueAt(patch, t.slice(0, d));
    if (isRecord(node) && node.$patch === "delete" && present < d) return [...t.slice(0, d), "$patch"];
  }
  return undefined;
}

/**
 * `q` when it is a field the rendered object lacks because a patch removed it where the written object
 * had it, or a patch applied before the removal wrote it: a finding about that missing field is about
 * the removal, and belongs at the operation (`candidatesAt` gives the patches' say, latest applied first).
 * A field the written object never had is missing for its own sake, whatever a patch removed around it.
 */
export function removedField(
  rendered: unknown,
  written: unknown,
  q: ObjectPath,
  candidatesAt: (p: ObjectPath) => Candidate[],
  deciding: (fromPatches: readonly Candidate[], p: ObjectPath) => Candidate | undefined,
): ObjectPath | undefined {
  if (existingDepth(rendered, q) === q.length) return undefined;
  const fromPatches = candidatesAt(q);
  const op = deciding(fromPatches, q);
  if (!op?.operation?.removes) return undefined;
  if (translatePath(rendered, written, q).length === q.length) return q;
  const before = fromPatches.slice(fromPatches.indexOf(op) + 1);
  return before.some((c) => !c.operation && c.depth === q.length && c.value !== null && c.value !== undefined) ? q : undefined;
}
