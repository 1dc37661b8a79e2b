import type { ObjectPath } from "../types.js";

export interface StringAt {
  value: string;
  /** The string's path (made when first read: most strings of a scan are never reported). */
  readonly path: ObjectPath;
  /** The last segment of the path (a key, or an index in a list); undefined for the root itself. */
  readonly last: string | number | undefined;
  /** The last key of the path that is a string (a list item's map key above it), or undefined. */
  readonly key: string | undefined;
}

/** The string being visited: one object for the whole walk, its path read from the walk's own. */
class Cursor implements StringAt {
  value = "";
  /** Segments of the current path: `at[0..depth)`. */
  readonly at: Array<string | number> = [];
  depth = 0;
  private made: ObjectPath | undefined;

  moveTo(value: string): void {
    this.value = value;
    this.made = undefined;
  }

  get path(): ObjectPath {
    return (this.made ??= this.at.slice(0, this.depth));
  }

  get last(): string | number | undefined {
    return this.depth > 0 ? this.at[this.depth - 1] : undefined;
  }

  get key(): string | undefined {
    for (let i = this.depth - 1; i >= 0; i--) if (typeof this.at[i] === "string") return this.at[i] as string;
    return undefined;
  }
}

/**
 * Calls `visit` with every string of a parsed value and its path, for rules that scan whole documents
 * (credentials). `visit` gets one cursor, moved from string to string: what it keeps of a string it
 * must take (`s.path`, `s.value`) during its call.
 *
 * A YAML alias converts to the very object its anchor names, so a value is a graph, not a tree: a
 * 20,000-key map aliased 999 times is one object reached by 999 paths. Each object is visited once,
 * at the first path that reaches it (the anchor's, in document order), so the walk is linear in the
 * document's size however many aliases point into it. Iterative, because the input decides the depth.
 * Paths are made only for the strings whose path is read, and the walk allocates nothing per node
 * but its stack entries: an object per node (and a generator step per string) was most of the scan.
 */
export function eachString(root: unknown, visit: (s: StringAt) => void): void {
  const seen = new Set<object>();
  const cursor = new Cursor();
  const at = cursor.at;
  // Three stacks in step: the value, the segment that reached it, and its depth.
  const values: unknown[] = [root];
  const segs: Array<string | number> = [0];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const seg = segs.pop()!;
    const depth = depths.pop()!;
    if (depth > 0) at[depth - 1] = seg;
    cursor.depth = depth;
    if (typeof v === "string") {
      cursor.moveTo(v);
      visit(cursor);
      continue;
    }
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        values.push(v[i]);
        segs.push(i);
        depths.push(depth + 1);
      }
    } else if (!(v instanceof Map) && !(v instanceof Set)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        values.push((v as Record<string, unknown>)[keys[i]]);
        segs.push(keys[i]);
        depths.push(depth + 1);
      }
    }
  }
}
