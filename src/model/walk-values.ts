import type { ObjectPath } from "../types.js";

export interface StringAt {
  path: ObjectPath;
  value: string;
}

/**
 * Every string of a parsed value with its path, for rules that scan whole documents (credentials).
 *
 * A YAML alias converts to the very object its anchor names, so a value is a graph, not a tree: a
 * 20,000-key map aliased 999 times is one object reached by 999 paths. Each object is visited once,
 * at the first path that reaches it (the anchor's, in document order), so the walk is linear in the
 * document's size however many aliases point into it. Iterative, because the input decides the depth.
 */
export function* stringsOf(root: unknown): Generator<StringAt> {
  const seen = new Set<object>();
  const stack: Array<{ v: unknown; path: ObjectPath }> = [{ v: root, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === "string") {
      yield { path, value: v };
      continue;
    }
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (!(v instanceof Map) && !(v instanceof Set)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: (v as Record<string, unknown>)[keys[i]], path: [...path, keys[i]] });
    }
  }
}
