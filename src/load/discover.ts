import fs from "node:fs";
import path from "node:path";
import { realPath } from "./real-path.js";

/** A file to read: found in a directory walk, or named on the command line (then read whatever its name). */
export interface DiscoveredFile {
  path: string;
  explicit: boolean;
}

export interface DiscoveryProblem {
  path: string;
  message: string;
  /** "missing": a named path does not exist (a usage error); "unreadable": it exists but cannot be read. */
  kind: "missing" | "unreadable";
}

export interface Discovery {
  files: DiscoveredFile[];
  problems: DiscoveryProblem[];
  /** Directories walked, in walk order (other stages look for kustomization.yaml and Chart.yaml in them). */
  directories: string[];
}

const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);

export function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/**
 * Expands paths into the files to lint, in a deterministic order: each argument in turn, and inside a
 * directory the lexical order kubectl uses. Symbolic links are followed, but a directory is entered once
 * per real path, so a link loop ends the walk of that branch instead of hanging it.
 */
export function discover(inputs: readonly string[], options: { skipDirectory?: (dir: string) => boolean } = {}): Discovery {
  const files: DiscoveredFile[] = [];
  const problems: DiscoveryProblem[] = [];
  const directories: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  /** `real` is known for a plain file in a walked directory (its directory's real path + its name). */
  const addFile = (file: string, explicit: boolean, knownReal?: string) => {
    const real = knownReal ?? realPath(file);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ path: file, explicit });
  };

  const walk = (dir: string) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      problems.push({ path: dir, message: errorText(e), kind: "unreadable" });
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    if (options.skipDirectory?.(dir)) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, message: errorText(e), kind: "unreadable" });
      return;
    }
    directories.push(dir);
    entries.sort((a, b) => compareNames(a.name, b.name));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const full = path.join(dir, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const link = entry.isSymbolicLink();
      if (link) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          // A dangling link or a link loop (ELOOP): nothing to lint behind it.
          if ((e as NodeJS.ErrnoException).code !== "ENOENT" && (e as NodeJS.ErrnoException).code !== "ELOOP") {
            problems.push({ path: full, message: errorText(e), kind: "unreadable" });
          }
          continue;
        }
      }
      if (isDir) {
        if (!SKIPPED_DIRECTORIES.has(name)) subdirs.push(full);
      } else if (isFile && isManifestName(name)) {
        // Only a link needs realpath: a plain entry's real path is its directory's plus its name.
        addFile(full, false, link ? undefined : path.join(real, name));
      }
    }
    // kubectl apply -R applies a directory's files before descending into subdirectories.
    for (const sub of subdirs) walk(sub);
  };

  for (const input of inputs) {
    if (input === "-") {
      files.push({ path: "-", explicit: true });
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({
        path: input,
        message: code === "ENOENT" ? "no such file or directory" : errorText(e),
        kind: code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable",
      });
      continue;
    }
    if (st.isDirectory()) walk(input);
    else addFile(input, true);
  }
  return { files, problems, directories };
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Byte-wise order, as Go's filepath.Walk (and so kubectl apply -f DIR) sorts names. */
export function compareNames(a: string, b: string): number {
  // Without surrogate pairs, UTF-16 order is code point order, which is UTF-8 byte order.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENOENT":
      return "no such file or directory";
    default:
      return err.message ?? String(e);
  }
}
