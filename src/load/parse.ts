import { parseAllDocuments, LineCounter, isScalar, visit, Scalar, type Document, type Tags } from "yaml";
import type { SourceFile } from "./source-file.js";

/** A problem found while parsing, with 0-based offsets into the file. */
export interface ParseProblem {
  /** syntax and alias-limit: the document is not linted; unreadable: the whole file is not (binary, too large, no permission). */
  kind: "syntax" | "duplicate-key" | "alias-limit" | "unreadable";
  message: string;
  start: number;
  end: number;
}

export interface ParsedDocument {
  index: number;
  doc: Document.Parsed;
  /** The plain JavaScript value of the document; undefined when the document could not be used. */
  value: unknown;
  /** True when the document has syntax errors and its value must not be linted. */
  broken: boolean;
}

export interface ParsedFile {
  file: SourceFile;
  documents: ParsedDocument[];
  problems: ParseProblem[];
}

/**
 * An alias bomb (a billion laughs) expands exponentially on conversion; the `yaml` package refuses past
 * this many alias dereferences in one document. Real manifests use a handful at most.
 */
export const MAX_ALIAS_COUNT = 100;

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

export function parseSource(file: Omit<SourceFile, "lineCounter">): ParsedFile {
  const lineCounter = new LineCounter();
  const source: SourceFile = { ...file, lineCounter };
  const problems: ParseProblem[] = [];
  const docs = parseAllDocuments(file.text, {
    version: "1.1",
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    customTags: kubectlTags,
  });
  const list = Array.isArray(docs) ? docs : [];
  // parseAllDocuments returns an EmptyStream (an array with no documents) for empty input.
  const documents: ParsedDocument[] = [];
  list.forEach((doc, index) => {
    let broken = false;
    for (const err of doc.errors) {
      if (err.code === "DUPLICATE_KEY") {
        problems.push({ kind: "duplicate-key", message: duplicateKeyMessage(file.text, err.pos[0]), start: err.pos[0], end: err.pos[1] });
      } else {
        broken = true;
        problems.push({ kind: "syntax", message: cleanMessage(err.message), start: err.pos[0], end: err.pos[1] });
      }
    }
    let value: unknown = undefined;
    if (!broken) {
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        broken = true;
        const start = doc.contents?.range?.[0] ?? 0;
        problems.push({
          kind: "alias-limit",
          message: `document expands more than ${MAX_ALIAS_COUNT} aliases (a possible alias bomb); it was not linted`,
          start,
          end: start + 1,
        });
        void e;
      }
    }
    documents.push({ index, doc, value, broken });
  });
  return { file: source, documents, problems };
}

function cleanMessage(message: string): string {
  // The yaml package appends " at line L, column C" plus a code frame; positions are reported separately.
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").trim();
}

function duplicateKeyMessage(text: string, offset: number): string {
  const m = /^[^\s:#][^:\n]*|^"[^"\n]*"|^'[^'\n]*'/.exec(text.slice(offset, offset + 200));
  const key = m ? m[0].trim() : "";
  return key
    ? `key ${key} is defined more than once in this mapping; the API server keeps only the last value`
    : "a key is defined more than once in this mapping; the API server keeps only the last value";
}

/**
 * True when the text is a template rather than a manifest: it holds `{{ … }}` outside quoted or block
 * scalar values (Helm and other generators), or it does not parse and holds `{{` at all. Placeholders
 * inside string values (Prometheus alert templates in a ConfigMap) do not make a file a template.
 */
export function isTemplate(text: string, parsed: ParsedFile): boolean {
  if (!text.includes("{{")) return false;
  if (parsed.problems.some((p) => p.kind === "syntax")) return true;
  // Offsets of every "{{" must fall inside a quoted or block scalar.
  const covered: Array<[number, number]> = [];
  for (const { doc } of parsed.documents) {
    visit(doc, {
      Scalar(_key, node) {
        if (isScalar(node) && node.range && node.type !== Scalar.PLAIN) covered.push([node.range[0], node.range[1]]);
      },
    });
  }
  covered.sort((a, b) => a[0] - b[0]);
  let at = text.indexOf("{{");
  while (at !== -1) {
    if (!covered.some(([s, e]) => at >= s && at < e)) return true;
    at = text.indexOf("{{", at + 2);
  }
  return false;
}
