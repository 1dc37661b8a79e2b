import { isAlias, isMap, isPair, isScalar, isSeq, isCollection, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { ObjectPath } from "../types.js";

/** 0-based offsets of the text a finding should underline. */
export interface OffsetRange {
  start: number;
  end: number;
  /** False when the path does not exist and the range is that of its closest existing ancestor. */
  exact: boolean;
}

type AnyNode = Node | null | undefined;

/**
 * Maps an object path to the source text that defines it. Paths that do not exist resolve to their
 * closest existing ancestor, so a finding about a missing field points at the object that lacks it.
 */
export function locate(doc: Document, root: AnyNode, path: ObjectPath): OffsetRange | undefined {
  let node: AnyNode = deref(doc, root);
  let pair: Pair | undefined;
  let item: AnyNode;
  let depth = 0;
  for (const seg of path) {
    if (isMap(node)) {
      const found = findPair(doc, node, String(seg));
      if (!found) break;
      pair = found;
      item = undefined;
      node = deref(doc, found.value as AnyNode);
    } else if (isSeq(node) && typeof seg === "number") {
      const child = node.items[seg] as AnyNode;
      if (child === undefined) break;
      pair = undefined;
      item = child;
      node = deref(doc, child);
    } else {
      break;
    }
    depth++;
  }
  const exact = depth === path.length;
  if (pair) return pairRange(pair, exact);
  if (item) return itemRange(doc, item, exact);
  return nodeRange(doc, node, exact);
}

function deref(doc: Document, node: AnyNode): AnyNode {
  // Aliases resolve to their anchor's node: the finding points where the value is written.
  let n = node;
  for (let i = 0; i < 10 && isAlias(n); i++) n = n.resolve(doc) as AnyNode;
  return n;
}

function keyText(pair: Pair): string | undefined {
  const k = pair.key as AnyNode | string;
  // A merge key's value is a Symbol("<<"): it names no field.
  if (isScalar(k)) return typeof k.value === "symbol" ? undefined : String(k.value);
  if (typeof k === "string") return k;
  return undefined;
}

/** `<<: *base` under YAML 1.1: the parser marks a plain `<<` key with a symbol (a quoted "<<" is an ordinary key). */
function isMergeKey(pair: Pair): boolean {
  const k = pair.key as AnyNode;
  return isScalar(k) && typeof k.value === "symbol";
}

function findPair(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  // The last definition wins, as in the API server, so a duplicate key points at the one that counts.
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i];
    if (isPair(p) && keyText(p) === key) return p;
  }
  // Merge keys (`<<: *base`): the field may come from a merged map.
  // Explicit keys win over merged ones, and earlier merge sources over later ones, as the decoder does.
  for (const p of map.items) {
    if (!isPair(p) || !isMergeKey(p)) continue;
    const v = deref(doc, p.value as AnyNode);
    const sources = isSeq(v) ? v.items.map((i) => deref(doc, i as AnyNode)) : [v];
    for (const src of sources) {
      // The depth bound keeps a self-referencing merge (`&a {<<: *a}`) from recursing forever.
      if (isMap(src) && depth < 20) {
        const found = findPair(doc, src, key, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function pairRange(pair: Pair, exact: boolean): OffsetRange | undefined {
  const key = pair.key as AnyNode;
  const value = pair.value as AnyNode;
  const keyRange = key && (key as Node).range;
  if (!keyRange) return undefined;
  // A scalar value is underlined with its key; a block collection only at its key, not over many lines.
  if (value && isScalar(value) && value.range) return { start: keyRange[0], end: value.range[1], exact };
  if (value && isCollection(value) && value.flow && value.range) return { start: keyRange[0], end: value.range[1], exact };
  if (isAlias(value) && value.range) return { start: keyRange[0], end: value.range[1], exact };
  return { start: keyRange[0], end: keyRange[1], exact };
}

function itemRange(doc: Document, item: AnyNode, exact: boolean): OffsetRange | undefined {
  const n = deref(doc, item);
  // A mapping in a sequence (a container) is pointed at by its first field, e.g. `- name: app`.
  if (isMap(n) && !n.flow && n.items.length > 0 && isPair(n.items[0])) return pairRange(n.items[0], exact);
  return nodeRange(doc, item, exact);
}

function nodeRange(doc: Document, node: AnyNode, exact: boolean): OffsetRange | undefined {
  const n = deref(doc, node);
  if (!n || !n.range) return undefined;
  if (isMap(n) && !n.flow && n.items.length > 0 && isPair(n.items[0])) {
    const r = pairRange(n.items[0], exact);
    if (r) return r;
  }
  return { start: n.range[0], end: n.range[1], exact };
}
