import type { LineIndex } from "./line-table.js";

/** A file (or stdin) as read from disk, with the line table used to turn offsets into positions. */
export interface SourceFile {
  /** Absolute path, or "<stdin>". */
  path: string;
  /** Path shown to people: relative to the working directory when inside it. */
  display: string;
  text: string;
  /** Lines of `text` (a LineTable, or the `yaml` parser's LineCounter). */
  lineCounter: LineIndex;
}

/**
 * A SourceFile of what was read. Built field by field: V8 gives each object made by spreading another
 * (`{ ...input, lineCounter }`) a hidden class of its own, ~180 bytes per file.
 */
export function sourceFile(input: Omit<SourceFile, "lineCounter">, lineCounter: LineIndex): SourceFile {
  return { path: input.path, display: input.display, text: input.text, lineCounter };
}

/** 1-based line and column of a 0-based offset; computed only when a finding needs it. */
export function positionOf(file: SourceFile, offset: number): { line: number; column: number } {
  const pos = file.lineCounter.linePos(Math.max(0, Math.min(offset, file.text.length)));
  // A file that was never parsed (unreadable, binary, too large) has an empty line table: 1:1, not 0:0.
  return { line: Math.max(1, pos.line), column: Math.max(1, pos.col) };
}
