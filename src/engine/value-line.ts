import type { ObjectPath, SourceRange } from "../types.js";
import type { SourceFile } from "../load/source-file.js";
import type { ResourceLocator } from "../model/resource.js";
import { getPath } from "../model/pod-spec.js";

/** A `key: |` (or `- |`) line: a literal block scalar, whose content lines follow it one for one. */
const LITERAL_HEADER = /(?:^|[\s:-])\|[-+1-9]*[ \t]*(?:#.*)?$/;

/**
 * The position of one line of a multi-line string (a password in a ConfigMap's application.yml):
 * where the string is a literal block written under its key, each of its lines is a line of the file,
 * and the finding points at that line, from its first non-blank character. Any other style (folded,
 * quoted, rendered from elsewhere) keeps the key's range: the line's text must be found exactly where
 * the block puts it, so a position is never guessed.
 */
export function valueLineRange(keyRange: SourceRange, locator: ResourceLocator, root: unknown, path: ObjectPath, line: number): SourceRange | undefined {
  const value = getPath(root, path);
  if (typeof value !== "string") return undefined;
  const text = value.split("\n")[line]?.replace(/\r$/, "");
  if (text === undefined || text.trim() === "") return undefined;
  const file = locator.fileAt?.(path) ?? locator.file;
  if (file.display !== keyRange.file) return undefined;
  const header = lineText(file, keyRange.line);
  const written = lineText(file, keyRange.line + 1 + line);
  if (header === undefined || written === undefined || !LITERAL_HEADER.test(header)) return undefined;
  // The block's indentation, then the line as the string holds it.
  if (!written.endsWith(text) || written.slice(0, written.length - text.length).trim() !== "") return undefined;
  const column = written.length - text.trimStart().length + 1;
  return { file: keyRange.file, line: keyRange.line + 1 + line, column, endLine: keyRange.line + 1 + line, endColumn: written.length + 1 };
}

/** The text of a 1-based line, without its line break; undefined past the end. */
function lineText(file: SourceFile, n: number): string | undefined {
  const starts = file.lineCounter.lineStarts;
  if (n < 1 || n > starts.length) return undefined;
  const end = n < starts.length ? starts[n] - 1 : file.text.length;
  return file.text.slice(starts[n - 1], end).replace(/\r$/, "");
}
