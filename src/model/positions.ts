import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { ObjectPath } from "../types.js";
import type { OffsetRange } from "./locate.js";

/**
 * What `locate` needs of a document's syntax tree, in a few typed arrays: the `yaml` tree of every
 * document held for the whole run (to compute positions for findings) cost ~140 MB at 10,000
 * resources and a fifth of the run in garbage collection. The table is built once, right after
 * parsing, and the tree is dropped. `locateIn` walks it exactly as `locate` walks the tree.
 *
 * One Int32Array per document holds three parts: nodes (stride 5) from 0, map entries (stride 4) from
 * `pairsAt`, sequence entries from `itemsAt` (three arrays per document cost two more typed array
 * objects and buffers each: ~3.5 MB at 10,000 resources). Nodes: kind, start, end, then for
 * collections the first entry and the entry count, for an alias the node it resolves to (-1: none).
 * Map entries: key text (KEY_AS_WRITTEN when the key reads as written in the text between its start
 * and end, the common case; else an index into `keys`; NO_KEY when the key names no field, MERGE_KEY
 * for `<<`), key start, key end (-1: no range), value node (-1: none). Sequence entries: the item node.
 * Keys are compared with the file's text rather than kept as strings: a string per key of every
 * document was ~4 MB at 10,000 resources.
 */
export interface PositionTable {
  data: Int32Array;
  pairsAt: number;
  itemsAt: number;
  /** Keys that do not read as written (quoted, numbers, booleans): few. */
  keys: string[];
  /** The file's text (the same string, not a copy), which the offsets index. */
  text: string;
  /**
   * Made by the fast path (src/load/fast-parse.ts), which parses each document on its own and takes
   * only what is exact: the fix engine builds its editing tree from such a table (src/fix/table-tree.ts).
   */
  fastPath?: true;
}

const SCALAR = 0;
const MAP = 1;
const SEQ = 2;
const ALIAS = 3;
/** A pair as a sequence item, or anything else locate treats as neither map, sequence nor alias. */
const OTHER = 4;
/** Flag on MAP and SEQ: a flow collection (`{…}`, `[…]`). */
const FLOW = 8;
const KIND = 7;

const NO_KEY = -1;
const MERGE_KEY = -2;
/** A map item that is not a pair (never made by the parser; locate skips such items). */
const NOT_PAIR = -3;
export const KEY_AS_WRITTEN = -4;

/** How a key's name is recorded: KEY_AS_WRITTEN when the text between start and end is the name, else its index in `keys` (appended). */
export function keyEntry(text: string, start: number, end: number, name: string, keys: string[]): number {
  if (end - start === name.length && text.startsWith(name, start)) return KEY_AS_WRITTEN;
  keys.push(name);
  return keys.length - 1;
}

/** Whether map entry `e` has the key `name`. */
function keyIs(t: PositionTable, e: number, name: string): boolean {
  const at = t.pairsAt + e * 4;
  const k = t.data[at];
  if (k === KEY_AS_WRITTEN) return t.data[at + 2] - t.data[at + 1] === name.length && t.text.startsWith(name, t.data[at + 1]);
  return k >= 0 && t.keys[k] === name;
}

/** A node of a table read out as plain facts, for code that rebuilds a tree from it (src/fix/table-tree.ts). */
export interface TableNode {
  kind: "scalar" | "map" | "seq" | "alias" | "other";
  /** A flow collection (`{…}`, `[…]`). */
  flow: boolean;
  start: number;
  end: number;
  /** A map's entries: the key's name (undefined for a merge key or no key), the key's range, the value's node (-1: none). */
  entries: Array<{ key: string | undefined; start: number; end: number; value: number }>;
  /** A sequence's items (node ids). */
  items: number[];
}

const KIND_NAMES = ["scalar", "map", "seq", "alias", "other"] as const;

