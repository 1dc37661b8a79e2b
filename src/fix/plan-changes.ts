import fs from "node:fs";
import path from "node:path";
import type { FileChange, FixOperation, FixSpec, TextEdit } from "../engine/fix.js";
import type { NewObjectTarget } from "../model/resource.js";
import { getPath, isRecord } from "../model/pod-spec.js";
import { repeatsObjectValue } from "../engine/message-values.js";
import type { RawFinding } from "../engine/run-rules.js";
import type { ObjectPath } from "../types.js";
import { documentBetween, documentOfTrees, editsIn, FixError, type EditableDocument, type EditMemo } from "./yaml-edit.js";
import { tableTree } from "./table-tree.js";
import { positionOf, type SourceFile } from "../load/source-file.js";
import { parseTrees, type ParsedDocument } from "../load/parse.js";
import { afterLine, blockLines, dashBefore, lineStart, styleOf } from "./render-yaml.js";
import { cutListItem, listItemBelow } from "./item-cut.js";
import { listItemIds, readNode, type PositionTable } from "../model/positions.js";
import type { Document } from "yaml";

/** The run's parsed documents of a file (where each begins, its value), when the run parsed it. */
export type DocumentsOf = (file: SourceFile) => readonly ParsedDocument[] | undefined;

/**
 * Gives each active finding whose rule offers a fix or suggestions their edits (finding.fix,
 * finding.suggestions), or says in finding.noFix why the fix cannot be made.
 */
export function attachChanges(findings: readonly RawFinding[], withSuggestions = true, documentsOf: DocumentsOf = () => undefined, overrides?: ReadonlyMap<string, string>): void {
  // Only the documents that have something to fix are parsed again, each once for all its findings
  // (the JSON report of a tree with multi-megabyte install bundles paid a parse of every such bundle
  // for a few Deployments in it); a file's trees only where its documents cannot be cut out alone.
  const memo: EditMemo = new Map();
  const trees = new Map<string, Document.Parsed[]>();
  const docs = new Map<string, EditableDocument | string>();
  const items = new Map<string, Editable | null>();
  // A List's item nodes, found once per document (not once per item: a List of 10,000 items).
  const itemIds = new Map<ParsedDocument, number[]>();
  const idsOf = (d: ParsedDocument, t: PositionTable) => itemIds.get(d) ?? itemIds.set(d, listItemIds(t, d.root)).get(d)!;
  const wholeOf = (w: Written): EditableDocument => {
    const key = `${w.file.path}\0${w.docIndex}`;
    let d = docs.get(key);
    if (d === undefined) {
      try {
        const text = w.file.text;
        const all = () => trees.get(w.file.path) ?? trees.set(w.file.path, parseTrees(text)).get(w.file.path)!;
        d = delimited(text, w.documents ?? documentsOf(w.file), w.docIndex) ?? documentOfTrees(text, w.docIndex, all());
      } catch (e) {
        if (!(e instanceof FixError)) throw e;
        d = e.message;
      }
      docs.set(key, d);
    }
    if (typeof d === "string") throw new FixError(d);
    return d;
  };
  const cuts = new Map<string, EditableDocument | null>();
  const documentOf: DocumentOf = (w, paths) => {
    if (w.listIndex === undefined && paths) {
      const d = (w.documents ?? documentsOf(w.file))?.[w.docIndex];
      const item = listItemBelow(d, w.file.text, paths);
      if (item && d?.positions) {
        const key = `${w.file.path}\0${w.docIndex}\0${item.id}`;
        let cut = cuts.get(key);
        if (cut === undefined) {
          cuts.set(key, (cut = cutListItem(w.file.text, d.positions, item, wholeOf(w)) ?? null));
        }
        if (cut) return { doc: cut, prefix: [0], depth: item.depth };
      }
    }
    if (w.listIndex === undefined) return { doc: wholeOf(w), prefix: [] };
    const key = `${w.file.path}\0${w.docIndex}\0${w.listIndex}`;
    let item = items.get(key);
    if (item === undefined) items.set(key, (item = listItem(w.file.text, (w.documents ?? documentsOf(w.file))?.[w.docIndex], w.listIndex, idsOf) ?? null));
    return item ?? { doc: wholeOf(w), prefix: pathInDocument(w) };
  };
  for (const raw of findings) attachOne(raw, documentOf, withSuggestions, memo, overrides);
}

