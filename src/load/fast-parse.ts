import { FAILSAFE_SCHEMA, Type, loadAll, type State } from "js-yaml";
import { Schema, isScalar, type Tags } from "yaml";
import { keyEntry, packTable, type PositionTable } from "../model/positions.js";

/**
 * The fast parse path. The `yaml` package builds a concrete syntax tree and a document tree before
 * `toJS`, which is most of a run's time; js-yaml builds the values directly, five to eight times
 * faster. Positions come from js-yaml's own events (a listener called when each node opens and
 * closes): from them this module builds the same position table (src/model/positions.ts) that
 * `buildPositions` builds from the `yaml` tree, with the same ranges.
 *
 * Only what is certain to come out the same as the `yaml` path is taken: a file with anchors, aliases,
 * tags, explicit keys, merge keys, directives, keys that are not scalars, empty documents or sequence
 * items, or anything js-yaml refuses (duplicate keys, syntax errors) returns undefined, and the caller
 * parses it with `yaml` (src/load/parse.ts). test/fast-parse.test.ts compares both paths on every
 * fixture, both corpora and a generated torture set.
 */

/** One document of the fast path: what parse.ts needs to make a ParsedDocument. */
export interface FastDocument {
  value: unknown;
  positions: PositionTable;
  root: number;
  start: number;
}

/** A document of the file as kubectl cuts the stream (at `---` lines), and what the fast path made of it. */
export interface FastChunk {
  /** Offsets of the chunk in the file. */
  start: number;
  end: number;
  /** The document, when the fast path is exact for it. */
  doc?: FastDocument;
  /** Where the document nests deeper than FAST_MAX_DEPTH (it is not linted, on any thread). */
  tooDeep?: number;
}

export interface FastFile {
  chunks: FastChunk[];
  /** Quoted and block scalars (true for a block scalar) of every chunk, as parse.ts's scalarRanges. */
  templateScalars: Array<[number, number, boolean]>;
}

/**
 * Nesting deeper than this is not linted. The limit is counted by the parser, not by the stack, so a
 * document gets the same verdict on the main thread and on a worker (whose stacks differ), well
 * below the depth where either parser would run out of stack.
 */
export const FAST_MAX_DEPTH = 500;

/**
 * Plain scalars are typed by the `yaml` package's own YAML 1.1 tags (the ones parse.ts uses), so a
 * value is typed exactly as on the `yaml` path: js-yaml only finds the scalar and folds its lines.
 */
function plainTypes(customTags: (tags: Tags) => Tags) {
  type Resolve = (text: string, onError: (message: string) => void, options: { intAsBigInt: boolean }) => unknown;
  const tags = new Schema({ schema: "yaml-1.1", customTags }).tags
    .filter((t) => t.default === true && t.test && !t.collection)
    .map((t) => ({ test: t.test!, resolve: t.resolve as unknown as Resolve }));
  let failed = false;
  const options = { intAsBigInt: false };
  const resolve = (text: string): unknown => {
    // Most plain scalars are names: the YAML 1.1 types that start with a letter start with one of these
    // and are five letters at most (`false`), so a longer word is a string.
    const c = text.charCodeAt(0);
    if ((c >= 0x61 && c <= 0x7a && (text.length > 5 || !"fnoty".includes(text[0]))) || (c >= 0x41 && c <= 0x5a && (text.length > 5 || !"FNOTY".includes(text[0])))) return text;
    for (const tag of tags) {
      if (tag.test.test(text)) {
        const r = tag.resolve(text, () => (failed = true), options);
        return isScalar(r) ? r.value : r;
      }
    }
    return text;
  };
  return {
    resolve,
    takeFailed: () => {
      const f = failed;
      failed = false;
      return f;
    },
  };
}

const SCALAR = 0;
const MAP = 1;
const SEQ = 2;
const FLOW = 8;

/** A node as the listener saw it. */
interface Frame {
  open: number;
  kids: Frame[];
  kind: number;
  start: number;
  end: number;
  result: unknown;
  /** First character of a scalar: its style (`"`, `'`, `|`, `>`, or plain). */
  style: number;
  /** The node is empty (a key with no value): it sits at its start. */
  empty: boolean;
  /** `yaml`'s range[2]: for a scalar the rest of its line, for a block collection the trailing comments it keeps. */
  end2: number;
  /** A block collection's trailing comment lines that `yaml` hands on to the parent collection. */
  pending: CommentGroup | null;
  /** A collection's entries in the table, once it is closed (its kids are then let go). */
  first: number;
  count: number;
}

