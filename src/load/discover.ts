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
  /**
   * What the walk learnt of each directory in `directories` (by that path), so that rendering asks the
   * file system again only where it must: a realpath and four stats per directory were ~3% of a run
   * of 10,000 resources, almost all in directories that hold neither a kustomization nor a chart.
   */
  walked?: ReadonlyMap<string, WalkedDirectory>;
}

export interface WalkedDirectory {
  /** Its real path: its parent's plus its name, unless it was reached through a link. */
  real: string;
  /**
   * Whether an entry's name is one of the `rootFiles` given to discover, compared without case (a file
   * system may be case-insensitive, and what it answers for the exact name decides, as before): when
   * false, the directory is neither a Kustomize root nor a chart. True for every directory without them.
   */
  mayRender: boolean;
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
export interface DiscoverOptions {
  skipDirectory?: (dir: string) => boolean;
  /** Names of the files that make a directory a root to render (src/render/root-files.ts), for `walked`. */
  rootFiles?: readonly string[];
}

export function discover(inputs: readonly string[], options: DiscoverOptions = {}): Discovery {
  const files: DiscoveredFile[] = [];
  const problems: DiscoveryProblem[] = [];
  const directories: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const walked = new Map<string, WalkedDirectory>();
  const rootNames = options.rootFiles && new Set(options.rootFiles.map((n) => n.toLowerCase()));

  /** `real` is known for a plain file in a walked directory (its directory's real path + its name). */
  const addFile = (file: string, explicit: boolean, knownReal?: string) => {
    const real = knownReal ?? realPath(file);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ path: file, explicit });
  };

  /** `knownReal`: the real path of a subdirectory that is not a link (its parent's real path and its name). */
  const walk = (dir: string, knownReal?: string) => {
    let real: string;
    try {
      real = knownReal ?? fs.realpathSync(dir);
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
    const subdirs: Array<[string, string | undefined]> = [];
    let mayRender = rootNames === undefined;
    for (const entry of entries) {
      const name = entry.name;
      if (!mayRender && rootNames!.has(name.toLowerCase())) mayRender = true;
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
        if (!SKIPPED_DIRECTORIES.has(name)) subdirs.push([full, link ? undefined : path.join(real, name)]);
      } else if (isFile && isManifestName(name)) {
        // Only a link needs realpath: a plain entry's real path is its directory's plus its name.
        addFile(full, false, link ? undefined : path.join(real, name));
      }
    }
    walked.set(dir, { real, mayRender });
    // kubectl apply -R applies a directory's files before descending into subdirectories.
    for (const [sub, subReal] of subdirs) walk(sub, subReal);
  };

  for (const input of inputs) {
    if (input === "-") {
      // Standard input is read once, as a file named twice is.
      if (!files.some((f) => f.path === "-")) files.push({ path: "-", explicit: true });
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
  return { files, problems, directories, walked };
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
