import fs from "node:fs";
import path from "node:path";
import { displayPath } from "../lint.js";
import { compileGlobs } from "../config/glob.js";
import { IGNORE_FILE, readIgnoreFile } from "../config/ignore.js";
import type { ResolvedRun } from "../config/resolve-run.js";

/**
 * Why a run that read nothing read nothing, when it is because a path named on the command line is
 * ignored (`ignore:` in the config file, or .k8slintignore): "no manifest found" would send people
 * looking for a typo. Names the last pattern that matches it (a later `!pattern` may be what lets its
 * other files through, so this is the one to look at), as ESLint says a file is ignored.
 */
export function ignoredPathMessage(paths: readonly string[], cwd: string, run: ResolvedRun): string | undefined {
  const ignore = run.lintOptions.ignore;
  if (!ignore) return undefined;
  const isDirectory = (p: string) => fs.statSync(path.resolve(cwd, p), { throwIfNoEntry: false })?.isDirectory() ?? false;
  const named = paths.find((p) => p !== "-" && ignore(path.resolve(cwd, p), isDirectory(p)));
  if (named === undefined) return undefined;
  const baseDir = run.config?.dir ?? cwd;
  const rel = path.relative(baseDir, path.resolve(cwd, named)).split(path.sep).join("/");
  const dir = isDirectory(named);
  const sources = [
    ...(run.config?.config.ignore ?? []).map((pattern) => ({ pattern, where: `ignore: in ${displayPath(run.config!.file, cwd)}` })),
    ...readIgnoreFile(path.join(baseDir, IGNORE_FILE)).map((pattern) => ({ pattern, where: displayPath(path.join(baseDir, IGNORE_FILE), cwd) })),
  ];
  const by = sources.filter((s) => s.pattern.trim() !== "" && !/^\s*[#!]/.test(s.pattern) && compileGlobs([s.pattern]).matches(rel, dir)).pop();
  return `${named} is ignored${by ? ` by ${JSON.stringify(by.pattern.trim())} (${by.where})` : ""}`;
}
