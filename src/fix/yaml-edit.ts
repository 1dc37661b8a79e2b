import { isAlias, isMap, isNode, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import type { ObjectPath } from "../types.js";
import type { FixOperation, TextEdit } from "../engine/fix.js";
import { fastValues, parseTrees } from "../load/parse.js";
import { sameValue } from "./same-value.js";
import { editableTrees, tableTreeValue } from "./table-tree.js";
import { afterLine, afterOwnComments, blockLines, columnOf, dashBefore, flowText, lineStart, scalarLike, styleOf, useStyle, type YamlStyle } from "./render-yaml.js";

/** Why an operation cannot be made into an edit that changes exactly what it says: the finding gets no fix. */
export class FixError extends Error {}

/**
 * The text edits that carry out `operations` on document `docIndex` of `text` (paths are from the
 * document's root). Only the touched nodes are rewritten; the result is parsed again and must equal
 * the original value with the operations applied, else FixError: a fix never changes what it does not say.
 */
export function editsFor(text: string, docIndex: number, operations: readonly FixOperation[], trees: Document.Parsed[] = cachedTrees(text)): TextEdit[] {
  return editsIn(documentOfTrees(text, docIndex, trees), operations);
}

/** One document's text cut out of its file (`from`: the offset of the cut in the file) and that text parsed. */
export interface EditableDocument {
  from: number;
  text: string;
  tree: Document.Parsed;
  /**
   * The document a list item was cut out of (src/fix/item-cut.ts): its style is the item's, in every
   * round of edits (a few lines may not show it), and edits of several rounds are given as the lines
   * that differ in it, exactly as when the document itself was edited.
   */
  within?: { from: number; text: string; style: YamlStyle };
}

/**
 * A document cut out of `text` between `from` and `to`, which a run's parse already delimited: only the
 * document's own text is parsed (a fix in a stream of several megabytes must not cost a parse of the
 * whole stream). Undefined when the cut does not read back as `value`, the document's value in the run.
 */
export function documentBetween(text: string, from: number, to: number, value: unknown): EditableDocument | undefined {
  const slice = text.slice(from, to);
  const alone = editableTrees(slice);
  if (alone.length !== 1 || !sameValue(valueOf(alone[0]), value)) return undefined;
  return { from, text: slice, tree: alone[0] };
}

/** Document `docIndex` of a file's `trees`, cut out and parsed alone. */
export function documentOfTrees(text: string, docIndex: number, trees: Document.Parsed[]): EditableDocument {
  const whole = trees[docIndex];
  if (!whole) throw new FixError("the document is no longer in the file");
  const from = lineStart(text, whole.range[0]);
  const doc = documentBetween(text, from, whole.range[2], valueOf(whole));
  if (!doc) throw new FixError("the document cannot be edited on its own");
  return doc;
}

/**
 * Edits made on one document's text, by that text and the operations: the same object written in
 * several bundles of a tree (install.yaml, namespace-install.yaml, ha/install.yaml) gets the same fix,
 * and the check that parses the result back is then made once.
 */
export type EditMemo = Map<string, Map<string, Planned | string>>;

/** A document's edits, and whether they are the lines that differ (several rounds of edits) rather than the rounds' own. */
interface Planned {
  edits: TextEdit[];
  byLines: boolean;
}

/** The edits, in file offsets, that carry out `operations` on `doc` (each parsed back and checked, as editsFor says). */
export function editsIn(doc: EditableDocument, operations: readonly FixOperation[], memo?: EditMemo): TextEdit[] {
  // Keyed by the document's text, then by the operations: a key joining both copied the whole
  // document's text for every fix and kept each copy until the report was made.
  // A cut item's edits depend on its document's style too: the same item text is edited otherwise there.
  const known = doc.within ? `${styleKey(doc.within.style)}\0${doc.text}` : doc.text;
  const byOperations = memo && (memo.get(known) ?? memo.set(known, new Map()).get(known)!);
  const key = byOperations ? JSON.stringify(operations) : "";
  let planned = byOperations?.get(key);
  if (planned === undefined) {
    try {
      planned = editsInDocument(doc.text, doc.tree, operations, doc.within?.style);
    } catch (e) {
      if (!(e instanceof FixError)) throw e;
      planned = e.message;
    }
    byOperations?.set(key, planned);
  }
  if (typeof planned === "string") throw new FixError(planned);
  if (planned.byLines && doc.within) return linesWithin(doc, doc.within, planned.edits);
  return planned.edits.map((e) => ({ start: e.start + doc.from, end: e.end + doc.from, text: e.text }));
}

function styleKey(style: YamlStyle): string {
  return `${style.indent}\0${style.indentSeq}\0${style.json}\0${style.eol}`;
}

/** A cut item's edits as the lines that differ in its whole document (lineEdits' common ends reach past the item). */
function linesWithin(cut: EditableDocument, within: { from: number; text: string }, edits: readonly TextEdit[]): TextEdit[] {
  const at = cut.from - within.from;
  const after = within.text.slice(0, at) + applyEdits(cut.text, edits) + within.text.slice(at + cut.text.length);
  return lineEdits(within.text, after).map((e) => ({ start: e.start + within.from, end: e.end + within.from, text: e.text }));
}

/** The trees of the last few texts edited: every finding of a file asks for the same ones. */
const treeCache: Array<[string, Document.Parsed[]]> = [];

function cachedTrees(text: string): Document.Parsed[] {
  for (const [t, trees] of treeCache) if (t === text) return trees;
  const trees = parseTrees(text);
  treeCache.unshift([text, trees]);
  if (treeCache.length > 4) treeCache.pop();
  return trees;
}

/** A document's value, converted once however many fixes ask (never mutated: copies are). */
const values = new WeakMap<Document, unknown>();
function valueOf(doc: Document): unknown {
  // A tree made from a table comes with its value.
  const made = tableTreeValue(doc);
  if (made) return made.value;
  if (!values.has(doc)) {
    try {
      values.set(doc, doc.toJS({ maxAliasCount: -1 }));
    } catch {
      // An alias before its anchor (`kind: *a`): the linter reported it; there is nothing to edit.
      throw new FixError("the document has YAML errors");
    }
  }
  return values.get(doc);
}

/** editsFor on a text that holds one document (`parsed`: that text parsed); `style`, where not the text's own. */
function editsInDocument(text: string, parsed: Document.Parsed, operations: readonly FixOperation[], style?: YamlStyle): Planned {
  const docIndex = 0;
  if (parsed.errors.some((e) => e.code !== "DUPLICATE_KEY")) throw new FixError("the document has YAML errors");
  if (style) useStyle(parsed, style);
  let expected = valueOf(parsed);
  let current = text;
  let currentDoc: Document.Parsed | undefined = parsed;
  const applied: TextEdit[][] = [];
  for (const op of operations) {
    expected = applyToValue(expected, op);
    // An operation may take several edits (a mapping set field by field): each is made on the text as it stands.
    for (let round = 0; round < 32; round++) {
      const progress = { more: false };
      const edits = operationEdits(current, currentDoc ?? documentAt(current, docIndex, style), op, progress);
      if (edits.length === 0) break;
      current = applyEdits(current, edits);
      currentDoc = undefined;
      applied.push(edits);
      // Only a mapping set field by field onto a mapping says it has more to do: asking again when it
      // has not would parse the document once more for nothing (the check below catches any slip).
      if (!progress.more) break;
    }
  }
  if (current === text) return { edits: [], byLines: false };
  const added = operations.filter((o) => o.op === "add-document").length;
  if (!sameValue(readBack(current, 1 + added), expected)) throw new FixError("the edit would change more than the fix says");
  // One edit made on the original text is exact; several are given as the lines that differ.
  return applied.length === 1 ? { edits: applied[0], byLines: false } : { edits: lineEdits(text, current), byLines: true };
}

/**
 * The value of the edited text's first document; FixError unless it is valid YAML of `documents`
 * documents. Read by the fast path where it is exact (five to eight times faster than `yaml`).
 */
function readBack(text: string, documents: number): unknown {
  const fast = fastValues(text);
  if (fast) {
    if (fast.length !== documents) throw new FixError("the edit would not leave valid YAML");
    return fast[0];
  }
  const after = parseTrees(text);
  const doc = after[0];
  if (!doc || after.some((d) => d.errors.some((e) => e.code !== "DUPLICATE_KEY")) || after.length !== documents) {
    throw new FixError("the edit would not leave valid YAML");
  }
  return doc.toJS({ maxAliasCount: -1 }) as unknown;
}

function documentAt(text: string, docIndex: number, style?: YamlStyle): Document.Parsed {
  const doc = editableTrees(text)[docIndex];
  if (!doc) throw new FixError("the document is no longer in the file");
  // A duplicated key is the one error a fix may remove; any other leaves the tree unreliable.
  if (doc.errors.some((e) => e.code !== "DUPLICATE_KEY")) throw new FixError("the document has YAML errors");
  if (style) useStyle(doc, style);
  return doc;
}

/** Applies sorted, non-overlapping edits. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = "";
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The smallest line-level edits turning `before` into `after` (common lines at both ends and in between kept). */
function lineEdits(before: string, after: string): TextEdit[] {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  // One region between the first and last difference, split where a whole line in it is unchanged.
  const oldMid = before.slice(start, endB);
  const newMid = after.slice(start, endA);
  const edits: TextEdit[] = [];
  const oldLines = splitKeep(oldMid);
  const newLines = splitKeep(newMid);
  // Longest common subsequence of lines (regions are small: a fix touches a few lines).
  const n = oldLines.length;
  const m = newLines.length;
  if (n * m > 250_000) return [{ start, end: endB, text: newMid }];
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = oldLines[i] === newLines[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  let i = 0;
  let j = 0;
  let off = start;
  let pending: TextEdit | undefined;
  const flush = () => {
    if (pending) edits.push(pending);
    pending = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && oldLines[i] === newLines[j]) {
      flush();
      off += oldLines[i].length;
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      pending ??= { start: off, end: off, text: "" };
      pending.text += newLines[j++];
    } else {
      pending ??= { start: off, end: off, text: "" };
      off += oldLines[i].length;
      pending.end = off;
      i++;
    }
  }
  flush();
  return edits;
}

function splitKeep(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

// ---------------------------------------------------------------------------------------------
// The expected value: what the document must parse to after the edits.

function applyToValue(root: unknown, op: FixOperation): unknown {
  // A repeated key's definitions are equal: dropping the repeats leaves the value as it is.
  if (op.op === "add-document" || op.op === "remove-duplicate") return root;
  const parentPath = op.path.slice(0, -1);
  const last = op.path[op.path.length - 1];
  // The document's value is the run's (shared with the model and other fixes): the containers along
  // the path are copied and written, everything else is shared (a copy of the whole document per fix
  // was a tenth of a JSON report's fix stage).
  if (op.op === "set" || op.op === "append") {
    const top = writable(root);
    let cur = top;
    for (const seg of parentPath) {
      const next = cur[seg];
      const copy = next === undefined || next === null ? {} : writable(next);
      cur[seg] = copy;
      cur = copy;
    }
    if (op.op === "set") {
      cur[last] = mergeValue(cur[last], op.value);
    } else {
      const list = cur[last];
      if (Array.isArray(list)) {
        if (!list.some((x) => sameValue(x, op.value))) cur[last] = [...list, structuredClone(op.value)];
      } else cur[last] = [structuredClone(op.value)];
    }
    return top;
  }
  const found = valueAt(root, parentPath);
  if (found === undefined || found === null || typeof found !== "object") return root;
  const top = writable(root);
  let parent = top;
  for (const seg of parentPath) {
    const copy = writable(parent[seg]);
    parent[seg] = copy;
    parent = copy;
  }
  if (op.op === "remove") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const entries = Object.entries(parent).map(([k, v]) => (k === String(last) ? [op.to, v] : [k, v]));
    for (const k of Object.keys(parent)) delete (parent as Record<string, unknown>)[k];
    for (const [k, v] of entries) (parent as Record<string, unknown>)[k as string] = v;
  }
  return top;
}

/** A copy of a mapping or list to write into; a scalar cannot be written into (as assigning a field of one throws). */
function writable(value: unknown): Record<string | number, unknown> {
  if (value === null || typeof value !== "object") throw new TypeError("a field of a scalar cannot be set");
  return (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>;
}

/** `set` of a mapping onto a mapping merges key by key (it adds fields, never drops the ones written). */
function mergeValue(existing: unknown, value: unknown): unknown {
  if (isPlainObject(existing) && isPlainObject(value)) {
    const out: Record<string, unknown> = { ...existing };
    for (const [k, v] of Object.entries(value)) out[k] = mergeValue(out[k], v);
    return out;
  }
  return structuredClone(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function valueAt(root: unknown, path: ObjectPath): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// Paths to nodes.

interface Step {
  /** The node at this depth (after the segment). */
  node: Node | null;
  /** The pair that holds it, when its parent is a mapping. */
  pair?: Pair;
  /** Its parent collection. */
  parent: YAMLMap | YAMLSeq;
}

interface Resolved {
  root: Node;
  /** One step per segment that exists. */
  steps: Step[];
}

function resolvePath(doc: Document, path: ObjectPath): Resolved {
  const root = doc.contents as Node | null;
  if (!root) throw new FixError("the document is empty");
  const steps: Step[] = [];
  let node: Node | null = root;
  for (const seg of path) {
    if (isAlias(node)) throw new FixError("the value is written through an alias, shared with other places");
    if (node && (node as { anchor?: string }).anchor) throw new FixError("the value is anchored and shared with other places");
    if (isMap(node)) {
      const pair = findPair(node, String(seg));
      if (!pair) {
        if (node.items.some((p) => isPair(p) && isScalar(p.key) && typeof p.key.value === "symbol")) {
          throw new FixError("the mapping merges another one (<<), which may already set the field");
        }
        break;
      }
      steps.push({ node: pair.value as Node | null, pair, parent: node });
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === "number") {
      if (seg < 0 || seg >= node.items.length) break;
      steps.push({ node: node.items[seg] as Node, parent: node });
      node = node.items[seg] as Node;
    } else break;
  }
  if (isAlias(node) && steps.length === path.length) throw new FixError("the value is written through an alias, shared with other places");
  return { root, steps };
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  // The last definition wins, as the API server reads a duplicated key.
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i];
    if (isPair(p) && isScalar(p.key) && typeof p.key.value !== "symbol" && String(p.key.value) === key) return p;
  }
  return undefined;
}

function nodeAt(r: Resolved, depth: number): Node | null {
  return depth === 0 ? r.root : r.steps[depth - 1].node;
}

// ---------------------------------------------------------------------------------------------
// Operations to edits.

/** What an operation's edits leave to do: `more` when a mapping set field by field has fields left. */
interface Progress {
  more: boolean;
}

function operationEdits(text: string, doc: Document, op: FixOperation, progress?: Progress): TextEdit[] {
  const style = styleOf(text, doc);
  switch (op.op) {
    case "set":
      return setEdits(text, doc, style, op.path, op.value, progress);
    case "append":
      return appendEdits(text, doc, style, op.path, op.value);
    case "remove":
      return removeEdits(text, doc, op.path);
    case "rename":
      return renameEdits(doc, op.path, op.to);
    case "remove-duplicate":
      return removeDuplicateEdits(text, doc, op.path);
    case "add-document":
      return addDocumentEdits(text, doc, style, op.value);
  }
}

function nest(path: ObjectPath, value: unknown): unknown {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) v = { [String(path[i])]: v };
  return v;
}

function setEdits(text: string, doc: Document, style: YamlStyle, path: ObjectPath, value: unknown, progress?: Progress): TextEdit[] {
  if (path.length === 0) throw new FixError("cannot replace a whole document");
  const r = resolvePath(doc, path);
  const depth = r.steps.length;
  if (depth === path.length) {
    const step = r.steps[depth - 1];
    const node = step.node;
    const current = node && (isScalar(node) || isMap(node) || isSeq(node)) ? node.toJS(doc) : null;
    if (sameValue(current, value)) return [];
    if (isPlainObject(value) && isMap(node)) {
      // Field by field, one edit at a time (editsFor comes back for the next): the mapping keeps what it says.
      const fields = Object.entries(value);
      for (let i = 0; i < fields.length; i++) {
        const [k, v] = fields[i];
        const e = setEdits(text, doc, style, [...path, k], v, progress);
        if (e.length === 0) continue;
        if (progress && !progress.more) progress.more = fields.slice(i + 1).some(([k2, v2]) => !isWritten(doc, [...path, k2], v2));
        return e;
      }
      return [];
    }
    if (isScalar(node) && node.range && !isEmptyScalar(text, node)) {
      if (isPlainObject(value) || Array.isArray(value)) return [{ start: node.range[0], end: node.range[1], text: flowText(value, style) }];
      return [{ start: node.range[0], end: node.range[1], text: scalarLike(value, node.type, style) }];
    }
    if (step.pair && (node === null || isEmptyScalar(text, node))) return fillEmptyValue(text, style, step.pair, value);
    if ((isMap(node) || isSeq(node)) && node.flow && node.range) return [{ start: node.range[0], end: node.range[1], text: flowText(value, style) }];
    throw new FixError("the value is a block collection that the fix would replace");
  }
  const parent = nodeAt(r, depth);
  const rest = path.slice(depth + 1);
  const key = path[depth];
  if (isMap(parent)) return insertIntoMap(text, style, parent, String(key), nest(rest, value));
  const holder = depth > 0 ? r.steps[depth - 1] : undefined;
  if (holder?.pair && (parent === null || (isScalar(parent) && parent.value === null))) {
    if (typeof key === "number") throw new FixError("cannot create a list item by index");
    return fillEmptyValue(text, style, holder.pair, nest(path.slice(depth), value));
  }
  throw new FixError(`cannot add a field under a ${isSeq(parent) ? "list" : "scalar"}`);
}

/** Whether `path` is written with `value` already (a later field of a mapping set needs no edit). */
function isWritten(doc: Document, path: ObjectPath, value: unknown): boolean {
  try {
    const r = resolvePath(doc, path);
    if (r.steps.length !== path.length) return false;
    const node = r.steps[path.length - 1].node;
    return node !== null && (isScalar(node) || isMap(node) || isSeq(node)) && sameValue(node.toJS(doc), value);
  } catch (e) {
    if (e instanceof FixError) return false;
    throw e;
  }
}

function isEmptyScalar(text: string, node: Node): boolean {
  return isScalar(node) && node.value === null && (!node.range || text.slice(node.range[0], node.range[1]).trim() === "");
}

/** `key:` with nothing (or null) after it: the value goes below the key, one level deeper. */
function fillEmptyValue(text: string, style: YamlStyle, pair: Pair, value: unknown): TextEdit[] {
  const key = pair.key as Node;
  const v = pair.value as Node | null;
  if (!key.range) throw new FixError("the key has no position");
  if (v && isScalar(v) && v.range && text.slice(v.range[0], v.range[1]).trim() !== "") {
    // `key: null` or `key: ~`: replaced in place.
    return [{ start: v.range[0], end: v.range[1], text: flowText(value, style) }];
  }
  if (!isPlainObject(value) && !Array.isArray(value)) {
    const at = key.range[1] + (text[key.range[1]] === ":" ? 1 : 0);
    if (text[key.range[1]] !== ":") throw new FixError("unexpected text after the key");
    return [{ start: at, end: at, text: ` ${flowText(value, style)}` }];
  }
  const col = columnOf(text, key.range[0]) + style.indent;
  const lines = Array.isArray(value) ? blockLines({ x: value }, style).slice(1).map((l) => l.slice(style.indent)) : blockLines(value, style);
  const at = endOfLine(text, key.range[1]);
  return [{ start: at, end: at, text: style.eol + lines.map((l) => " ".repeat(col) + l).join(style.eol) }];
}

function insertIntoMap(text: string, style: YamlStyle, map: YAMLMap, key: string, value: unknown): TextEdit[] {
  if (!map.range) throw new FixError("the mapping has no position");
  if (map.flow) {
    const entry = `${flowText(key, style)}: ${flowText(value, style)}`;
    const last = map.items[map.items.length - 1];
    if (!last) return [{ start: map.range[0], end: map.range[1], text: `{${entry}}` }];
    const end = endOf(last as unknown as Node);
    return [{ start: end, end, text: `, ${entry}` }];
  }
  const first = map.items[0];
  if (!isPair(first) || !(first.key as Node | null)?.range) throw new FixError("the mapping has no keys to align with");
  const col = columnOf(text, (first.key as Node).range![0]);
  const lines = blockLines({ [key]: value }, style);
  const at = afterOwnComments(text, endOfLine(text, endOf(map)), col);
  return [{ start: at, end: at, text: style.eol + lines.map((l) => " ".repeat(col) + l).join(style.eol) }];
}

function appendEdits(text: string, doc: Document, style: YamlStyle, path: ObjectPath, value: unknown): TextEdit[] {
  const r = resolvePath(doc, path);
  if (r.steps.length < path.length) return setEdits(text, doc, style, path, [value]);
  const list = r.steps[path.length - 1].node;
  if (!isSeq(list)) {
    if (list === null || isEmptyScalar(text, list)) return setEdits(text, doc, style, path, [value]);
    throw new FixError("the field is not a list");
  }
  if (list.items.some((i) => sameValue(isScalar(i) || isMap(i) || isSeq(i) ? i.toJS(doc) : undefined, value))) return [];
  if (!list.range) throw new FixError("the list has no position");
  if (list.flow) {
    const last = list.items[list.items.length - 1] as Node | undefined;
    if (!last) return [{ start: list.range[0], end: list.range[1], text: `[${flowText(value, style)}]` }];
    const end = endOf(last);
    return [{ start: end, end, text: `, ${flowText(value, style)}` }];
  }
  const dash = dashBefore(text, (list.items[0] as Node).range?.[0] ?? -1);
  if (dash < 0) throw new FixError("the list's items are not written as `- item`");
  const col = columnOf(text, dash);
  const lines = isPlainObject(value) ? blockLines(value, style) : [flowText(value, style)];
  const body = lines.map((l, i) => (i === 0 ? `${" ".repeat(col)}- ${l}` : `${" ".repeat(col + 2)}${l}`)).join(style.eol);
  const at = afterOwnComments(text, endOfLine(text, endOf(list)), col);
  return [{ start: at, end: at, text: style.eol + body }];
}

function removeEdits(text: string, doc: Document, path: ObjectPath): TextEdit[] {
  const r = resolvePath(doc, path);
  if (r.steps.length < path.length) return [];
  const step = r.steps[path.length - 1];
  const parent = step.parent;
  const items = parent.items as unknown[];
  const index = step.pair ? items.indexOf(step.pair) : (path[path.length - 1] as number);
  const startOfEntry = step.pair ? (step.pair.key as Node).range?.[0] : (step.node as Node | null)?.range?.[0];
  if (startOfEntry === undefined) throw new FixError("the entry has no position");
  const endOfEntry = step.pair ? endOfPair(step.pair) : endOf(step.node as Node);
  if (parent.flow) {
    if (items.length === 1) return [{ start: parent.range![0], end: parent.range![1], text: isMap(parent) ? "{}" : "[]" }];
    if (index < items.length - 1) {
      const next = items[index + 1] as Node | Pair;
      const nextStart = isPair(next) ? (next.key as Node).range![0] : next.range![0];
      return [{ start: startOfEntry, end: nextStart, text: "" }];
    }
    const prev = items[index - 1] as Node | Pair;
    const prevEnd = isPair(prev) ? endOfPair(prev) : endOf(prev);
    return [{ start: prevEnd, end: endOfEntry, text: "" }];
  }
  // Block: the entry's whole lines go (comments on the lines above and below it stay).
  const lead = step.pair ? startOfEntry : dashBefore(text, startOfEntry);
  if (lead < 0) throw new FixError("the list item is not written as `- item`");
  if (items.length === 1) {
    // The last entry: `annotations: {}` on the key's line, rather than an empty value below it.
    const holder = path.length >= 2 ? r.steps[path.length - 2]?.pair : undefined;
    const key = holder?.key as Node | undefined;
    if (key?.range && text[key.range[1]] === ":") return [{ start: key.range[1] + 1, end: endOfEntry, text: isMap(parent) ? " {}" : " []" }];
    return [{ start: startOfEntry, end: endOfEntry, text: isMap(parent) ? "{}" : "[]" }];
  }
  const ls = lineStart(text, lead);
  if (text.slice(ls, lead).trim() !== "") {
    // The first key of a list item (`- name: a`): the next key moves up beside the dash.
    if (!step.pair || index !== 0) throw new FixError("the entry shares its line with other text");
    const next = items[1] as Pair;
    return [{ start: startOfEntry, end: (next.key as Node).range![0], text: "" }];
  }
  return [{ start: ls, end: afterLine(text, endOfEntry), text: "" }];
}

function removeDuplicateEdits(text: string, doc: Document, path: ObjectPath): TextEdit[] {
  const r = resolvePath(doc, path.slice(0, -1));
  const map = r.steps.length === path.length - 1 ? nodeAt(r, r.steps.length) : undefined;
  if (!isMap(map)) return [];
  const key = String(path[path.length - 1]);
  const pairs = map.items.filter((p) => isPair(p) && isScalar(p.key) && typeof p.key.value !== "symbol" && String(p.key.value) === key);
  if (pairs.length < 2) return [];
  const values = pairs.map((p) => (isNode(p.value) ? p.value.toJS(doc) : p.value));
  if (!values.every((v) => sameValue(v, values[0]))) throw new FixError(`the definitions of ${key} differ: keep the one you mean`);
  if (map.flow) throw new FixError("the key is repeated in a flow mapping");
  // The first definition stays where a reader finds it; each repeat goes with its whole lines.
  return pairs.slice(1).map((p) => {
    const start = (p.key as Node).range?.[0];
    if (start === undefined) throw new FixError("the key has no position");
    const ls = lineStart(text, start);
    if (text.slice(ls, start).trim() !== "") throw new FixError("the repeated key shares its line with other text");
    return { start: ls, end: afterLine(text, endOfPair(p)), text: "" };
  });
}

function renameEdits(doc: Document, path: ObjectPath, to: string): TextEdit[] {
  const r = resolvePath(doc, path);
  if (r.steps.length < path.length) return [];
  const step = r.steps[path.length - 1];
  if (!step.pair || !isMap(step.parent)) throw new FixError("only a mapping key can be renamed");
  if (findPair(step.parent, to)) throw new FixError(`the mapping already has a key ${to}`);
  const key = step.pair.key as Node;
  if (!isScalar(key) || !key.range) throw new FixError("the key has no position");
  return [{ start: key.range[0], end: key.range[1], text: scalarLike(to, key.type) }];
}

function addDocumentEdits(text: string, doc: Document, style: YamlStyle, value: Record<string, unknown>): TextEdit[] {
  const root = doc.contents as Node | null;
  if (!root) throw new FixError("the document is empty");
  // A YAML document after a JSON one leaves a file that kubectl reads as JSON only.
  if (style.json) throw new FixError("the file is written in JSON: put the new object in a file of its own");
  // After the comments written under the last field: text inserted above them took them into the new document.
  const at = afterLine(text, afterOwnComments(text, endOfLine(text, endOf(root)), columnOf(text, root.range?.[0] ?? 0)));
  const lines = blockLines(value, style);
  const lead = at > 0 && text[at - 1] !== "\n" ? style.eol : "";
  return [{ start: at, end: at, text: `${lead}---${style.eol}${lines.join(style.eol)}${style.eol}` }];
}

// ---------------------------------------------------------------------------------------------
// Where nodes end.

/** Offset just after the last character of a node's content (comments after it excluded). */
function endOf(node: Node | Pair | null): number {
  if (!node) throw new FixError("missing node");
  if (isPair(node)) return endOfPair(node);
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1] as Node | Pair | undefined;
    if (last) return endOf(last);
  }
  if (!node.range) throw new FixError("the node has no position");
  return node.range[1];
}

function endOfPair(pair: Pair): number {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const keyEnd = key?.range?.[1] ?? -1;
  const valueEnd = value ? endOf(value) : -1;
  return Math.max(keyEnd, valueEnd);
}

/** The end of the line (before its line break) where the content ending at `end` ends; trailing blank lines and block-scalar newlines excluded. */
function endOfLine(text: string, end: number): number {
  let pos = end;
  while (pos > 0 && /\s/.test(text[pos - 1])) pos--;
  let nl = text.indexOf("\n", pos);
  if (nl === -1) nl = text.length;
  return nl > 0 && text[nl - 1] === "\r" ? nl - 1 : nl;
}
