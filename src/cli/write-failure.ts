/** A write error in a few words: `no space left on device (ENOSPC)`. */
export function writeFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOSPC: "no space left on device",
    EPIPE: "the reader closed the pipe",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOENT: "no such directory",
    ENOTDIR: "a parent is not a directory",
    EEXIST: "a parent is not a directory",
    EISDIR: "is a directory",
    EROFS: "read-only file system",
    EIO: "input/output error",
  };
  return err?.code && words[err.code] ? `${words[err.code]} (${err.code})` : String(err?.message ?? e).split("\n")[0];
}
