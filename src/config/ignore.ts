import { readBoundedText } from "../load/read-bounded.js";
import path from "node:path";
import { compileGlobs } from "./glob.js";

export const IGNORE_FILE = ".k8slintignore";

/** `.k8slintignore` lines: gitignore syntax, comments and blank lines skipped. */
export function readIgnoreFile(file: string): string[] {
  try {
    return readBoundedText(file, 1024 * 1024).split(/\r?\n/);
  } catch {
    return [];
  }
}

/**
 * The ignore predicate for a run: `ignore:` patterns of the config file and the lines of the
 * `.k8slintignore` beside it (or, with no config file, in the working directory), relative to the
 * directory that holds them.
 */
export function ignorePredicate(baseDir: string, patterns: readonly string[]): ((absPath: string, isDirectory: boolean) => boolean) | undefined {
  const all = [...patterns, ...readIgnoreFile(path.join(baseDir, IGNORE_FILE))];
  if (all.every((p) => p.trim() === "" || p.trim().startsWith("#"))) return undefined;
  const matcher = compileGlobs(all);
  return (absPath, isDirectory) => {
    const rel = path.relative(baseDir, absPath);
    if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return false;
    return matcher.matches(rel.split(path.sep).join("/"), isDirectory);
  };
}