/** Blank and comment lines after a block collection's last node, up to the next content. */
interface CommentGroup {
  /** Offset of the next content (after its indentation), or the text's end. */
  end: number;
  /** Deepest indentation of a comment line in the group (-1: only blank lines). */
  indent: number;
}

class Refuse extends Error {}

/**
 * The kids of a frame that has none (most are scalars), shared: a frame gets an array of its own with
 * its first kid. Never pushed to.
 */
const NO_KIDS: Frame[] = [];

const isBlank = (c: number) => c === 0x20 || c === 0x09;
const isBreak = (c: number) => c === 0x0a || c === 0x0d;

/** The schema both modes read with: FAILSAFE's collections and strings, plain scalars typed as `yaml` types them. */
function fastSchema(customTags: (tags: Tags) => Tags) {
  const plain = plainTypes(customTags);
  const schema = FAILSAFE_SCHEMA.extend({
    implicit: [new Type("tag:yaml.org,2002:k8slint-plain", { kind: "scalar", resolve: () => true, construct: plain.resolve })],
  });
  return { plain, schema };
}

/** What the fast path leaves to `yaml` before reading a text at all. */
function refusesText(text: string): boolean {
  // Directives, explicit keys and document-end markers: rare, and left to the `yaml` path.
  // So are a carriage return that ends a line alone and a byte-order mark inside the text.
  return text.includes("\ufeff") || loneCarriageReturn(text) || lineStartsWith(text, "%") || documentEnd(text) || hasExplicitKey(text);
}

// Each of these looks only where its character occurs: the same tests as regular expressions with a
// line anchor scanned every line of every file (a tenth of the fast path's own time).

function loneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf("\r"); at !== -1; at = text.indexOf("\r", at + 1)) if (text.charCodeAt(at + 1) !== 0x0a) return true;
  return false;
}

/** Whether a line starts with `s`. */
function lineStartsWith(text: string, s: string): boolean {
  for (let at = text.indexOf(s); at !== -1; at = text.indexOf(s, at + 1)) if (at === 0 || isBreak(text.charCodeAt(at - 1))) return true;
  return false;
}

/** A document-end marker: `...` at a line's start, then a blank, a line break or the text's end. */
function documentEnd(text: string): boolean {
  for (let at = text.indexOf("..."); at !== -1; at = text.indexOf("...", at + 1)) {
    if (at !== 0 && !isBreak(text.charCodeAt(at - 1))) continue;
    const next = text.charCodeAt(at + 3);
    if (at + 3 >= text.length || isBlank(next) || isBreak(next)) return true;
  }
  return false;
}

export function makeFastParser(customTags: (tags: Tags) => Tags) {
  const { plain, schema } = fastSchema(customTags);

  /** The chunks of a file (kubectl's documents), each parsed on its own; undefined when the whole file is for `yaml`. */
  return function fastParse(text: string): FastFile | undefined {
    if (refusesText(text)) return undefined;
    const templateScalars: Array<[number, number, boolean]> = [];
    // String ranges serve only the template scan (parse.ts isTemplate), which looks only at text with `{{`.
    const withScalars = text.includes("{{");
    const chunks = documentRanges(text).map(([start, end]) => parseChunk(text, text.slice(start, end), start, end, withScalars ? templateScalars : null));
    return { chunks, templateScalars };
  };

  function parseChunk(fileText: string, text: string, base: number, to: number, templateScalars: Array<[number, number, boolean]> | null): FastChunk {
    const chunk: FastChunk = { start: base, end: to };
    const table = new TableBuilder(fileText, base);
    const scalars: Array<[number, number, boolean]> | null = templateScalars && [];
    const { listener, roots, refused } = chunkListener((f, s) => {
      close(text, f, s.kind, s.position, scalars, true);
      if (f.kind === SCALAR && typeof s.result === "string" && s.result.length >= SLICED_MIN) s.result = f.result = ownString(text, f, s.result);
      // The collection's entries go into the table now, so that a closed subtree's frames are let
      // go: a document of a million nodes held them all until its end (a few hundred megabytes).
      else if (f.kind !== SCALAR) table.entries(f);
    });
    const values: unknown[] = [];
    try {
      // json: a duplicate key is not an error here (the counts below refuse the chunk), so that the
      // depth verdict does not depend on what comes first.
      loadAll(text, (doc) => values.push(doc), { schema, listener, maxDepth: FAST_MAX_DEPTH, json: true } as never);
    } catch (e) {
      const mark = (e as { mark?: { position?: number } }).mark;
      if (/maxDepth/.test(String((e as Error).message)) && mark?.position !== undefined) chunk.tooDeep = base + mark.position;
      return chunk;
    }
    if (refused() || plain.takeFailed() || values.length !== 1 || roots.length !== 1 || roots[0].empty) return chunk;
    const root = table.node(roots[0]);
    chunk.doc = { value: values[0], positions: table.table(), root, start: base + roots[0].start };
    if (templateScalars && scalars) for (const [a, z, block] of scalars) templateScalars.push([base + a, base + z, block]);
    return chunk;
  }
}

