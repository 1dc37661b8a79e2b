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

/** 1-based line and column of a 0-based offset; computed only when a finding needs it. */
export function positionOf(file: SourceFile, offset: number): { line: number; column: number } {
  const pos = file.lineCounter.linePos(Math.max(0, Math.min(offset, file.text.length)));
  // A file that was never parsed (unreadable, binary, too large) has an empty line table: 1:1, not 0:0.
  return { line: Math.max(1, pos.line), column: Math.max(1, pos.col) };
}
