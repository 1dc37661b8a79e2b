import { isDeepStrictEqual } from "node:util";
import { isMap, isNode, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair } from "yaml";
import type { ObjectPath } from "../types.js";

/**
 * Offsets of the keys that repeat an earlier key of the same mapping. The `yaml` package's own check
 * (`uniqueKeys`) compares each new key with every earlier one, which is quadratic: a 20,000-key map
 * took forty seconds. A set per mapping makes it linear. Keys compare as the package compares them:
 * scalar keys by value; collection and alias keys never collide.
 */
export function duplicateKeyOffsets(doc: Document): number[] {
  const out: number[] = [];
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map) || map.items.length < 2) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) {
          if (key.range) out.push(key.range[0]);
        } else {
          seen.add(key.value);
        }
      }
    },
  });
  return out.sort((a, b) => a - b);
}

/** A key that repeats an earlier key of its mapping: where it is written, and its object path in the document. */
export interface RepeatedKey {
  offset: number;
  path: ObjectPath;
  /** Every definition of the key in the mapping has the same value: dropping the repeats changes nothing. */
  sameValue: boolean;
}

/** The repeated keys of a document with their paths (only documents that have one get here: the walk is the same as above). */
export function repeatedKeys(doc: Document): RepeatedKey[] {
  const out: RepeatedKey[] = [];
  visit(doc, {
    Map(_key, map, ancestors) {
      if (!isMap(map) || map.items.length < 2) return;
      const first = new Map<unknown, Pair[]>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const same = first.get(pair.key.value);
        if (same) same.push(pair);
        else first.set(pair.key.value, [pair]);
      }
      for (const [value, pairs] of first) {
        if (pairs.length < 2) continue;
        const path = [...pathOf(ancestors, map), String(value)];
        let sameValue = false;
        try {
          const values = pairs.map((p) => (isNode(p.value) ? p.value.toJS(doc, { maxAliasCount: 100 }) : p.value));
          sameValue = values.every((v) => isDeepStrictEqual(v, values[0]));
        } catch {
          // An alias bomb or a broken alias: the document is refused elsewhere; no fix here.
        }
        for (const pair of pairs.slice(1)) {
          const range = (pair.key as Node).range;
          if (range) out.push({ offset: range[0], path, sameValue });
        }
      }
    },
  });
  return out.sort((a, b) => a.offset - b.offset);
}

/** The object path of a node from the ancestors `visit` gives (the document first). */
function pathOf(ancestors: readonly unknown[], node: unknown): ObjectPath {
  const path: (string | number)[] = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const a = chain[i];
    const next = chain[i + 1];
    if (isPair(a) && isScalar(a.key)) path.push(String(a.key.value));
    else if (isSeq(a)) path.push(a.items.indexOf(next as never));
  }
  return path;
}