/**
 * The fast path's values alone, for a text that is only read to be compared (the fix engine reads every
 * edited document back: some 7,000 at 10,000 resources). The same verdicts as `makeFastParser`, every
 * refusal included (test/fast-parse.test.ts compares them), without what only positions need: no position
 * table, no ranges of collections or comments, no strings cut from the file's text: a quarter less work.
 */
export function makeFastValues(customTags: (tags: Tags) => Tags) {
  const { plain, schema } = fastSchema(customTags);

  /** Each chunk's value, when the fast path is exact for every one; else undefined. */
  return function fastValues(text: string): unknown[] | undefined {
    if (refusesText(text)) return undefined;
    const out: unknown[] = [];
    for (const [start, end] of documentRanges(text)) {
      const chunk = text.slice(start, end);
      const { listener, roots, refused } = chunkListener((f, s) => {
        close(chunk, f, s.kind, s.position, null, false);
        if ((f.kind & 7) === MAP) checkKeys(f.kids);
        f.kids = NO_KIDS;
      });
      const values: unknown[] = [];
      try {
        loadAll(chunk, (doc) => values.push(doc), { schema, listener, maxDepth: FAST_MAX_DEPTH, json: true } as never);
      } catch {
        return undefined;
      }
      if (refused() || plain.takeFailed() || values.length !== 1 || roots.length !== 1 || roots[0].empty) return undefined;
      out.push(values[0]);
    }
    return out;
  };
}

/** The state js-yaml's listener hands over when a node closes. */
type Closed = State & { kind: string | null; result: unknown };

/**
 * js-yaml's listener for one chunk, as both modes read it: a frame per node, a block value first read
 * as a mapping key that was not one taken as the node itself, and `closeNode` (the mode's checks, and
 * the table for the full path) run on each closed node until one refuses the chunk. What is not certain
 * to match `yaml` marks the chunk; parsing goes on, for the depth verdict.
 */
function chunkListener(closeNode: (f: Frame, s: Closed) => void) {
  const roots: Frame[] = [];
  const stack: Frame[] = [];
  let refused = false;
  const listener = (event: string, state: State) => {
    if (event === "open") {
      stack.push({ open: state.position, kids: NO_KIDS, kind: -1, start: -1, end: -1, result: undefined, style: 0, empty: false, end2: -1, pending: null, first: -1, count: 0 });
      return;
    }
    let f = stack.pop()!;
    const s = state as Closed;
    f.result = s.result;
    if (f.kids.length === 1 && f.kids[0].result === s.result && s.kind !== null && f.kids[0].kind !== -1) {
      f = f.kids[0];
    } else if (!refused) {
      try {
        closeNode(f, s);
      } catch (e) {
        if (!(e instanceof Refuse)) throw e;
        refused = true;
      }
    }
    if (stack.length) {
      const parent = stack[stack.length - 1];
      if (parent.kids === NO_KIDS) parent.kids = [f];
      else parent.kids.push(f);
    }
    else roots.push(f);
  };
  return { listener, roots, refused: () => refused };
}

/** A mapping's keys as the fast path takes them: scalars, not empty or null, and no merge key (`<<`). */
function checkKeys(kids: Frame[]): void {
  for (let i = 0; i < kids.length; i += 2) {
    const k = kids[i];
    if (k.kind !== SCALAR || k.empty || k.result === null) throw new Refuse();
    if (k.style !== 0x22 && k.style !== 0x27 && String(k.result) === "<<") throw new Refuse();
  }
}

