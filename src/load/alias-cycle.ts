import { isAlias, isMap, isNode, isScalar, isSeq, visit, type Document, type Node } from "yaml";

export interface AliasUse {
  /** An alias inside the node its anchor names: the 0-based offsets of the first such alias. */
  selfReference?: [number, number];
  /** Keys that `<<: *anchor` merges copy into the document's value. */
  mergedKeys: number;
  /** Aliases in the document. */
  aliases: number;
}

const NONE: AliasUse = { mergedKeys: 0, aliases: 0 };

/**
 * How a document uses its anchors, in one pass in document order (anchors need a `&`, so documents
 * without one are not walked at all; the search starts at the document's own start, where a root
 * anchor is written):
 *
 * - An alias inside the node its anchor names (`metadata: &m {labels: *m}`, or `&a` before a
 *   document's first key) makes the value contain itself: every walker over it would recurse
 *   forever. kubectl's decoder refuses such a document ("anchor 'm' value contains itself").
 * - A plain alias converts to the object its anchor names (shared, free), but a merge copies every
 *   key of the merged map into the map that merges it: 999 merges of a 20,000-key map are twenty
 *   million entries and gigabytes. Each map's size after its own merges is remembered, so the count
 *   is one pass however the merges chain.
 * - The `yaml` package resolves each alias by scanning the anchors and aliases before it: the number
 *   of aliases bounds that quadratic cost.
 *
 * An alias names the last anchor of that name before it, so a map of the anchors seen so far resolves
 * each alias in constant time.
 */
export function aliasUse(doc: Document, text: string): AliasUse {
  const contents = doc.contents as Node | null;
  const end = contents?.range?.[2];
  const anchor = end === undefined ? -1 : text.indexOf("&", doc.range?.[0] ?? 0);
  if (end === undefined || anchor === -1 || anchor > end) return NONE;
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const use: AliasUse = { mergedKeys: 0, aliases: 0 };
  const sizeOf = (n: unknown): number => {
    const target = isAlias(n) ? anchors.get(n.source) : n;
    return isMap(target) ? (sizes.get(target) ?? target.items.length) : 0;
  };
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        use.aliases++;
        const r = anchors.get(node.source)?.range;
        if (node.range && r && node.range[0] >= r[0] && node.range[0] < r[2]) {
          use.selfReference = [node.range[0], node.range[1]];
          return visit.BREAK;
        }
        return;
      }
      if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
      if (!isMap(node)) return;
      let size = 0;
      for (const pair of node.items) {
        if (!isMergeKey(pair.key)) {
          size++;
          continue;
        }
        for (const source of isSeq(pair.value) ? pair.value.items : [pair.value]) {
          const n = sizeOf(source);
          size += n;
          use.mergedKeys += n;
        }
      }
      sizes.set(node, size);
    },
  });
  return use;
}

/** YAML 1.1 resolves `<<` to a merge marker (a symbol in the `yaml` package). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === "<<" || (typeof v === "symbol" && v.description === "<<");
}
