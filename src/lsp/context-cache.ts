import type { Discovery } from "../load/discover.js";
import type { ReadResult } from "../load/read.js";
import type { ContextCache } from "../lint.js";

/**
 * The editor's context kept between keystrokes: what discovery found for a document's directory and
 * what its other files hold, so a keystroke neither walks nor reads them again. Only for a client that
 * reports changes to manifest files (workspace/didChangeWatchedFiles): `changed` drops what a change
 * on disk makes stale.
 */
export class WatchedContextCache implements ContextCache {
  private readonly walks = new Map<string, Discovery>();
  private readonly reads = new Map<string, ReadResult>();

  discover(inputs: readonly string[], walk: () => Discovery): Discovery {
    const key = inputs.join("\u0000");
    let found = this.walks.get(key);
    if (!found) this.walks.set(key, (found = walk()));
    return { files: [...found.files], problems: [...found.problems], directories: [...found.directories], walked: found.walked };
  }

  read(file: string, read: () => ReadResult): ReadResult {
    let result = this.reads.get(file);
    if (!result) this.reads.set(file, (result = read()));
    return result;
  }

  /** A file was created, changed or deleted: its text is read again, and every walk is made again. */
  changed(file: string): void {
    this.reads.delete(file);
    this.walks.clear();
  }

  clear(): void {
    this.reads.clear();
    this.walks.clear();
  }
}
