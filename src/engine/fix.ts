import type { ObjectPath } from "../types.js";

/**
 * A change to a resource, stated on its object paths: the rule says what the object should become,
 * never how the text should look. The engine (src/fix/) turns operations into minimal text edits so
 * that everything else in the file stays byte-identical.
 */
export type FixOperation =
  /** Sets a value, creating missing parent mappings; replaces the value when the path exists. */
  | { op: "set"; path: ObjectPath; value: unknown }
  /** Appends an item to the list at `path` (creating the list when missing). */
  | { op: "append"; path: ObjectPath; value: unknown }
  /** Removes a mapping key or a list item. */
  | { op: "remove"; path: ObjectPath }
  /** Renames the mapping key at `path` to `to`, keeping its value as written. */
  | { op: "rename"; path: ObjectPath; to: string }
  /** Adds a new YAML document after the resource's own (a PodDisruptionBudget for a workload). */
  | { op: "add-document"; value: Record<string, unknown> };

export interface FixSpec {
  /** What the change does, imperative: `set allowPrivilegeEscalation: false`. */
  description: string;
  operations: FixOperation[];
}

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
}

/** A fix or suggestion of one `set`: the common case. */
export function setValue(description: string, path: ObjectPath, value: unknown): FixSpec {
  return { description, operations: [{ op: "set", path, value }] };
}
