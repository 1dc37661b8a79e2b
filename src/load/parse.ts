import { Composer, Parser, YAMLParseError, LineCounter, type CST, isScalar, isCollection, visit, Scalar, type Document, type Tags, type YAMLError } from "yaml";
import { sourceFile, type SourceFile } from "./source-file.js";
import type { ObjectPath } from "../types.js";
import { buildPositions, type PositionTable } from "../model/positions.js";
import { aliasUse } from "./alias-cycle.js";
import { duplicateKeyOffsets, repeatedKeys } from "./duplicate-keys.js";
import { MAX_NESTING, tooDeepAt } from "./nesting.js";
import { makeFastParser, makeFastValues, FAST_MAX_DEPTH, type FastDocument, type FastFile } from "./fast-parse.js";
import { binaryAsBase64 } from "./binary-values.js";
import { LineTable } from "./line-table.js";
import { printablePath } from "../engine/message-values.js";

/** A problem found while parsing, with 0-based offsets into the file. */
export interface ParseProblem {
  /** syntax and alias-limit: the document is not linted; unreadable: the whole file is not (binary, too large, no permission); kustomize-build: a Kustomize root did not build (src/render); kustomize-remote: it was not built, needing the network (src/render/remote-bases.ts); helm-template: a chart did not render (src/render/helm-failure.ts), helm-dependencies: for want of its dependencies. */
  kind: "syntax" | "duplicate-key" | "alias-limit" | "unreadable" | "kustomize-build" | "kustomize-remote" | "helm-template" | "helm-dependencies";
  message: string;
  start: number;
  end: number;
  /** kustomize-build: the base (absolute directory) whose own failure this build fails on, when kustomize names one. */
  base?: string;
  /** A duplicate-key problem: the key's document and object path, and whether every definition has the same value. */
  repeat?: { docIndex: number; path: ObjectPath; sameValue: boolean };
}

export interface ParsedDocument {
  index: number;
  /**
   * The `yaml` syntax tree, parsed again from the file's text on first use (once per file). The run
   * does not keep trees: positions come from `positions`, and holding every tree cost a fifth of
   * the run in garbage collection. For rare needs only.
   */
  readonly doc: Document.Parsed;
  /** The plain JavaScript value of the document; undefined when the document could not be used. */
  value: unknown;
  /** True when the document has syntax errors and its value must not be linted. */
  broken: boolean;
  /** Where the document's nodes are written (src/model/positions.ts); undefined when broken. */
  positions?: PositionTable;
  /** Node id of the document's contents in `positions` (-1 when empty). */
  root: number;
  /** Offset where the document's contents start (its `---` line comes before). */
  start: number;
}

export interface ParsedFile {
  file: SourceFile;
  documents: ParsedDocument[];
  problems: ParseProblem[];
  /** String scalars (plain, quoted, block), for isTemplate: recorded only when the text holds `{{`. */
  templateScalars?: Array<[number, number, boolean]>;
}

class Parsed implements ParsedDocument {
  constructor(
    public index: number,
    public value: unknown,
    public broken: boolean,
    public positions: PositionTable | undefined,
    public root: number,
    public start: number,
    private readonly trees: FileTrees,
  ) {}

  get doc(): Document.Parsed {
    return this.trees.get()[this.index];
  }
}

/**
 * A file's `yaml` trees, parsed again from its text on first use (once per file, for all its
 * documents). A small object per file rather than a closure and its context.
 */
class FileTrees {
  private parsed: Document.Parsed[] | undefined;

  constructor(private readonly text: string) {}

  get(): Document.Parsed[] {
    return (this.parsed ??= parseDocuments(this.text, new LineCounter()));
  }
}

/**
 * An alias bomb (a billion laughs) expands exponentially on conversion. The `yaml` package refuses an
 * anchor once its uses times the aliases nested in it pass this number: a bomb's nested anchors pass
 * any such bound on their first use, while a flat `<<: *defaults` in each of a List's 150 items (which
 * kubectl accepts) must not. The converted copies share one object, so a large bound costs no memory.
 */
export const MAX_ALIAS_COUNT = 1000;

/**
 * Merges (`<<: *defaults`) copy keys, unlike plain aliases: a document whose merges copy more keys
 * than this is refused as an alias bomb would be. A List of 150 items merging 50 shared keys each
 * copies 7,500.
 */
export const MAX_MERGED_KEYS = 200_000;

/**
 * The `yaml` package resolves each alias by scanning every anchor and alias before it, so converting a
 * document costs the square of its aliases: 8,000 took seconds. Manifests use a few dozen.
 */
export const MAX_ALIASES = 4000;