/** The written object a change edits: a plain file's resource, or what a rendered one comes from. */
interface Written {
  file: SourceFile;
  /** The file's documents as parsed (else the run's, by documentsOf). */
  documents?: readonly ParsedDocument[];
  docIndex: number;
  listIndex?: number;
  /** The path in the written object of a path of the linted one. */
  path(p: ObjectPath): ObjectPath;
}

/** The text a change edits, and the path in it of the written object (an item of a List has one). */
interface Editable {
  doc: EditableDocument;
  prefix: ObjectPath;
  /** A list item cut out of the written object: how many leading segments of a written path it stands for. */
  depth?: number;
}

/** The text to edit for a change to `w`; given the change's written paths, the list item they all lie below where it can be cut out. */
type DocumentOf = (w: Written, paths?: readonly ObjectPath[]) => Editable;

/** Operations an item cut out of its document can carry out (a new document or a repeated key are the document's). */
const ITEM_OPERATIONS: ReadonlySet<FixOperation["op"]> = new Set(["set", "append", "remove", "rename"]);

/** Where the written object is in its document: an item of a List under `items`. */
function pathInDocument(w: Written): ObjectPath {
  return w.listIndex === undefined ? [] : ["items", w.listIndex];
}

/**
 * An item of a `kind: List` cut out of its document: in a block list with the lines of its `- `, which
 * read alone are a list of that one item; in a flow list (JSON) its own text. Each fix is read back to
 * be checked, and a List of ten thousand items read back whole for each of its fixes never ended.
 * Undefined when the cut does not read back as the item (the whole document is edited then).
 */
function listItem(text: string, d: ParsedDocument | undefined, index: number, idsOf: (d: ParsedDocument, t: PositionTable) => number[]): Editable | undefined {
  const t = d?.positions;
  if (!d || d.broken || !t || t.text !== text || d.root < 0 || !isRecord(d.value) || !Array.isArray(d.value.items)) return undefined;
  const id = idsOf(d, t)[index];
  if (id === undefined || index >= d.value.items.length) return undefined;
  const node = readNode(t, id);
  if (node.start < 0) return undefined;
  const value = d.value.items[index];
  const dash = dashBefore(text, node.start);
  if (dash < 0) {
    const doc = documentBetween(text, node.start, node.end, value);
    return doc && { doc, prefix: [] };
  }
  const doc = documentBetween(text, lineStart(text, dash), afterLine(text, node.end), [value]);
  return doc && { doc, prefix: [0] };
}

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
  // The fast path parsed the document on its own: its table is the tree, with no parse.
  const tree = d.positions?.fastPath && d.positions.text === text ? tableTree(d.positions, d.root, d.value, from, to) : undefined;
  if (tree) return { from, text: text.slice(from, to), tree };
  return documentBetween(text, from, to, d.value);
}