export function readNode(t: PositionTable, id: number): TableNode {
  const d = t.data;
  const kind = KIND_NAMES[d[id * 5] & KIND] ?? "other";
  const node: TableNode = { kind, flow: (d[id * 5] & FLOW) !== 0, start: d[id * 5 + 1], end: d[id * 5 + 2], entries: [], items: [] };
  const first = d[id * 5 + 3];
  const count = d[id * 5 + 4];
  if (kind === "map") {
    for (let e = first; e < first + count; e++) {
      const at = t.pairsAt + e * 4;
      const k = d[at];
      const key = k === KEY_AS_WRITTEN ? t.text.slice(d[at + 1], d[at + 2]) : k >= 0 ? t.keys[k] : undefined;
      node.entries.push({ key, start: d[at + 1], end: d[at + 2], value: d[at + 3] });
    }
  } else if (kind === "seq") {
    for (let i = 0; i < count; i++) node.items.push(d[t.itemsAt + first + i]);
  }
  return node;
}

/**
 * The three parts in one array (see PositionTable). Every table is made by one of the two literals
 * below, so that all share a hidden class: V8 gives an object made by spreading another (`{ ...t,
 * fastPath: true }`) a map of its own, ~230 bytes of map and descriptors per document (~2.3 MB at
 * 10,000 resources).
 */
export function packTable(nodes: ArrayLike<number>, pairs: ArrayLike<number>, items: ArrayLike<number>, keys: string[], text: string, fastPath?: true): PositionTable {
  const data = new Int32Array(nodes.length + pairs.length + items.length);
  data.set(nodes, 0);
  data.set(pairs, nodes.length);
  data.set(items, nodes.length + pairs.length);
  return tableOf(data, nodes.length, nodes.length + pairs.length, keys, text, fastPath);
}

/** A PositionTable object (one of two hidden classes: with and without `fastPath`). */
export function tableOf(data: Int32Array, pairsAt: number, itemsAt: number, keys: string[], text: string, fastPath?: true): PositionTable {
  return fastPath ? { data, pairsAt, itemsAt, keys, text, fastPath } : { data, pairsAt, itemsAt, keys, text };
}

class Builder {
  nodes: number[] = [];
  pairs: number[] = [];
  items: number[] = [];
  keys: string[] = [];
  /** Latest node (in visit order) of each anchor name: what an alias at this point resolves to. */
  anchors = new Map<string, number>();

  constructor(readonly text: string) {}

  private add(kind: number, node: { range?: unknown }): number {
    const id = this.nodes.length / 5;
    const r = node.range as [number, number] | null | undefined;
    this.nodes.push(kind, r ? r[0] : -1, r ? r[1] : -1, -1, 0);
    return id;
  }

  /** Mirrors a node (and what is below it) in the order `visit` goes: a collection, then its items; a pair's key, then its value. */
  node(n: unknown): number {
    if (n === null || n === undefined) return -1;
    if (isScalar(n)) {
      const id = this.add(SCALAR, n);
      if (n.anchor) this.anchors.set(n.anchor, id);
      return id;
    }
    if (isAlias(n)) {
      const id = this.add(ALIAS, n);
      this.nodes[id * 5 + 3] = this.anchors.get(n.source) ?? -1;
      return id;
    }
    if (isMap(n)) {
      const id = this.add(n.flow ? MAP | FLOW : MAP, n);
      if (n.anchor) this.anchors.set(n.anchor, id);
      // Entries are reserved first: the items' own entries come after them.
      const first = this.pairs.length / 4;
      const count = n.items.length;
      this.nodes[id * 5 + 3] = first;
      this.nodes[id * 5 + 4] = count;
      for (let i = 0; i < count; i++) this.pairs.push(NO_KEY, -1, -1, -1);
      for (let i = 0; i < count; i++) this.pair(first + i, n.items[i]);
      return id;
    }
    if (isSeq(n)) {
      const id = this.add(n.flow ? SEQ | FLOW : SEQ, n);
      if (n.anchor) this.anchors.set(n.anchor, id);
      const first = this.items.length;
      const count = n.items.length;
      this.nodes[id * 5 + 3] = first;
      this.nodes[id * 5 + 4] = count;
      for (let i = 0; i < count; i++) this.items.push(-1);
      for (let i = 0; i < count; i++) this.items[first + i] = this.node(n.items[i]);
      return id;
    }
    // A pair as an item (not made by the parser for documents, but locate copes with it): no range.
    const id = this.add(OTHER, n as { range?: unknown });
    if (isPair(n)) {
      this.node(n.key);
      this.node(n.value);
    }
    return id;
  }