/**
 * V8 makes a string of 13 characters or more cut from another a view into it (a sliced string), and
 * js-yaml cuts its scalars from its own copy of the text (it appends a NUL to the input). So every
 * document's values kept the whole copy alive: a second copy of every file's text for the whole run.
 */
const SLICED_MIN = 13;

/**
 * The same string, cut from the file's text (held for the run anyway) where it is written there as it
 * reads (a plain or quoted scalar without escapes or folded lines), else a copy of its own.
 */
function ownString(text: string, f: Frame, value: string): string {
  if (f.style !== 0x7c && f.style !== 0x3e && !f.empty) {
    const quoted = f.style === 0x22 || f.style === 0x27;
    const at = quoted ? f.start + 1 : f.start;
    if (at + value.length === (quoted ? f.end - 1 : f.end) && text.startsWith(value, at)) return text.slice(at, at + value.length);
  }
  // Block scalars and folded or escaped ones are joined from pieces of js-yaml's copy: a string of its own.
  return JSON.parse(JSON.stringify(value)) as string;
}

/**
 * A `?` that starts an explicit key: after nothing but indentation and `-` on its line, or after `[`,
 * `{` or `,`, and followed by a blank or a line break. (A regular expression for this with a line
 * anchor took a tenth of the parse on large trees.)
 */
