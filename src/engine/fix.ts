import type { FixOperation, FixSpec, ObjectPath } from "../types.js";
import { getPath, isRecord } from "../model/pod-spec.js";

// The operations are declared in src/types.ts, where the model can name them without depending on the engine.
export type { FixOperation, FixSpec } from "../types.js";

/** A replacement of the text between two 0-based offsets of a file. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A text edit with the 1-based line and column of its start and end (as findings give theirs). */
export interface PositionedEdit extends TextEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A fix or suggestion made concrete: the edits to one file. */
export interface FileChange {
  description: string;
  /** Absolute path of the file to edit. */
  file: string;
  /** Path as shown to people. */
  display: string;
  /** Non-overlapping, sorted by offset (0-based offsets in the text, after any byte-order mark). */
  edits: PositionedEdit[];
  /** The YAML document the change is in (0-based) and the paths in it whose values it changes. */
  docIndex: number;
  paths: ObjectPath[];
  /** The file does not exist: the change creates it, with one edit that inserts its whole text. */
  create?: boolean;
  /** The change's edits to other files (the kustomization that lists a new file), applied with it. */
  also?: FileChange[];
}

/** A fix or suggestion of one `set`: the common case. */
export function setValue(description: string, path: ObjectPath, value: unknown): FixSpec {
  return { description, operations: [{ op: "set", path, value }] };
}

/**
 * Removes the value at `path` of `root`; the last item of its list or the last key of its map goes
 * with its container, so that no `[]` or `{}` is left behind (`capabilities.add`, `annotations`).
 */
export function removeOperation(root: unknown, path: ObjectPath): FixOperation {
  const parent = getPath(root, path.slice(0, -1));
  const last = Array.isArray(parent) ? parent.length === 1 : isRecord(parent) && Object.keys(parent).length === 1;
  return { op: "remove", path: last ? path.slice(0, -1) : path };
}

/** A fix or suggestion of one removeOperation: setValue's counterpart. */
export function removeValue(description: string, root: unknown, path: ObjectPath): FixSpec {
  return { description, operations: [removeOperation(root, path)] };
}