/**
 * kubectl decodes YAML 1.1 (yes/no/on/off are booleans, 0644 is octal, `<<` merges) but its decoder keeps
 * timestamps and base-60 numbers as strings, and the API server stores them that way: so do we.
 */
function kubectlTags(tags: Tags): Tags {
  return tags.filter((t) => {
    const tag = t as { tag?: string; format?: string };
    return tag.format !== "TIME" && !(tag.tag ?? "").endsWith(":timestamp");
  });
}

/** Which parser reads files: js-yaml where it gives exactly what `yaml` gives (the default), or `yaml` alone. */
export type ParserChoice = "fast" | "yaml";

let parserChoice: ParserChoice = "fast";

/**
 * Sets the parser for the runs that follow. `yaml` alone is kept for the differential test
 * (test/fast-parse.test.ts) and for bisecting a difference (`--parser yaml`, not in --help).
 */
export function useParser(choice: ParserChoice): void {
  parserChoice = choice;
}

export function currentParser(): ParserChoice {
  return parserChoice;
}

const fastParse = makeFastParser(kubectlTags);
const fastValuesOf = makeFastValues(kubectlTags);

/**
 * The values of a text's documents read by the fast path, when it is exact for every one of them; else
 * undefined, and the caller reads the text with `yaml`. The fix engine reads each edited document back
 * through it (a JSON report of 10,000 resources checks some 7,000 fixes and suggestions), which
 * makes no positions (a quarter less work than fastDocuments), with the same verdicts.
 */
export function fastValues(text: string): unknown[] | undefined {
  if (parserChoice !== "fast" || text.charCodeAt(0) === 0xfeff) return undefined;
  return fastValuesOf(text);
}

/**
 * The documents of a text as the fast path reads them (value, position table), when it is exact for
 * every one; else undefined. The fix engine makes its editing trees from them (src/fix/table-tree.ts).
 */
export function fastDocuments(text: string): FastDocument[] | undefined {
  if (parserChoice !== "fast" || text.charCodeAt(0) === 0xfeff) return undefined;
  const fast = fastParse(text);
  if (!fast || !fast.chunks.every((c) => c.doc)) return undefined;
  return fast.chunks.map((c) => c.doc!);
}

