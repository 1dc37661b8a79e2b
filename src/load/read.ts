import fs from "node:fs";
import { readStdin } from "./stdin.js";
import { specialFileKind } from "./read-bounded.js";

/** Files above this size are reported instead of parsed: the `yaml` parser needs seconds and gigabytes for them. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: "binary" | "too-large" | "unreadable"; message: string };

export function readManifest(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let buf: Buffer;
  try {
    if (file === "-") {
      buf = readStdin(maxBytes + 1);
    } else {
      // One open, then the size from the descriptor: a path is resolved once per file, not twice.
      // Non-blocking, so that a named pipe without a writer is refused instead of waited for forever.
      const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      try {
        const st = fs.fstatSync(fd);
        const special = specialFileKind(st);
        if (special) return { ok: false, reason: "unreadable", message: `cannot read file: it is ${special}, not a regular file (pipe it to k8slint - instead)` };
        const size = st.size;
        if (st.isFile() && size > maxBytes) {
          return {
            ok: false,
            reason: "too-large",
            message: `file is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit (--max-file-size); it was not linted`,
          };
        }
        buf = st.isFile() ? readRegular(fd, size) : fs.readFileSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    return { ok: false, reason: "unreadable", message: `cannot read file: ${why}` };
  }
  if (buf.length > maxBytes) {
    return { ok: false, reason: "too-large", message: `input is above the ${formatBytes(maxBytes)} limit (--max-file-size); it was not linted` };
  }
  // Windows editors save "Unicode" text as UTF-16 with a byte-order mark: text, not a binary file.
  const utf16 = utf16Text(buf);
  if (utf16 !== undefined) return { ok: true, text: utf16 };
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    return { ok: false, reason: "binary", message: `file is binary (NUL byte at offset ${nul}), not YAML or JSON; it was not linted` };
  }
  let text = buf.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

/**
 * The contents of an open regular file whose size fstat gave, read as readFileSync(fd) reads it (as
 * many bytes as that size, fewer when it ends sooner) without the second fstat it makes: a system
 * call per file, ~1% of a run of 5,700 files.
 */
function readRegular(fd: number, size: number): Buffer {
  // Files in /proc and similar say 0 and have contents: readFileSync reads those to their end.
  if (size === 0) return fs.readFileSync(fd);
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const r = fs.readSync(fd, buf, n, size - n, null);
    if (r === 0) return buf.subarray(0, n);
    n += r;
  }
  return buf;
}

/** The text of a UTF-16 buffer that starts with its byte-order mark (without the mark); undefined otherwise. */
function utf16Text(buf: Buffer): string | undefined {
  if (buf.length < 2 || buf.length % 2 !== 0) return undefined;
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString("utf16le");
  if (buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2)).swap16().toString("utf16le");
  return undefined;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
