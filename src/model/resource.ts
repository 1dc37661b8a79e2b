import type { Document, Node } from "yaml";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { ObjectPath, SourceRange } from "../types.js";
import type { SourceFile } from "../load/source-file.js";
import { positionOf } from "../load/source-file.js";
import { locate, type OffsetRange } from "./locate.js";
import { locateIn, type PositionTable } from "./positions.js";
import type { ParsedDocument } from "../load/parse.js";

/** Any Kubernetes object as written in a manifest. Fields beyond the envelope are typed by the rules that read them. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** Where a resource's fields are written: a YAML node in a file (or, for rendered output, a mapping back to one). */
export interface ResourceLocator {
  /** The file people edit for this object. */
  file: SourceFile;
  /** Source range of an object path; a missing path resolves to its closest existing ancestor. */
  range(path: ObjectPath): SourceRange;
  /** The file that range(path) is in, when it may differ from `file` (a rendered object's patch). */
  fileAt?(path: ObjectPath): SourceFile;
  /**
   * For a rendered object: the written object that alone decides the values at `paths`, so a fix there
   * takes effect, or why there is none (a patch or the kustomization sets them). Absent: no fix at all.
   */
  editTarget?(paths: readonly ObjectPath[]): EditTarget | string;
  /**
   * For a rendered object: `path` when it is a field the object lacks because a patch removed it where
   * its written object (or an earlier patch) has it. A finding about such a field is located there
   * (range and fileAt of that path give the removing operation), not at the parent that is still written.
   */
  removedField?(path: ObjectPath): ObjectPath | undefined;
  /** For a rendered object: where a new object beside it is written (a new file, and the kustomization that lists it), or why not. */
  newObjectTarget?(): NewObjectTarget | string;
}

/** The written object of a rendered one, and the kustomization that lists its file (ResourceLocator.newObjectTarget). */
export interface NewObjectTarget {
  /** The object as written (a base's, before prefixes, namespaces and patches). */
  object: KubeObject;
  file: SourceFile;
  documents: readonly ParsedDocument[];
  docIndex: number;
  /** The kustomization whose `resources:` lists `file`, and the entry a file beside it gets there (a path relative to it). */
  kustomization: { file: SourceFile; documents: readonly ParsedDocument[]; entry: (fileName: string) => string };
}

/** The written object a fix of a rendered object edits (ResourceLocator.editTarget). */
export interface EditTarget {
  file: SourceFile;
  /** The file's documents as parsed for rendering; unset for a file the run parsed as a manifest (it has them). */
  documents?: readonly ParsedDocument[];
  docIndex: number;
  listIndex?: number;
  /** The path in the written object of a path of the rendered one. */
  path(p: ObjectPath): ObjectPath;
}

export interface Resource {
  /** Position in the run's resource list: stable, and the order findings are sorted by within a file. */
  id: number;
  object: KubeObject;
  apiVersion: string;
  kind: string;
  /** metadata.name, or "" when missing (generateName objects, or an error in the manifest). */
  name: string;
  /** Effective namespace: metadata.namespace, else the run's default; undefined for cluster-scoped kinds. */
  namespace: string | undefined;
  /** True when metadata.namespace is written in the manifest. */
  namespaceExplicit: boolean;
  file: SourceFile;
  /** Index of the YAML document in its file (0-based). */
  docIndex: number;
  /** For items of a `kind: List`, the item's index; undefined otherwise. */
  listIndex?: number;
  locator: ResourceLocator;
  /** Set when the resource was rendered from a Kustomize root or Helm chart: a label for messages. */
  renderedFrom?: string;
}

/** Locator for an object written directly in a YAML document. */
export function yamlLocator(file: SourceFile, doc: Document, root: Node | null | undefined): ResourceLocator {
  return offsetLocator(file, (path) => locate(doc, root, path));
}

/**
 * Locator for an object of a parsed document, from its position table (`root`: the object's node id).
 * One small object per resource: as two closures and their contexts it held ~200 bytes more for every
 * object of the run.
 */
export function positionLocator(file: SourceFile, table: PositionTable, root: number): ResourceLocator {
  return new TableLocator(file, table, root);
}

class TableLocator implements ResourceLocator {
  constructor(
    readonly file: SourceFile,
    private readonly table: PositionTable,
    private readonly root: number,
  ) {}

  range(path: ObjectPath): SourceRange {
    return sourceRange(this.file, locateIn(this.table, this.root, path));
  }
}

/** Locator for a parsed document's contents: from its position table, which every unbroken document has. */
export function documentLocator(file: SourceFile, d: ParsedDocument): ResourceLocator {
  return d.positions ? positionLocator(file, d.positions, d.root) : yamlLocator(file, d.doc, d.doc.contents as Node | null);
}

function offsetLocator(file: SourceFile, at: (path: ObjectPath) => OffsetRange | undefined): ResourceLocator {
  return {
    file,
    range(path: ObjectPath): SourceRange {
      return sourceRange(file, at(path));
    },
  };
}

/**
 * Line and column of an offset range (1:1 for none). Two literals rather than a spread of a one-key
 * object: every finding's range is made here.
 */
function sourceRange(file: SourceFile, found: OffsetRange | undefined): SourceRange {
  const start = found ? found.start : 0;
  const s = positionOf(file, start);
  const e = positionOf(file, found ? Math.max(found.end, start) : 0);
  return found?.exact === false
    ? { file: file.display, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, exact: false }
    : { file: file.display, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** "Deployment prod/api": how messages and logical locations name a resource. */
export function describeResource(r: Pick<Resource, "kind" | "namespace" | "name">): string {
  const name = r.name || "<unnamed>";
  return r.namespace ? `${r.kind} ${r.namespace}/${name}` : `${r.kind} ${name}`;
}

/** Group part of an apiVersion ("" for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** Kubernetes' own API groups: the core group, the unqualified ones (apps, batch) and *.k8s.io; others are custom resources'. */
export function isBuiltinGroup(group: string): boolean {
  return group === "" || !group.includes(".") || group.endsWith(".k8s.io");
}

/** Whether an object (by its apiVersion) is of one of Kubernetes' own kinds rather than a custom resource. */
export function isBuiltinResource(r: { apiVersion: string }): boolean {
  return isBuiltinGroup(apiGroup(r.apiVersion));
}
