import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { Parser } from "yargs/helpers";
import { CONFIG_NAMES } from "../config/load-config.js";

/**
 * What --staged must write out besides the manifests it lints: the run's configuration. The run
 * resolves the config file (found from the working directory, or -c/--config) and every path it and
 * the flags name (customRules, policies, crds, --policy, --crds, --baseline) in the staged copy, as a normal run
 * does in the repository, so the copy holds them as the index has them: the configuration the
 * commit will contain.
 */
export interface StagedFlags {
  /** -c/--config; false for --no-config. */
  config?: string | false;
  policy?: string[];
  crds?: string[];
  /** --baseline: read from the working directory, as the others. */
  baseline?: string;
}

/**
 * The flags of a command line. stagedTree's caller (lint-command.ts) gives it only the working
 * directory, so by default they are read from the process's own arguments, with the parser yargs
 * uses: only these are declared, which is enough since the positional paths (the files pre-commit
 * names) are none of them.
 */
export function flagsOf(argv: readonly string[]): StagedFlags {
  const a = Parser([...argv], { string: ["config", "policy", "crds", "baseline"], alias: { config: ["c"] }, configuration: { "camel-case-expansion": false } }) as Record<string, unknown>;
  const list = (v: unknown) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && x !== ""));
  const config = Array.isArray(a.config) ? a.config[a.config.length - 1] : a.config;
  const baseline = list(a.baseline)?.pop();
  return { config: config === false ? false : typeof config === "string" && config !== "" ? config : undefined, policy: list(a.policy), crds: list(a.crds), baseline };
}

/** A repository-relative path with "/", or undefined when `abs` is outside the repository. */
function inRepo(top: string, abs: string): string | undefined {
  const rel = path.relative(top, abs);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join("/");
}

const inRepoList = (top: string, abs: string) => {
  const r = inRepo(top, abs);
  return r === undefined ? [] : [r];
};

/** The config file a run in `rel` (repository-relative) reads, in the index: the nearest, as findConfigFile looks. */
function foundConfig(rel: string, indexed: ReadonlySet<string>): string | undefined {
  for (let dir = rel; ; dir = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "") {
    for (const name of CONFIG_NAMES) {
      const f = dir === "" ? name : `${dir}/${name}`;
      if (indexed.has(f)) return f;
    }
    if (dir === "") return undefined;
  }
}

/** The config's lists of paths, relative to its directory; nothing when it does not parse (the run says why). */
function configPaths(text: string): string[] {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return [];
  }
  if (typeof value !== "object" || value === null) return [];
  const out: string[] = [];
  for (const key of ["customRules", "policies", "crds"]) {
    const v = (value as Record<string, unknown>)[key];
    if (Array.isArray(v)) for (const p of v) if (typeof p === "string" && p !== "") out.push(p);
  }
  return out;
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export interface ConfigFiles {
  /** Repository-relative paths of index files to write out. */
  files: string[];
  /** Repository-relative paths the index does not have but the working tree does (untracked, ignored). */
  fromWorkingTree: string[];
}

/**
 * The files of the index that the run's configuration reads: the config file, and every file at or
 * under a path that it or a flag names. A named path the index does not have is taken from the
 * working tree when it is there (CRDs a script downloads into an ignored directory, a config file
 * kept out of the repository); one that is nowhere is left missing, so the run reports it as a
 * normal run does. Absolute paths, and paths outside the repository, are not copied: the run reads them
 * where they are.
 * `readIndexed` reads a file's staged text.
 */
export function configFiles(top: string, rel: string, realCwd: string, indexed: readonly string[], flags: StagedFlags, readIndexed: (file: string) => string): ConfigFiles {
  const set = new Set(indexed);
  const named: string[] = [];
  let config: string | undefined;
  if (typeof flags.config === "string") {
    // An absolute path is read as it is, with the paths it names: only a relative one is in the copy.
    config = path.isAbsolute(flags.config) ? undefined : inRepo(top, path.resolve(realCwd, flags.config));
    if (config !== undefined) named.push(config);
  } else if (flags.config !== false) {
    config = foundConfig(rel, set);
  }
  const text = config === undefined ? undefined : set.has(config) ? readIndexed(config) : readIfFile(path.join(top, config));
  if (config !== undefined && text !== undefined) {
    const dir = path.posix.dirname(config);
    // Relative to the config file's directory, as the run resolves them.
    for (const p of configPaths(text)) if (!path.isAbsolute(p)) named.push(...inRepoList(top, path.resolve(top, dir, p)));
  }
  for (const p of [...(flags.policy ?? []), ...(flags.crds ?? []), ...(flags.baseline ? [flags.baseline] : [])]) if (!path.isAbsolute(p)) named.push(...inRepoList(top, path.resolve(realCwd, p)));
  const files = new Set<string>();
  const fromWorkingTree: string[] = [];
  if (config !== undefined && set.has(config)) files.add(config);
  for (const p of named) {
    const prefix = p === "" ? "" : `${p}/`;
    const within = set.has(p) ? [p] : indexed.filter((f) => f.startsWith(prefix));
    if (within.length > 0) for (const f of within) files.add(f);
    else if (p !== "" && fs.existsSync(path.join(top, p))) fromWorkingTree.push(p);
  }
  return { files: [...files], fromWorkingTree };
}