function attachOne(raw: RawFinding, documentOf: DocumentOf, withSuggestions: boolean, memo: EditMemo, overrides?: ReadonlyMap<string, string>): void {
  const { report, finding } = raw;
  if (finding.suppressed || (!report.fix && !(withSuggestions && report.suggestions?.length))) return;
  const t = report.target;
  if ("file" in t) {
    // A finding on a file's text (a repeated key) whose fix names the document its paths are in.
    if (t.docIndex === undefined || !report.fix) return;
    const made = change({ file: t.file, docIndex: t.docIndex, path: (p) => p }, report.fix, documentOf, memo);
    if (typeof made === "string") finding.noFix = `no automatic fix: ${made}`;
    else if (made) finding.fix = made;
    return;
  }
  if (!("resource" in t)) return;
  const resource = t.resource;
  const written = (spec: FixSpec): Written | string => {
    if (!resource.renderedFrom) return { file: resource.file, docIndex: resource.docIndex, listIndex: resource.listIndex, path: (p) => p };
    // Built by Kustomize or Helm: the field may come from a base, a patch, a generator or a template,
    // and the rendered text is no file anyone edits. A written object is edited only where it alone
    // decides every value the change touches (src/render/origin-map.ts).
    const target = resource.locator.editTarget;
    if (!target) return `the object is rendered (${resource.renderedFrom}), so the value may come from a base, a patch or a template; change it where it is set`;
    if (spec.operations.some((o) => o.op === "add-document")) return `the object is rendered (${resource.renderedFrom}); add the new object to the kustomization's resources`;
    const w = target(spec.operations.flatMap(writtenPaths));
    // Kustomize rendered the file as it is on disk: edits made against other text (an unsaved editor
    // buffer, an earlier --fix pass not yet written) would land in the wrong places.
    const pending = typeof w === "object" ? overrides?.get(w.file.path) : undefined;
    if (typeof w === "object" && pending !== undefined && pending !== w.file.text) return `${w.file.display} has changes that are not saved yet, and the object is rendered from the saved file`;
    return w;
  };
  const make = (spec: FixSpec) => {
    // A new object for a rendered one: a file of its own beside the base, which the kustomization lists.
    const target = resource.renderedFrom !== undefined && spec.operations.some((o) => o.op === "add-document") ? resource.locator.newObjectTarget?.() : undefined;
    if (target !== undefined) return typeof target === "string" ? `no new file for the object: ${target}` : newFileChange(target, spec, documentOf, memo, overrides);
    const w = written(spec);
    return typeof w === "string" ? w : change(w, spec, documentOf, memo, resource.object);
  };
  if (report.fix) {
    const made = make(report.fix);
    if (typeof made === "string") finding.noFix = `no automatic fix: ${made}`;
    else if (made) finding.fix = made;
  }
  if (!withSuggestions) return;
  const made = (report.suggestions ?? []).map(make);
  const suggestions = made.filter((c): c is FileChange => typeof c === "object" && c !== undefined);
  if (suggestions.length > 0) finding.suggestions = suggestions;
  // A rendered object's suggestions that cannot be edited where they are written say why, as a fix does.
  const refused = made.find((c): c is string => typeof c === "string");
  if (!report.fix && suggestions.length === 0 && refused && resource.renderedFrom) finding.noFix = `no automatic fix: ${refused}`;
}

/** kubectl's short names of the kinds a rule adds, for the new file's name (`web-pdb.yaml`). */
const SHORT_NAMES: Record<string, string> = { PodDisruptionBudget: "pdb", HorizontalPodAutoscaler: "hpa", NetworkPolicy: "netpol", Service: "svc" };

/**
 * An add-document spec as a new file beside the written object's file (its name: the new object's name
 * and kind), plus the entry that lists it in the kustomization's `resources:`. The fields the new object
 * copies from the rendered one are taken from the written object instead: kustomize adds the same
 * prefixes, namespace and labels to the new object as to the one it was written from.
 */
function newFileChange(target: NewObjectTarget, spec: FixSpec, documentOf: DocumentOf, memo: EditMemo, overrides?: ReadonlyMap<string, string>): FileChange | string {
  const [op, ...others] = spec.operations;
  if (op.op !== "add-document" || others.length > 0) return "the change is more than a new object";
  const value = structuredClone(op.value);
  for (const { path: at, from } of op.copies ?? []) {
    const parent = getPath(value, at.slice(0, -1));
    if (!isRecord(parent)) continue;
    const copied = getPath(target.object, from);
    if (copied === undefined) delete parent[at[at.length - 1]];
    else parent[at[at.length - 1]] = structuredClone(copied);
  }
  const meta = isRecord(value.metadata) ? value.metadata : {};
  if (typeof meta.name !== "string" || !/^[a-z0-9][a-z0-9.-]*$/.test(meta.name) || typeof value.kind !== "string") return "the new object has no name to give its file";
  const ext = /\.ya?ml$/.exec(target.file.path)?.[0] ?? ".yaml";
  const fileName = `${meta.name}-${SHORT_NAMES[value.kind] ?? value.kind.toLowerCase()}${ext}`;
  const file = path.join(path.dirname(target.file.path), fileName);
  if (overrides?.has(file) || fs.existsSync(file)) return `${fileName} exists beside ${target.file.display}`;
  const k = target.kustomization;
  if (overrides?.has(k.file.path) && overrides.get(k.file.path) !== k.file.text) return `${k.file.display} has changes that are not saved yet`;
  try {
    // Written as the file beside it is: its indentation, list style and line ends.
    const base = documentOf({ file: target.file, documents: target.documents, docIndex: target.docIndex, path: (p) => p }).doc;
    const style = styleOf(base.text, base.tree);
    const text = blockLines(value, style).join(style.eol) + style.eol;
    const listed = change({ file: k.file, documents: k.documents, docIndex: 0, path: (p) => p }, { description: `list ${fileName}`, operations: [{ op: "append", path: ["resources"], value: k.entry(fileName) }] }, documentOf, memo);
    if (typeof listed !== "object") return `${k.file.display} cannot list the new file${listed ? `: ${listed}` : ""}`;
    const display = path.posix.join(path.posix.dirname(target.file.display), fileName);
    return {
      description: `${spec.description}, in a new file ${display} listed in ${k.file.display}`,
      file,
      display,
      edits: [{ start: 0, end: 0, text, line: 1, column: 1, endLine: 1, endColumn: 1 }],
      docIndex: 0,
      paths: [],
      create: true,
      also: [listed],
    };
  } catch (e) {
    if (e instanceof FixError) return e.message;
    return "the files are not in a shape the change can edit";
  }
}