  private pair(entry: number, p: unknown): void {
    if (!isPair(p)) {
      // locate skips map items that are not pairs; a missing key range makes pairRange give nothing.
      this.node(p);
      this.pairs[entry * 4] = NOT_PAIR;
      return;
    }
    const k = p.key as unknown;
    let text = NO_KEY;
    const r = k !== null && typeof k === "object" ? ((k as { range?: [number, number] | null }).range ?? undefined) : undefined;
    const named = (name: string) => (r ? keyEntry(this.text, r[0], r[1], name, this.keys) : this.keys.push(name) - 1);
    if (isScalar(k)) {
      if (typeof k.value === "symbol") text = MERGE_KEY;
      else text = named(String(k.value));
      // An anchored key can be the target of an alias.
      if (k.anchor) this.node(k);
    } else if (typeof k === "string") {
      text = named(k);
    } else if (k !== null && k !== undefined) {
      // A collection or alias as a key: mirrored for the anchors and aliases in it.
      this.node(k);
    }
    this.pairs[entry * 4] = text;
    this.pairs[entry * 4 + 1] = r ? r[0] : -1;
    this.pairs[entry * 4 + 2] = r ? r[1] : -1;
    this.pairs[entry * 4 + 3] = this.node(p.value);
  }
}

/** The position table of a parsed document of `text`, and the node id of its contents (-1 when empty). */
export function buildPositions(doc: Document, text: string): { table: PositionTable; root: number } {
  const b = new Builder(text);
  const root = b.node(doc.contents as Node | null);
  return { table: packTable(b.nodes, b.pairs, b.items, b.keys, text), root };
}

/** Node ids of the items of a `kind: List` (the first `items:` key holding a sequence), as model.ts's listItemNodes. */
export function listItemIds(t: PositionTable, root: number): number[] {
  const d = t.data;
  if (root < 0 || (d[root * 5] & KIND) !== MAP) return [];
  const first = d[root * 5 + 3];
  const count = d[root * 5 + 4];
  for (let e = first; e < first + count; e++) {
    const v = d[t.pairsAt + e * 4 + 3];
    // A scalar key whose value is the string "items" (a number or boolean key never is).
    if (keyIs(t, e, "items") && v >= 0 && (d[v * 5] & KIND) === SEQ) {
      const out: number[] = [];
      const f = t.itemsAt + d[v * 5 + 3];
      for (let i = 0; i < d[v * 5 + 4]; i++) out.push(d[f + i]);
      return out;
    }
  }
  return [];
}

function deref(t: PositionTable, id: number): number {
  let n = id;
  for (let i = 0; i < 10 && n >= 0 && (t.data[n * 5] & KIND) === ALIAS; i++) n = t.data[n * 5 + 3];
  return n;
}

function kindOf(t: PositionTable, id: number): number {
  return id < 0 ? -1 : t.data[id * 5] & KIND;
}

