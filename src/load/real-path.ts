import fs from "node:fs";

/** The path with its symbolic links resolved; the path itself where it cannot be (missing, unreadable). */
export function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