/** A spec's edits to the written object's file; a string says why there are none. */
function change(w: Written, spec: FixSpec, documentOf: DocumentOf, memo: EditMemo, object?: unknown): FileChange | string | undefined {
  if (w.listIndex !== undefined && spec.operations.some((o) => o.op === "add-document")) return "the object is an item of a List";
  try {
    const written = spec.operations.map((op) => (op.op === "add-document" ? [] : w.path(op.path)));
    const { doc, prefix, depth = 0 } = documentOf(w, spec.operations.every((op) => ITEM_OPERATIONS.has(op.op)) ? written : undefined);
    const operations: FixOperation[] = spec.operations.map((op, i) => (op.op === "add-document" ? op : { ...op, path: [...prefix, ...written[i].slice(depth)] }));
    let edits = editsIn(doc, operations, memo);
    if (edits.length === 0) return undefined;
    // Edits go into JSON and SARIF (uploaded to code scanning): one that rewrites text around a
    // password would carry it there. Such an edit is cut to what it changes, else not offered.
    if (edits.some((e) => repeatsObjectValue(e.text, object))) {
      edits = edits.map((e) => (repeatsObjectValue(e.text, object) ? changedPart(w.file.text, e) : e));
      if (edits.some((e) => repeatsObjectValue(e.text, object))) return "the edit would repeat a value written in the manifest";
    }
    // Paths from the document's root, also where the edits were made on a List item cut out of it.
    const paths = spec.operations.flatMap((o) => {
      if (o.op === "add-document") return [];
      const at = [...pathInDocument(w), ...w.path(o.path)];
      return o.op === "rename" ? [at, [...at.slice(0, -1), o.to]] : [at];
    });
    const positioned = edits.map((e) => {
      const s = positionOf(w.file, e.start);
      const end = positionOf(w.file, e.end);
      // Field by field: an object spread from another gets a hidden class of its own in V8.
      return { start: e.start, end: e.end, text: e.text, line: s.line, column: s.column, endLine: end.line, endColumn: end.column };
    });
    return { description: spec.description, file: w.file.path, display: w.file.display, edits: positioned, docIndex: w.docIndex, paths };
  } catch (e) {
    if (e instanceof FixError) return e.message;
    // A fix that fails on an input nobody foresaw (a securityContext that is a number, an alias
    // before its anchor) loses its fix, never the run: an exception here dropped every report.
    return "the document is not in a shape the fix can edit";
  }
}

/** The fields an operation writes: a mapping set onto a path merges, so each of its leaves is one. */
function writtenPaths(op: FixOperation): ObjectPath[] {
  if (op.op === "add-document") return [];
  if (op.op !== "set" || typeof op.value !== "object" || op.value === null || Array.isArray(op.value)) return [op.path];
  const entries = Object.entries(op.value);
  if (entries.length === 0) return [op.path];
  return entries.flatMap(([k, v]) => writtenPaths({ op: "set", path: [...op.path, k], value: v }));
}

/** The edit without the text it leaves as it is: the common start and end of old and new text. */
function changedPart(text: string, e: TextEdit): TextEdit {
  const old = text.slice(e.start, e.end);
  let head = 0;
  while (head < old.length && head < e.text.length && old[head] === e.text[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < e.text.length - head && old[old.length - 1 - tail] === e.text[e.text.length - 1 - tail]) tail++;
  // Never between the halves of a surrogate pair.
  if (head > 0 && /[\ud800-\udbff]/.test(old[head - 1])) head--;
  if (tail > 0 && /[\udc00-\udfff]/.test(old[old.length - tail])) tail--;
  return { start: e.start + head, end: e.end - tail, text: e.text.slice(head, e.text.length - tail) };
}