/** `locate` (src/model/locate.ts) over a position table: same walk, same ranges. */
export function locateIn(t: PositionTable, root: number, path: ObjectPath): OffsetRange | undefined {
  let node = deref(t, root);
  let pair = -1;
  let item = -1;
  let hasItem = false;
  let depth = 0;
  for (const seg of path) {
    const kind = kindOf(t, node);
    if (kind === MAP) {
      const found = findPair(t, node, String(seg), 0);
      if (found < 0) break;
      pair = found;
      hasItem = false;
      node = deref(t, t.data[t.pairsAt + found * 4 + 3]);
    } else if (kind === SEQ && typeof seg === "number") {
      const count = t.data[node * 5 + 4];
      // node.items[seg]: an index outside the list (or not an integer) finds nothing.
      if (!Number.isInteger(seg) || seg < 0 || seg >= count) break;
      const child = t.data[t.itemsAt + t.data[node * 5 + 3] + seg];
      pair = -1;
      item = child;
      hasItem = true;
      node = deref(t, child);
    } else {
      break;
    }
    depth++;
  }
  const exact = depth === path.length;
  if (pair >= 0) return pairRange(t, pair, exact);
  if (hasItem) return itemRange(t, item, exact);
  return nodeRange(t, node, exact);
}

function findPair(t: PositionTable, map: number, key: string, depth: number): number {
  const first = t.data[map * 5 + 3];
  const count = t.data[map * 5 + 4];
  // The last definition wins, as in the API server, so a duplicate key points at the one that counts.
  for (let e = first + count - 1; e >= first; e--) {
    if (keyIs(t, e, key)) return e;
  }
  // Merge keys: explicit keys win over merged ones, earlier merge sources over later ones.
  for (let e = first; e < first + count; e++) {
    if (t.data[t.pairsAt + e * 4] !== MERGE_KEY) continue;
    const v = deref(t, t.data[t.pairsAt + e * 4 + 3]);
    const sources: number[] = [];
    if (kindOf(t, v) === SEQ) {
      const f = t.data[v * 5 + 3];
      for (let i = 0; i < t.data[v * 5 + 4]; i++) sources.push(deref(t, t.data[t.itemsAt + f + i]));
    } else sources.push(v);
    for (const src of sources) {
      // The depth bound keeps a self-referencing merge (`&a {<<: *a}`) from recursing forever.
      if (kindOf(t, src) === MAP && depth < 20) {
        const found = findPair(t, src, key, depth + 1);
        if (found >= 0) return found;
      }
    }
  }
  return -1;
}

function pairRange(t: PositionTable, e: number, exact: boolean): OffsetRange | undefined {
  const keyStart = t.data[t.pairsAt + e * 4 + 1];
  const keyEnd = t.data[t.pairsAt + e * 4 + 2];
  if (keyStart < 0) return undefined;
  const v = t.data[t.pairsAt + e * 4 + 3];
  if (v >= 0 && t.data[v * 5 + 1] >= 0) {
    const kind = t.data[v * 5];
    // A scalar value is underlined with its key; a block collection only at its key, not over many lines.
    if (kind === SCALAR || kind === (MAP | FLOW) || kind === (SEQ | FLOW) || kind === ALIAS) return { start: keyStart, end: t.data[v * 5 + 2], exact };
  }
  return { start: keyStart, end: keyEnd, exact };
}

/** The first entry of a non-empty block mapping when it is a pair (a container is pointed at by its `- name:` line), or -1. */
function firstPairOfBlockMap(t: PositionTable, n: number): number {
  if (n < 0 || t.data[n * 5] !== MAP || t.data[n * 5 + 4] === 0) return -1;
  const e = t.data[n * 5 + 3];
  return t.data[t.pairsAt + e * 4] === NOT_PAIR ? -1 : e;
}

function itemRange(t: PositionTable, item: number, exact: boolean): OffsetRange | undefined {
  const n = deref(t, item);
  const e = firstPairOfBlockMap(t, n);
  if (e >= 0) return pairRange(t, e, exact);
  return nodeRange(t, item, exact);
}

function nodeRange(t: PositionTable, node: number, exact: boolean): OffsetRange | undefined {
  const n = deref(t, node);
  if (n < 0 || t.data[n * 5 + 1] < 0) return undefined;
  const e = firstPairOfBlockMap(t, n);
  if (e >= 0) {
    const r = pairRange(t, e, exact);
    if (r) return r;
  }
  return { start: t.data[n * 5 + 1], end: t.data[n * 5 + 2], exact };
}
