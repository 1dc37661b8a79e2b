import { isAlias, visit, type Document, type Node } from "yaml";

/**
 * An alias inside the node its anchor names (`metadata: &m {labels: *m}`) makes the value contain
 * itself: every walker over it would recurse forever. kubectl's decoder refuses such a document
 * ("anchor 'm' value contains itself"), so we report it as a syntax error instead of converting it.
 * Returns the offending alias's 0-based offsets, or undefined. Anchors need a `&`, so documents
 * without one are not walked at all.
 */
export function selfReferencingAlias(doc: Document, text: string): [number, number] | undefined {
  const contents = doc.contents as Node | null;
  const range = contents?.range;
  const anchor = range ? text.indexOf("&", range[0]) : -1;
  if (!range || anchor === -1 || anchor > range[2]) return undefined;
  let found: [number, number] | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (!isAlias(node) || !node.range) return;
      const source = node.resolve(doc) as Node | undefined;
      const r = source?.range;
      if (r && node.range[0] >= r[0] && node.range[0] < r[2]) {
        found = [node.range[0], node.range[1]];
        return visit.BREAK;
      }
    },
  });
  return found;
}