export function parseSource(input: Omit<SourceFile, "lineCounter">, parser: ParserChoice = parserChoice): ParsedFile {
  // A byte-order mark is no column: editors and code scanning count from the character after it.
  const file = input.text.charCodeAt(0) === 0xfeff ? { ...input, text: input.text.slice(1) } : input;
  const fast = parser === "fast" ? fastParse(file.text) : undefined;
  if (fast && fast.chunks.every((c) => c.doc)) {
    // Line starts for positions are found when a finding first needs one.
    const source = sourceFile(file, new LineTable(file.text));
    const trees = new FileTrees(file.text);
    const documents = fast.chunks.map((c, index) => new Parsed(index, c.doc!.value, false, c.doc!.positions, c.doc!.root, c.doc!.start, trees));
    binariesAsBase64(documents, file.text);
    return { file: source, documents, problems: [], ...(file.text.includes("{{") ? { templateScalars: fast.templateScalars } : {}) };
  }
  const lineCounter = new LineCounter();
  const source = sourceFile(file, lineCounter);
  const problems: ParseProblem[] = [];
  const list = parseDocuments(file.text, lineCounter);
  const documents: ParsedDocument[] = [];
  // The trees are dropped after this loop; a caller that needs one gets the file parsed again.
  const trees = new FileTrees(file.text);
  const templateScalars = file.text.includes("{{") ? scalarRanges(list) : undefined;
  // Where the documents are kubectl's, the fast path's verdict stands for each: its documents are used
  // as they are, and a document nested too deeply is refused the same way on every thread.
  const chunks: FastFile["chunks"] | undefined = fast && fast.chunks.length === list.length ? fast.chunks : undefined;
  list.forEach((doc, index) => {
    const chunk = chunks?.[index];
    if (chunk?.doc) {
      documents.push(new Parsed(index, chunk.doc.value, false, chunk.doc.positions, chunk.doc.root, chunk.doc.start, trees));
      return;
    }
    if (chunk?.tooDeep !== undefined) {
      problems.push({ kind: "syntax", message: `the document nests more than ${FAST_MAX_DEPTH} levels deep; it was not linted`, start: chunk.tooDeep, end: chunk.tooDeep + 1 });
      documents.push(new Parsed(index, undefined, true, undefined, -1, doc.contents?.range?.[0] ?? 0, trees));
      return;
    }
    let broken = false;
    for (const err of doc.errors) {
      if (!broken) {
        // Only the first syntax error of a document: the ones after it are mostly its echoes.
        broken = true;
        problems.push({ kind: "syntax", ...syntaxProblem(doc, err) });
      }
    }
    if (duplicateKeyOffsets(doc).length > 0) {
      for (const { offset: at, path, sameValue } of repeatedKeys(doc)) {
        const key = duplicateKeyText(file.text, at);
        problems.push({ kind: "duplicate-key", message: duplicateKeyMessage(key), start: at, end: at + Math.max(1, key.length), repeat: { docIndex: index, path, sameValue } });
      }
    }
    let value: unknown = undefined;
    const aliases = broken ? undefined : aliasUse(doc, file.text);
    if (aliases?.selfReference) {
      broken = true;
      const [start, end] = aliases.selfReference;
      problems.push({ kind: "syntax", message: "an alias refers to the node that contains it (the value would contain itself); the document was not linted", start, end });
    } else if (aliases && (aliases.mergedKeys > MAX_MERGED_KEYS || aliases.aliases > MAX_ALIASES)) {
      broken = true;
      const start = firstAlias(doc) ?? doc.contents?.range?.[0] ?? 0;
      const what = aliases.aliases > MAX_ALIASES ? `document has more than ${MAX_ALIASES} aliases` : `document's <<: merges copy more than ${MAX_MERGED_KEYS} keys`;
      problems.push({ kind: "alias-limit", message: `${what} (a possible alias bomb); it was not linted`, start, end: start + 1 });
    }
    if (!broken) {
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        broken = true;
        const text = String((e as Error)?.message ?? e);
        const aliasBomb = /excessive alias count/i.test(text);
        // `password: *Secr3t` reads as an alias: its name may be the password, so it is pointed at, not quoted.
        const unresolved = !aliasBomb && /unresolved alias/i.test(text) ? unresolvedAlias(doc) : undefined;
        const start = (aliasBomb ? firstAlias(doc) : unresolved) ?? doc.contents?.range?.[0] ?? 0;
        problems.push({
          kind: aliasBomb ? "alias-limit" : "syntax",
          message: aliasBomb
            ? `document expands more than ${MAX_ALIAS_COUNT} aliases (a possible alias bomb); it was not linted`
            : unresolved !== undefined
              ? "an alias (*…) names no anchor defined before it: a value that starts with * needs quotes; the document was not linted"
              : `document could not be read: ${cleanMessage(text)}; it was not linted`,
          start,
          end: start + 1,
        });
      }
    }
    const positions = broken ? undefined : buildPositions(doc, file.text);
    const start = doc.contents?.range?.[0] ?? 0;
    documents.push(new Parsed(index, value, broken, positions?.table, positions?.root ?? -1, start, trees));
  });
  binariesAsBase64(documents, file.text);
  return { file: source, documents, problems, ...(templateScalars ? { templateScalars } : {}) };
}

/** The parts of a parsed document that can be sent between threads (src/load/parsed-wire.ts). */
export type DocumentParts = Pick<ParsedDocument, "value" | "broken" | "positions" | "root" | "start">;

/**
 * A ParsedFile put together from parts parsed elsewhere (a parse worker): its documents get the same
 * `doc` as parseSource's, the file's text parsed again on first use.
 */
export function assembleParsed(file: SourceFile, parts: DocumentParts[], problems: ParseProblem[], templateScalars?: Array<[number, number, boolean]>): ParsedFile {
  const trees = new FileTrees(file.text);
  const documents = parts.map((d, index) => new Parsed(index, d.value, d.broken, d.positions, d.root, d.start, trees));
  return { file, documents, problems, ...(templateScalars ? { templateScalars } : {}) };
}

const PARSE_OPTIONS = {
  version: "1.1",
  prettyErrors: false,
  // Duplicate keys are found by src/load/duplicate-keys.ts: the package's check is quadratic in a map's size.
  uniqueKeys: false,
  customTags: kubectlTags,
  // Warnings (a key that is a collection, in a template's `{{ x }}: y`) must not reach stderr.
  logLevel: "error",
} as const;

const MAX_RECOVERIES = 16;

/** A `---` at the start of a line: kubectl splits a stream there before it parses anything. */
const SEPARATOR = /(?:^|\n)(---)(?=[ \t\r\n]|$)/g;

/**
 * The documents of a stream. kubectl cuts the stream at `---` lines first, so an unclosed quote or
 * bracket breaks only its own document; the `yaml` parser lets it run on to the end of the file.
 * When a broken document spans a separator, the text after it is parsed again, with everything
 * before blanked out so offsets stay those of the file. Only broken files pay for this, and at most
 * MAX_RECOVERIES times: a file of a thousand broken documents must not cost a thousand parses.
 */
