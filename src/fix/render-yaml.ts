import { Document, isMap, isPair, isScalar, isSeq, visit, type Node } from "yaml";

/** How a file writes its YAML, so that inserted text looks like the rest of it. */
export interface YamlStyle {
  /** "\r\n" when the file uses CRLF line ends. */
  eol: string;
  /** Spaces per nesting level of mappings. */
  indent: number;
  /** True when list items are indented under their key (`env:\n  - name`), false for `env:\n- name`. */
  indentSeq: boolean;
  /**
   * The document is written as JSON (a flow mapping with double-quoted keys, or a flow list): what is
   * inserted is JSON too. kubectl reads a file that starts with `{` as JSON only, so a YAML flow
   * mapping (`{runAsNonRoot: true}`) put into it made the file unreadable.
   */
  json: boolean;
}

/** The style of a file, read from its first nested mapping and its first block list. */
export function styleOf(text: string, doc: Document): YamlStyle {
  let style = styles.get(doc);
  if (!style) styles.set(doc, (style = findStyle(text, doc)));
  return style;
}

/** Gives a text cut out of a document (src/fix/item-cut.ts) the whole document's style, which a few lines may not show. */
export function useStyle(doc: Document, style: YamlStyle): void {
  styles.set(doc, style);
}

/**
 * A document's style, found once: every finding on a document asks for it, and finding it may walk the
 * whole document (one without a block list). A tree is always parsed from the one text it is given with.
 */
const styles = new WeakMap<Document, YamlStyle>();

function findStyle(text: string, doc: Document): YamlStyle {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  visit(doc, {
    Pair(_k, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
      const v = pair.value as Node | null;
      const keyCol = columnOf(text, pair.key.range[0]);
      if (indent === undefined && isMap(v) && !v.flow && v.items.length > 0) {
        const first = v.items[0];
        if (isPair(first) && isScalar(first.key) && first.key.range) {
          const d = columnOf(text, first.key.range[0]) - keyCol;
          if (d > 0 && lineStart(text, first.key.range[0]) !== lineStart(text, pair.key.range[0])) indent = d;
        }
      }
      if (indentSeq === undefined && isSeq(v) && !v.flow && v.items.length > 0) {
        const dash = dashBefore(text, (v.items[0] as Node).range?.[0] ?? -1);
        if (dash >= 0) indentSeq = columnOf(text, dash) > keyCol;
      }
      if (indent !== undefined && indentSeq !== undefined) return visit.BREAK;
    },
  });
  return { eol: text.includes("\r\n") ? "\r\n" : "\n", indent: indent ?? 2, indentSeq: indentSeq ?? true, json: isJson(doc) };
}

function isJson(doc: Document): boolean {
  const root = doc.contents;
  if (!(isMap(root) || isSeq(root)) || !root.flow) return false;
  if (isSeq(root)) return true;
  const first = root.items[0];
  return isPair(first) && isScalar(first.key) && first.key.type === "QUOTE_DOUBLE";
}

/** Block YAML for a mapping (`key: value` lines, no line ends); lists of scalars are written `[a, b]`. */
export function blockLines(value: Record<string, unknown>, style: YamlStyle): string[] {
  const key = exactJson(value);
  const memoKey = key === undefined ? undefined : `${style.indent}${style.indentSeq ? "s" : "n"}${key}`;
  const known = memoKey === undefined ? undefined : written.get(memoKey);
  if (known) return [...known];
  const lines = writeBlock(value, style);
  if (memoKey !== undefined) {
    if (written.size >= 1000) written.clear();
    written.set(memoKey, lines);
  }
  return [...lines];
}

/**
 * Lines already written, by value and style: the same fix (`securityContext: {runAsNonRoot: true}`) is
 * made on thousands of containers of a tree, and writing it through a `yaml` Document was ~8% of a
 * JSON report's time at 10,000 resources.
 */
