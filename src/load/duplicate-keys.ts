import { isMap, isScalar, visit, type Document } from "yaml";

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