function parseDocuments(text: string, lineCounter: LineCounter): Document.Parsed[] {
  const out: Document.Parsed[] = [];
  // Empty input is a stream of no documents.
  let list: Document.Parsed[] = parseStream(text, lineCounter);
  for (let recoveries = 0; ; recoveries++) {
    let cut = -1;
    for (const doc of list) {
      out.push(doc);
      if (recoveries >= MAX_RECOVERIES || doc.errors.length === 0) continue;
      cut = separatorWithin(text, doc);
      if (cut !== -1) break;
    }
    if (cut === -1) return out;
    const blanked = text.slice(0, cut).replace(/[^\r\n]/g, " ") + text.slice(cut);
    list = parseStream(blanked).filter((d) => d.range[0] >= cut);
  }
}

/**
 * parseAllDocuments, with documents nested deeper than MAX_NESTING emptied before they are composed
 * (the composer recurses per level) and given a syntax error at the first level too deep: the same
 * outcome on every thread, whatever its stack size.
 */
function parseStream(text: string, lineCounter?: LineCounter): Document.Parsed[] {
  const parser = new Parser(lineCounter?.addNewLine);
  const composer = new Composer(PARSE_OPTIONS);
  const deep: number[] = [];
  function* bounded(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === "document" && token.value) {
        const at = tooDeepAt(token.value);
        if (at !== undefined) {
          deep.push(at);
          token.value = undefined;
        }
      }
      yield token;
    }
  }
  const docs = Array.from(composer.compose(bounded(parser.parse(text)))) as Document.Parsed[];
  for (const at of deep) {
    const doc = docs.findLast((d) => d.range[0] <= at);
    doc?.errors.unshift(new YAMLParseError([at, at + 1], "BAD_INDENT", `the document nests more than ${MAX_NESTING} levels deep; it was not linted`));
  }
  return docs;
}

/** Offset of the first `---` line inside a document's content (which a broken scalar ran past), or -1. */
function separatorWithin(text: string, doc: Document.Parsed): number {
  const from = doc.contents?.range?.[0] ?? doc.range[0];
  SEPARATOR.lastIndex = from;
  const m = SEPARATOR.exec(text);
  if (!m) return -1;
  const cut = m.index + m[0].length - 3;
  // A separator after the content is the next document's own start: nothing to recover.
  return cut < doc.range[1] ? cut : -1;
}

/** Offset of the first alias (`*name`) of a document: where an alias bomb starts to expand. */
function firstAlias(doc: Document.Parsed): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

/** Where the first alias that no anchor before it defines starts. */
function unresolvedAlias(doc: Document.Parsed): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

function cleanMessage(message: string): string {
  // The yaml package appends " at line L, column C" plus a code frame; positions are reported separately.
  const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").trim();
  // Some messages quote the offending text, which may be a password: the position says where it is.
  // An escape quotes the characters after its backslash (`\uQx7v`): only the escape's letter is kept.
  return first.replace(/(in YAML stream|Not a YAML token|includes extra characters): .*$/, "$1").replace(/^(Invalid escape sequence \\.).*$/, "$1");
}

/**
 * Position and message of a syntax error. The parser notices an unclosed quote or bracket where the
 * text ends or the indentation drops, lines later; people need the place where it was opened.
 */
function syntaxProblem(doc: Document.Parsed, err: YAMLError): { message: string; start: number; end: number } {
  const at = err.pos[0];
  // The parser turns its own stack overflow on absurdly deep nesting into an error at that depth.
  const message = /Maximum call stack/.test(err.message) ? "the document nests too deeply to be parsed" : cleanMessage(err.message);
  const unclosedQuote = err.code === "MISSING_CHAR" && /quote/.test(message);
  const unclosedFlow = (err.code === "MISSING_CHAR" || err.code === "BAD_INDENT") && /^Flow (sequence|mapping)/.test(message);
  if (unclosedQuote || unclosedFlow) {
    let opener = -1;
    visit(doc, {
      Node(_key, node) {
        const r = node.range;
        if (!r || r[1] !== at || r[0] >= at) return;
        const fits = unclosedQuote ? isScalar(node) && node.type !== Scalar.PLAIN && node.type !== Scalar.BLOCK_FOLDED && node.type !== Scalar.BLOCK_LITERAL : isCollection(node) && node.flow;
        if (fits && r[0] > opener) opener = r[0];
      },
    });
    if (opener !== -1) {
      const what = unclosedQuote ? "quoted string is not closed" : `${message.startsWith("Flow sequence") ? "[" : "{"} is not closed (or the lines after it are not indented enough)`;
      return { message: `${what}: ${message}`, start: opener, end: opener + 1 };
    }
  }
  return { message, start: at, end: Math.max(err.pos[1], at + 1) };
}

