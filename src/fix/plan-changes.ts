import type { FileChange, FixOperation, FixSpec } from "../engine/fix.js";
import type { RawFinding } from "../engine/run-rules.js";
import type { Resource } from "../model/resource.js";
import { editsFor, FixError } from "./yaml-edit.js";
import { positionOf } from "../load/source-file.js";
import { parseTrees } from "../load/parse.js";
import type { Document } from "yaml";

/**
 * Gives each active finding whose rule offers a fix or suggestions their edits (finding.fix,
 * finding.suggestions), or says in finding.noFix why the fix cannot be made.
 */
export function attachChanges(findings: readonly RawFinding[], withSuggestions = true): void {
  // File by file, so each file's text is parsed into trees once for all its findings.
  const byFile = new Map<string, RawFinding[]>();
  for (const raw of findings) {
    const t = raw.report.target;
    const key = "resource" in t ? t.resource.file.path : "";
    const list = byFile.get(key) ?? [];
    list.push(raw);
    byFile.set(key, list);
  }
  for (const list of byFile.values()) {
    let trees: Document.Parsed[] | undefined;
    const treesOf = (text: string) => (trees ??= parseTrees(text));
    for (const raw of list) attachOne(raw, treesOf, withSuggestions);
  }
}

function attachOne(raw: RawFinding, treesOf: (text: string) => Document.Parsed[], withSuggestions: boolean): void {
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
    const made = change(resource, report.fix, treesOf);
    if (typeof made === "string") finding.noFix = `no automatic fix: ${made}`;
    else if (made) finding.fix = made;
  }
  if (!withSuggestions) return;
  const suggestions = (report.suggestions ?? []).map((s) => change(resource, s, treesOf)).filter((c): c is FileChange => typeof c === "object" && c !== undefined);
  if (suggestions.length > 0) finding.suggestions = suggestions;
}

/** A spec's edits to the resource's file; a string says why there are none. */
function change(resource: Resource, spec: FixSpec, treesOf: (text: string) => Document.Parsed[]): FileChange | string | undefined {
  const prefix = resource.listIndex === undefined ? [] : ["items", resource.listIndex];
  const operations: FixOperation[] = spec.operations.map((op) => {
    if (op.op === "add-document" || prefix.length === 0) return op;
    return { ...op, path: [...prefix, ...op.path] };
  });
  if (prefix.length > 0 && operations.some((o) => o.op === "add-document")) return "the object is an item of a List";
  try {
    const edits = editsFor(resource.file.text, resource.docIndex, operations, treesOf(resource.file.text));
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
