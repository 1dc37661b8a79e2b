import type { FileChange, FixOperation, FixSpec } from "../engine/fix.js";
import type { RawFinding } from "../engine/run-rules.js";
import type { Resource } from "../model/resource.js";
import { documentBetween, documentOfTrees, editsIn, FixError, type EditableDocument, type EditMemo } from "./yaml-edit.js";
import { positionOf, type SourceFile } from "../load/source-file.js";
import { parseTrees, type ParsedDocument } from "../load/parse.js";
import { lineStart } from "./render-yaml.js";
import type { Document } from "yaml";

/** The run's parsed documents of a file (where each begins, its value), when the run parsed it. */
export type DocumentsOf = (file: SourceFile) => readonly ParsedDocument[] | undefined;

/**
 * Gives each active finding whose rule offers a fix or suggestions their edits (finding.fix,
 * finding.suggestions), or says in finding.noFix why the fix cannot be made.
 */
export function attachChanges(findings: readonly RawFinding[], withSuggestions = true, documentsOf: DocumentsOf = () => undefined): void {
  // File by file, and in a file only the documents that have something to fix are parsed again, each
  // once for all its findings (the JSON report of a tree with multi-megabyte install bundles paid a
  // parse of every such bundle for a few Deployments in it).
  const byFile = new Map<string, RawFinding[]>();
  for (const raw of findings) {
    const t = raw.report.target;
    const key = "resource" in t ? t.resource.file.path : "";
    const list = byFile.get(key) ?? [];
    list.push(raw);
    byFile.set(key, list);
  }
  const memo: EditMemo = new Map();
  for (const list of byFile.values()) {
    let trees: Document.Parsed[] | undefined;
    const docs = new Map<number, EditableDocument | string>();
    const documentOf: DocumentOf = (resource) => {
      let d = docs.get(resource.docIndex);
      if (d === undefined) {
        try {
          const file = resource.file;
          d = delimited(file.text, documentsOf(file), resource.docIndex) ?? documentOfTrees(file.text, resource.docIndex, (trees ??= parseTrees(file.text)));
        } catch (e) {
          if (!(e instanceof FixError)) throw e;
          d = e.message;
        }
        docs.set(resource.docIndex, d);
      }
      if (typeof d === "string") throw new FixError(d);
      return d;
    };
    for (const raw of list) attachOne(raw, documentOf, withSuggestions, memo);
  }
}

type DocumentOf = (resource: Resource) => EditableDocument;

/**
 * Document `index` cut from the run's parse: from the line where its contents start to the `---` line
 * of the next document. Undefined when the run did not parse the file, or the cut is not certain (an
 * empty next document, a cut that reads back otherwise): the file's trees decide then.
 */
function delimited(text: string, docs: readonly ParsedDocument[] | undefined, index: number): EditableDocument | undefined {
  const d = docs?.[index];
  if (!d || d.broken || d.value === undefined) return undefined;
  const from = lineStart(text, d.start);
  let to = text.length;
  const next = docs![index + 1];
  if (next) {
    if (next.start <= from) return undefined;
    // Back from the next document's contents over its comments to its separator line.
    let line = lineStart(text, next.start);
    while (line > from && !/^---(?:[ \t\r\n]|$)/.test(text.slice(line, line + 4))) line = lineStart(text, line - 1);
    if (line <= from) return undefined;
    to = line;
  }
  return documentBetween(text, from, to, d.value);
}

function attachOne(raw: RawFinding, documentOf: DocumentOf, withSuggestions: boolean, memo: EditMemo): void {
  const { report, finding } = raw;
  if (finding.suppressed || (!report.fix && !(withSuggestions && report.suggestions?.length))) return;
  const t = report.target;
  if (!("resource" in t)) return;
  const resource = t.resource;
  if (resource.renderedFrom) {
    // The object was built by Kustomize or Helm: the field may come from a base, a patch, a
    // generator or a template, and the rendered text is no file anyone edits.
    if (report.fix) finding.noFix = `no automatic fix: the object is rendered (${resource.renderedFrom}), so the value may come from a base, a patch or a template; change it where it is set`;
    return;
  }
  if (report.fix) {
    const made = change(resource, report.fix, documentOf, memo);
    if (typeof made === "string") finding.noFix = `no automatic fix: ${made}`;
    else if (made) finding.fix = made;
  }
  if (!withSuggestions) return;
  const suggestions = (report.suggestions ?? []).map((s) => change(resource, s, documentOf, memo)).filter((c): c is FileChange => typeof c === "object" && c !== undefined);
  if (suggestions.length > 0) finding.suggestions = suggestions;
}

/** A spec's edits to the resource's file; a string says why there are none. */
function change(resource: Resource, spec: FixSpec, documentOf: DocumentOf, memo: EditMemo): FileChange | string | undefined {
  const prefix = resource.listIndex === undefined ? [] : ["items", resource.listIndex];
  const operations: FixOperation[] = spec.operations.map((op) => {
    if (op.op === "add-document" || prefix.length === 0) return op;
    return { ...op, path: [...prefix, ...op.path] };
  });
  if (prefix.length > 0 && operations.some((o) => o.op === "add-document")) return "the object is an item of a List";
  try {
    const edits = editsIn(documentOf(resource), operations, memo);
    if (edits.length === 0) return undefined;
    const paths = operations.flatMap((o) => (o.op === "add-document" ? [] : o.op === "rename" ? [o.path, [...o.path.slice(0, -1), o.to]] : [o.path]));
    const positioned = edits.map((e) => {
      const s = positionOf(resource.file, e.start);
      const end = positionOf(resource.file, e.end);
      return { ...e, line: s.line, column: s.column, endLine: end.line, endColumn: end.column };
    });
    return { description: spec.description, file: resource.file.path, display: resource.file.display, edits: positioned, docIndex: resource.docIndex, paths };
  } catch (e) {
    if (e instanceof FixError) return e.message;
    throw e;
  }
}