function hasExplicitKey(text: string): boolean {
  for (let at = text.indexOf("?"); at !== -1; at = text.indexOf("?", at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (!(at + 1 >= text.length || isBlank(next) || isBreak(next))) continue;
    let p = at - 1;
    while (p >= 0 && isBlank(text.charCodeAt(p))) p--;
    const c = p < 0 ? 0x0a : text.charCodeAt(p);
    if (c === 0x5b || c === 0x7b || c === 0x2c) return true;
    while (p >= 0 && (isBlank(text.charCodeAt(p)) || text.charCodeAt(p) === 0x2d)) p--;
    if (p < 0 || isBreak(text.charCodeAt(p))) return true;
  }
  return false;
}

/**
 * Offsets of the documents of a stream as kubectl cuts it: at each `---` line; comment lines before the
 * first `---` belong to the first document, as in `yaml`.
 */
export function documentRanges(text: string): Array<[number, number]> {
  const starts: number[] = [];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  if (starts.length === 0 || (starts[0] !== 0 && /^[ \t]*[^\s#]/m.test(text.slice(0, starts[0])))) starts.unshift(0);
  else starts[0] = 0;
  return starts.map((s, i) => [s, i + 1 < starts.length ? starts[i + 1] : text.length]);
}

/** Where the content of a node starts: after blanks, line breaks and comments; a property or alias there refuses the file. */
function contentStart(text: string, at: number): number {
  let p = at;
  for (;;) {
    const c = text.charCodeAt(p);
    if (isBlank(c) || isBreak(c)) p++;
    else if (c === 0x23 /* # */) {
      while (p < text.length && !isBreak(text.charCodeAt(p))) p++;
    } else break;
  }
  const c = text.charCodeAt(p);
  // Anchors, tags and aliases: the `yaml` path handles them.
  if (c === 0x26 /* & */ || c === 0x21 /* ! */ || c === 0x2a /* * */) throw new Refuse();
  return p;
}

/** End of a block scalar as the `yaml` package ranges it: after the last line that is not blank (or the text's end). */
function blockScalarEnd(text: string, start: number): number {
  let p = start + 1;
  // The header: chomping and indentation indicators, then an optional comment.
  let header = "";
  while (p < text.length && !isBreak(text.charCodeAt(p))) header += text[p++];
  // Keep chomping (`+`) includes trailing blank lines, and an indentation indicator sets the indentation: left to `yaml`.
  if (/^[-]?[ \t]*(?:#.*)?$/.test(header) === false) throw new Refuse();
  let indent = -1;
  let end = -1;
  while (p < text.length) {
    // p is at a line break: step over it.
    p += text.charCodeAt(p) === 0x0d && text.charCodeAt(p + 1) === 0x0a ? 2 : 1;
    const lineStart = p;
    while (p < text.length && text.charCodeAt(p) === 0x20) p++;
    const spaces = p - lineStart;
    let q = p;
    while (q < text.length && !isBreak(text.charCodeAt(q))) q++;
    const blankLine = /^[ \t]*$/.test(text.slice(p, q));
    if (!blankLine) {
      if (indent === -1) indent = spaces;
      if (spaces < indent || indent === 0) break;
      end = q;
    }
    p = q;
    if (p >= text.length) break;
  }
  if (end === -1) throw new Refuse();
  // After the last content line's line break, if it has one.
  if (end < text.length) end += text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? 2 : 1;
  return end;
}

/**
 * Checks a node as it closes and, with `ranges`, gives it its range as `yaml` has it. Without `ranges`
 * (values alone) every refusal is still made: only the work that positions need is left out.
 */
function close(text: string, f: Frame, kind: string | null, position: number, templateScalars: Array<[number, number, boolean]> | null, ranges: boolean): void {
  if (kind === null) {
    // An empty node sits after the blanks that follow its indicator, as in `yaml`.
    let p = f.open;
    while (isBlank(text.charCodeAt(p))) p++;
    // An anchor or tag with no content after it: the `yaml` path.
    contentStart(text, f.open);
    f.kind = SCALAR;
    f.start = f.end = f.end2 = p;
    f.empty = true;
    f.kids = NO_KIDS;
    return;
  }
  f.start = contentStart(text, f.open);
  const first = text.charCodeAt(f.start);
  if (kind === "scalar") {
    f.kind = SCALAR;
    f.style = first;
    f.kids = NO_KIDS;
    if (!ranges) {
      // A block scalar's header and content decide whether the fast path takes it.
      if (first === 0x7c || first === 0x3e) blockScalarEnd(text, f.start);
      return;
    }
    if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
      f.end = position;
      templateScalars?.push([f.start, f.end, false]);
    } else if (first === 0x7c /* | */ || first === 0x3e /* > */) {
      f.end = blockScalarEnd(text, f.start);
      templateScalars?.push([f.start, f.end, true]);
    } else {
      let p = position;
      while (p > f.start && (isBlank(text.charCodeAt(p - 1)) || isBreak(text.charCodeAt(p - 1)))) p--;
      f.end = p;
      // Plain strings count too: `{{ $labels.pod }}` inside one is text (isTemplate).
      templateScalars?.push([f.start, f.end, false]);
    }
    f.end2 = f.style === 0x7c || f.style === 0x3e ? f.end : lineEnd(text, f.end);
    return;
  }
  const flow = first === 0x5b /* [ */ || first === 0x7b; /* { */
  if (kind === "mapping") {
    f.kind = flow ? MAP | FLOW : MAP;
    // A key attempt that found nothing (the next document's `---`) ends a block mapping's events.
    if (f.kids.length % 2 === 1 && f.kids[f.kids.length - 1].empty) f.kids.pop();
    if (f.kids.length % 2 === 1 || f.kids.length / 2 !== ownKeyCount(f.result as object)) throw new Refuse();
  } else if (kind === "sequence") {
    f.kind = flow ? SEQ | FLOW : SEQ;
    // An empty item (`-` alone on its line) has no events; a pair in a flow sequence is a mapping there.
    if (f.kids.length !== (f.result as unknown[]).length) throw new Refuse();
  } else throw new Refuse();
  if (flow) {
    if (!ranges) return;
    f.end = position;
    f.end2 = lineEnd(text, f.end);
    return;
  }
  // A block collection ends where its last node's range[2] ends (`yaml`'s resolveBlockMap/Seq).
  const last = f.kids[f.kids.length - 1];
  // An empty last value takes the comments after it in `yaml`: left to that path.
  if (last.empty) throw new Refuse();
  if (!ranges) return;
  const indent = f.start - text.lastIndexOf("\n", f.start - 1) - 1;
  const nested = last.kind === MAP || last.kind === SEQ;
  // Comment lines indented deeper than the collection belong to the end of a scalar or flow collection before them.
  f.end = nested || last.style === 0x7c || last.style === 0x3e ? last.end2 : indentedComments(text, last.end2, indent);
  const group = nested ? last.pending : commentGroup(text, f.end);
  // The parser keeps trailing comment lines in the collection unless it sits at column 0 or they are all
  // less indented than it; otherwise they go to the parent collection (yaml's Parser.pop).
  if (group && group.indent >= 0 && indent !== 0 && group.indent >= indent) {
    f.end2 = group.end;
  } else {
    f.end2 = f.end;
    f.pending = group;
  }
}

/** How many keys a mapping's object has (fewer than its entries: a key written twice), without an array of them. */
function ownKeyCount(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}

/** After a scalar or flow collection in a block: the rest of its line (blanks, a comment, the line break). */
function lineEnd(text: string, at: number): number {
  let p = at;
  while (isBlank(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) === 0x23) while (p < text.length && !isBreak(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) === 0x0d && text.charCodeAt(p + 1) === 0x0a) p += 2;
  else if (isBreak(text.charCodeAt(p))) p++;
  return p;
}

/** After `at` (a line start): the comment lines indented deeper than `indent`, with the blank lines between them. */
function indentedComments(text: string, at: number, indent: number): number {
  let end = at;
  let p = at;
  while (p < text.length) {
    let q = p;
    while (isBlank(text.charCodeAt(q))) q++;
    const c = text.charCodeAt(q);
    if (c === 0x23 && q - p <= indent) break;
    if (c !== 0x23 && !isBreak(c)) break;
    while (q < text.length && !isBreak(text.charCodeAt(q))) q++;
    q += text.charCodeAt(q) === 0x0d && text.charCodeAt(q + 1) === 0x0a ? 2 : q < text.length ? 1 : 0;
    if (c === 0x23) end = q;
    p = q;
  }
  return end;
}

function commentGroup(text: string, at: number): CommentGroup | null {
  let p = at;
  let indent = -1;
  for (;;) {
    let q = p;
    while (isBlank(text.charCodeAt(q))) q++;
    const c = text.charCodeAt(q);
    if (q >= text.length) return { end: q, indent };
    if (c === 0x23 || isBreak(c)) {
      if (c === 0x23) indent = Math.max(indent, q - p);
      while (q < text.length && !isBreak(text.charCodeAt(q))) q++;
      p = q + (text.charCodeAt(q) === 0x0d && text.charCodeAt(q + 1) === 0x0a ? 2 : 1);
      if (p > text.length) return { end: text.length, indent };
      continue;
    }
    return { end: q, indent };
  }
}

/**
 * Growable int32 lists, shared by every table built (one at a time: a chunk's table is copied out when
 * it is done). Plain arrays grown by push cost a tenth of a second per million nodes in one document
 * (each growth a copy in the large-object space, and a collection); typed arrays grow by doubling.
 */
class Ints {
  data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

const scratch = { nodes: new Ints(), pairs: new Ints(), items: new Ints() };

/**
 * The position table (src/model/positions.ts), built as the nodes close: a collection's entries when it
 * closes (its kids' nodes first), a node itself when its parent closes (a key is no node), the root last.
 */
class TableBuilder {
  private readonly nodes = scratch.nodes;
  private readonly pairs = scratch.pairs;
  private readonly items = scratch.items;
  private readonly keys: string[] = [];

  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {
    this.nodes.length = this.pairs.length = this.items.length = 0;
  }

  /** A closed node's own entry; its entries were made when it closed. */
  node(f: Frame): number {
    const n = this.nodes;
    const id = n.length / 5;
    n.push(f.kind);
    n.push(this.base + f.start);
    n.push(this.base + f.end);
    n.push(f.first);
    n.push(f.count);
    return id;
  }

  /** A collection's entries, as it closes: each value's or item's node, and its block of entries. */
  entries(f: Frame): void {
    const kids = f.kids;
    if ((f.kind & 7) === MAP) {
      f.first = this.pairs.length / 4;
      f.count = kids.length / 2;
      // Keys that are collections or empty, and merge keys: the `yaml` path.
      checkKeys(kids);
      for (let i = 0; i < kids.length; i += 2) {
        const k = kids[i];
        const name = String(k.result);
        // Only nodes are added between the entries of one collection: they stay one block.
        const value = this.node(kids[i + 1]);
        this.pairs.push(keyEntry(this.text, this.base + k.start, this.base + k.end, name, this.keys));
        this.pairs.push(this.base + k.start);
        this.pairs.push(this.base + k.end);
        this.pairs.push(value);
      }
    } else if ((f.kind & 7) === SEQ) {
      // The items' nodes first, then the block that lists them.
      const from = this.nodes.length / 5;
      for (const kid of kids) this.node(kid);
      f.first = this.items.length;
      f.count = kids.length;
      for (let i = 0; i < kids.length; i++) this.items.push(from + i);
    }
    f.kids = NO_KIDS;
  }

  table(): PositionTable {
    return packTable(this.nodes.view(), this.pairs.view(), this.items.view(), this.keys, this.text, true);
  }
}
