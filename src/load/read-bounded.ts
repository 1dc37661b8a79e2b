import fs from "node:fs";

/** Why a named file could not be read, in words for a one-line error. */
export class BoundedReadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** What kind of special file a stat describes, or undefined for a regular file or directory. */
export function specialFileKind(st: fs.Stats): string | undefined {
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return undefined;
}

/**
 * Opens a file without blocking on a named pipe that has no writer (a plain open waits for one
 * forever), and refuses anything that is not a regular file: /dev/zero never ends, a FIFO may never
 * write. Returns the descriptor and its size; the caller closes it.
 */
export function openRegularFile(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new BoundedReadError(why, code);
  }
  const st = fs.fstatSync(fd);
  const special = specialFileKind(st);
  if (special || st.isDirectory()) {
    fs.closeSync(fd);
    throw new BoundedReadError(special ? `is ${special}, not a regular file` : "is a directory", special ? "ESPECIAL" : "EISDIR");
  }
  return { fd, size: st.size };
}

/**
 * The text of a small regular file (configuration, baseline, ignore list), refused above `maxBytes`:
 * `--config /dev/zero` read five gigabytes in a minute.
 */
export function readBoundedText(file: string, maxBytes: number): string {
  const { fd, size } = openRegularFile(file);
  try {
    if (size > maxBytes) throw new BoundedReadError(`is ${size} bytes, above the ${maxBytes}-byte limit for this kind of file`, "EFBIG");
    return fs.readFileSync(fd, "utf8");
  } finally {
    fs.closeSync(fd);
  }
}
