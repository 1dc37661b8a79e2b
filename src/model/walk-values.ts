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

/** A node of the walk: its value and how it was reached (one object per node, not a path array each). */
class Step {
  constructor(
    readonly v: unknown,
    readonly up: Step | undefined,
    readonly seg: string | number | undefined,
  ) {}
}

class Found implements StringAt {
  private madePath: ObjectPath | undefined;

  constructor(
    readonly value: string,
    private readonly step: Step,
  ) {}

  get path(): ObjectPath {
    if (this.madePath) return this.madePath;
    const path: Array<string | number> = [];
    for (let s: Step | undefined = this.step; s?.up; s = s.up) path.push(s.seg!);
    return (this.madePath = path.reverse());
  }

  get last(): string | number | undefined {
    return this.step.seg;
  }

  get key(): string | undefined {
    for (let s: Step | undefined = this.step; s?.up; s = s.up) if (typeof s.seg === "string") return s.seg;
    return undefined;
  }
}

/**
 * Every string of a parsed value with its path, for rules that scan whole documents (credentials).
 *
 * A YAML alias converts to the very object its anchor names, so a value is a graph, not a tree: a
 * 20,000-key map aliased 999 times is one object reached by 999 paths. Each object is visited once,
 * at the first path that reaches it (the anchor's, in document order), so the walk is linear in the
 * document's size however many aliases point into it. Iterative, because the input decides the depth.
 * Paths are made only for the strings whose path is read: copying a path for every node of every
 * object was most of the scan's allocation.
 */
export function* stringsOf(root: unknown): Generator<StringAt> {
  const seen = new Set<object>();
  const stack: Step[] = [new Step(root, undefined, undefined)];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.v;
    if (typeof v === "string") {
      yield new Found(v, step);
      continue;
    }
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(new Step(v[i], step, i));
    } else if (!(v instanceof Map) && !(v instanceof Set)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push(new Step((v as Record<string, unknown>)[keys[i]], step, keys[i]));
    }
  }
}