function duplicateKeyText(text: string, offset: number): string {
  const m = /^[^\s:#][^:\n]*|^"[^"\n]*"|^'[^'\n]*'/.exec(text.slice(offset, offset + 200));
  return m ? m[0].trim() : "";
}

function duplicateKeyMessage(key: string): string {
  // A key that could be a credential (`"password=…"`, one long token) is named by its length, as a finding's path names it.
  const bare = /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
  const shown = printablePath([bare])[0] === bare ? key : printablePath([bare])[0];
  return key
    ? `key ${shown} is defined more than once in this mapping; the API server keeps only the last value`
    : "a key is defined more than once in this mapping; the API server keeps only the last value";
}

/** Helm's built-in objects and functions: a placeholder naming them is a chart template even inside a string. */
const HELM_ACTION = /\{\{-?(?:[^}\n]{0,200}?[\s($])?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\{\{-?\s*(?:include|tpl)\s/y;

/**
 * True when the text is a template rather than a manifest: it holds `{{` outside the YAML string values
 * (plain, quoted or block scalars) and outside comments (Helm and other generators write `{{` where
 * YAML structure goes), a placeholder naming Helm's objects (`"{{ .Release.Name }}"`) in a plain or
 * quoted string, or it does not parse and holds `{{` at all. Other placeholders inside string values
 * (Prometheus alert templates: `description: Pod {{ $labels.pod }} is down`) leave it a manifest.
 *
 * One forward sweep over the `{{` offsets and the ordered scalar ranges, with each line's comment
 * start found once: a 200 KB line of `{{` costs one pass, not one rescan of the line per brace.
 */
export function isTemplate(raw: string, parsed: ParsedFile): boolean {
  if (!raw.includes("{{")) return false;
  // Offsets are those of the parsed text, which has no byte-order mark.
  const text = parsed.file.text;
  if (parsed.problems.some((p) => p.kind === "syntax")) return true;
  const covered = [...(parsed.templateScalars ?? scalarRanges(parsed.documents.map((d) => d.doc)))];
  // Scalars do not overlap.
  covered.sort((a, b) => a[0] - b[0]);
  let i = 0;
  let lineEnd = -1;
  let commentAt = -1;
  for (let at = text.indexOf("{{"); at !== -1; at = text.indexOf("{{", at + 2)) {
    while (i < covered.length && covered[i][1] <= at) i++;
    const scalar = i < covered.length && covered[i][0] <= at ? covered[i] : undefined;
    if (scalar) {
      // A block scalar is a file carried as data (a template in a ConfigMap): whatever it holds is text.
      if (scalar[2]) continue;
      HELM_ACTION.lastIndex = at;
      if (HELM_ACTION.test(text)) return true;
      continue;
    }
    if (at > lineEnd) {
      const lineStart = text.lastIndexOf("\n", at - 1) + 1;
      lineEnd = text.indexOf("\n", at);
      if (lineEnd === -1) lineEnd = text.length;
      commentAt = commentStart(text, lineStart, lineEnd);
    }
    if (commentAt !== -1 && commentAt < at) continue;
    return true;
  }
  return false;
}

/** Offset of the `#` that starts a comment on a line (at its start or after a space), or -1. */
function commentStart(text: string, from: number, to: number): number {
  for (let j = from; j < to; j++) {
    if (text.charCodeAt(j) === 35 && (j === from || text[j - 1] === " " || text[j - 1] === "\t")) return j;
  }
  return -1;
}

/** Ranges of the scalars (plain, quoted, block) of documents (true for a block scalar). */
function scalarRanges(docs: readonly Document.Parsed[]): Array<[number, number, boolean]> {
  const covered: Array<[number, number, boolean]> = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(_key, node) {
        if (isScalar(node) && node.range) {
          covered.push([node.range[0], node.range[1], node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED]);
        }
      },
    });
  }
  return covered;
}

/** The `yaml` trees of a file's text, parsed exactly as parseSource parses it (the fix engine edits through them). */
export function parseTrees(text: string): Document.Parsed[] {
  return parseDocuments(text, new LineCounter());
}

/** `!!binary` values (rare: looked for only where the text names the tag) as base64, on every thread alike. */
function binariesAsBase64(documents: ParsedDocument[], text: string): void {
  if (!text.includes("binary")) return;
  for (const d of documents) if (d.value !== undefined) (d as { value: unknown }).value = binaryAsBase64(d.value);
}
