import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import { fastDocuments, parseTrees } from "../load/parse.js";
import { readNode, type PositionTable } from "../model/positions.js";

/**
 * The trees the fix engine edits through (src/fix/yaml-edit.ts), for a text of one or more documents.
 *
 * Parsing every document a JSON or SARIF report fixes with `yaml` cost more than the whole run's own
 * parse (10,000 resources: ~1.2 s of a 5.9 s report). Where the fast path is exact for the text, the
 * tree is put together from what it read instead: its position table gives each node's kind, range
 * and flow style, the first character of a scalar its style, and the value each scalar's value.
 * Those are all an edit reads of a node; the fast path refuses the rest (anchors, aliases, tags,
 * merge keys, explicit keys, directives, duplicate keys, errors), so such texts are parsed by `yaml`
 * as before, and so is every text under `--parser yaml` (test/fast-parse.test.ts compares the two
 * runs' reports with their fixes).
 */
export function editableTrees(text: string): Document.Parsed[] {
  const fast = fastDocuments(text);
  if (fast) {
    const trees: Document.Parsed[] = [];
    for (const d of fast) {
      const tree = tableTree(d.positions, d.root, d.value, 0, text.length);
      if (!tree) return parseTrees(text);
      trees.push(tree);
    }
    return trees;
  }
  return parseTrees(text);
}

/**
 * The tree of a document the run's fast path read, cut out of its file between `from` and `to` (ranges
 * are of the cut text): the fast path parsed the document on its own, so this is the tree a parse of
 * the cut text gives, and no text is parsed. Undefined where the table and the value do not agree.
 */
export function tableTree(t: PositionTable, root: number, value: unknown, from: number, to: number): Document.Parsed | undefined {
  if (root < 0) return undefined;
  const contents = nodeOf(t, root, value, from);
  if (!contents) return undefined;
  // Schema and version as parse.ts reads: toJS of a node consults the document's schema.
  const doc = new Document(null, { version: "1.1" }) as unknown as Document.Parsed;
  doc.contents = contents as Document.Parsed["contents"];
  (doc as { range: [number, number, number] }).range = [contents.range![0], contents.range![1], to - from];
  values.set(doc, value);
  return doc;
}

/**
 * The tree of one block list item cut out of a document the run's fast path read, from the line of its
 * `- ` (at `dash`) to `to`: read alone, such a text is a list of that one item (src/fix/item-cut.ts
 * checks that it reads back so before editing it). Undefined where the table and the value disagree.
 */
export function tableItemTree(t: PositionTable, item: number, value: unknown, dash: number, from: number, to: number): Document.Parsed | undefined {
  const node = nodeOf(t, item, value, from);
  if (!node?.range) return undefined;
  const seq = new YAMLSeq();
  seq.range = [dash - from, node.range[1], node.range[1]];
  seq.items.push(node);
  const doc = new Document(null, { version: "1.1" }) as unknown as Document.Parsed;
  doc.contents = seq as Document.Parsed["contents"];
  (doc as { range: [number, number, number] }).range = [seq.range[0], seq.range[1], to - from];
  values.set(doc, [value]);
  return doc;
}

/** The value each tree was made from: what its toJS would build again. */
const values = new WeakMap<Document, unknown>();

/** The value of a tree made here (never to be changed: the run's objects are shared), else undefined. */
export function tableTreeValue(doc: Document): { value: unknown } | undefined {
  return values.has(doc) ? { value: values.get(doc) } : undefined;
}

const STYLES: Record<string, Scalar.Type> = { '"': Scalar.QUOTE_DOUBLE, "'": Scalar.QUOTE_SINGLE, "|": Scalar.BLOCK_LITERAL, ">": Scalar.BLOCK_FOLDED };

/** A scalar written at `start`..`end` of the table's text, with its range in a text cut at `from`. */
function scalar(t: PositionTable, value: unknown, start: number, end: number, from: number): Scalar {
  const s = new Scalar(value);
  s.type = STYLES[t.text[start]] ?? Scalar.PLAIN;
  s.range = [start - from, end - from, end - from];
  return s;
}

function nodeOf(t: PositionTable, id: number, value: unknown, from: number): Node | undefined {
  const n = readNode(t, id);
  if (n.kind === "scalar") {
    if (value !== null && typeof value === "object") return undefined;
    return scalar(t, value, n.start, n.end, from);
  }
  if (n.kind === "map") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const map = new YAMLMap();
    if (n.flow) map.flow = true;
    map.range = [n.start - from, n.end - from, n.end - from];
    for (const e of n.entries) {
      if (e.key === undefined || e.start < 0 || e.value < 0 || !Object.hasOwn(value, e.key)) return undefined;
      const v = nodeOf(t, e.value, (value as Record<string, unknown>)[e.key], from);
      if (!v) return undefined;
      map.items.push(new Pair(scalar(t, e.key, e.start, e.end, from), v));
    }
    return map;
  }
  if (n.kind === "seq") {
    if (!Array.isArray(value) || value.length !== n.items.length) return undefined;
    const seq = new YAMLSeq();
    if (n.flow) seq.flow = true;
    seq.range = [n.start - from, n.end - from, n.end - from];
    for (let i = 0; i < n.items.length; i++) {
      const v = nodeOf(t, n.items[i], value[i], from);
      if (!v) return undefined;
      seq.items.push(v);
    }
    return seq;
  }
  return undefined;
}