const written = new Map<string, string[]>();

/**
 * The value as JSON, when JSON tells it apart from every other value (plain objects and arrays, strings,
 * booleans, null, finite numbers but -0); else undefined.
 */
function exactJson(value: unknown): string | undefined {
  let exact = true;
  try {
    const json = JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
      const original = k === "" ? value : this[k];
      if (original === null || typeof original === "string" || typeof original === "boolean") return v;
      if (typeof original === "number") {
        if (!Number.isFinite(original) || Object.is(original, -0)) exact = false;
      } else if (typeof original !== "object" || (!Array.isArray(original) && Object.getPrototypeOf(original) !== Object.prototype)) {
        exact = false;
      }
      return v;
    });
    return exact ? json : undefined;
  } catch {
    return undefined;
  }
}

function writeBlock(value: Record<string, unknown>, style: YamlStyle): string[] {
  const doc = new Document(value, { version: "1.1" });
  visit(doc, {
    Seq(_k, seq) {
      if (seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
  });
  const text = doc.toString({ indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0, flowCollectionPadding: false });
  return text.replace(/\n+$/, "").split("\n");
}

/** One value on one line: a scalar as YAML 1.1 reads it back, a collection in flow style (JSON in a JSON document). */
export function flowText(value: unknown, style?: Pick<YamlStyle, "json">): string {
  if (style?.json) return jsonText(value);
  const doc = new Document(value, { version: "1.1" });
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n+$/, "");
}

/** JSON on one line, spaced as people write it (`{"a": 1, "b": [2]}`). */
function jsonText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonText).join(", ")}]`;
  if (typeof value === "object" && value !== null) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonText(v)}`).join(", ")}}`;
  return JSON.stringify(value) ?? "null";
}

/** A string scalar in the quoting style of the scalar it replaces. */
export function scalarLike(value: unknown, type: string | undefined, style?: Pick<YamlStyle, "json">): string {
  if (typeof value === "string" && (type === "QUOTE_DOUBLE" || style?.json)) return JSON.stringify(value);
  if (typeof value === "string" && type === "QUOTE_SINGLE") return `'${value.replace(/'/g, "''")}'`;
  return flowText(value, style);
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Just after the line break of the line where content ending at `end` ends. */
export function afterLine(text: string, end: number): number {
  let pos = end;
  while (pos > 0 && /\s/.test(text[pos - 1])) pos--;
  const nl = text.indexOf("\n", pos);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * Where an entry at column `col` goes after the content whose line ends at `end` (before its line
 * break): past the comment lines that follow indented deeper than `col`, blank lines among them. Such
 * a comment was written with the entry before (the last field of a mapping that ends there, the last
 * item of a list), and text inserted above it would take it away to the new entry. The first comment
 * at `col` or less stops the walk, as any other text does: it is a comment above the next sibling, a
 * commented-out sibling or one of an outer level, and it stays above what follows it.
 * Returns the end of the last such comment's line (before its line break), else `end`.
 */
export function afterOwnComments(text: string, end: number, col: number): number {
  let at = end;
  let pos = end;
  for (;;) {
    const nl = text.indexOf("\n", pos);
    if (nl === -1) return at;
    const start = nl + 1;
    let next = text.indexOf("\n", start);
    if (next === -1) next = text.length;
    const lineEnd = next > start && text[next - 1] === "\r" ? next - 1 : next;
    const line = text.slice(start, lineEnd);
    const indent = line.length - line.trimStart().length;
    if (line[indent] === "#") {
      if (indent <= col) return at;
      at = lineEnd;
    } else if (indent < line.length) return at;
    pos = next;
  }
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Offset of the `-` that introduces a block list item starting at `itemStart`, or -1. */
export function dashBefore(text: string, itemStart: number): number {
  if (itemStart < 0) return -1;
  let i = itemStart - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
  return i >= 0 && text[i] === "-" ? i : -1;
}
