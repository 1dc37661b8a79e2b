import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compareNames, isManifestName } from "../load/discover.js";
import { ROOT_FILE_NAMES } from "../render/root-files.js";
import { UsageError } from "./usage.js";
import { configFiles, flagsOf, type StagedFlags } from "./staged-config.js";
import { deletionCandidates } from "./staged-deletions.js";
import { indexSource, refRange, refSource, type ChangeSource } from "./staged-source.js";

/**
 * `--staged` (the pre-commit hook): lints what is being committed, not the working tree. The staged
 * versions of the changed manifests are written out (`git checkout-index`) with their context from the
 * index: the manifests of their directories and of every ancestor directory up to the repository root,
 * and whole Kustomize roots and Helm charts, so that an untracked ConfigMap on disk cannot make a commit
 * pass and a file in k8s/apps/ sees the Namespace in k8s/. A commit that deletes or renames a manifest
 * is checked too: the same context is written out as HEAD has it, and findings that the commit adds to
 * the files it does not change (a reference to an object it deletes) are reported; the context then
 * also holds, wherever they are, the directories that name an object it deletes and the Kustomize roots
 * that name a path it deletes (staged-deletions.ts). The run's
 * configuration is read from the index too (staged-config.ts): the config file and the paths it and
 * the flags name, written out where the run resolves them.
 * Under pre-commit's --from-ref/--to-ref and at pre-push (PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF set),
 * the same is done for the change from FROM to TO: "the index" is then TO's tree and "HEAD" the merge
 * base of FROM and TO (staged-source.ts).
 * pre-commit passes file names too. At a commit they are all staged files, and the staged change is
 * what is linted, reported for the named files (and for what deletions break). A name that is no part
 * of the staged change means a run on files instead: `pre-commit run --all-files` (every tracked file)
 * or `--files`, which pre-commit runs on the working tree. Those files are then linted as they are on
 * disk, with the same context (namedTree).
 */
export interface StagedTree {
  /** The staged tree's copy of the working directory: lint there, and paths read as in the repository. */
  cwd: string;
  /** What to lint: context files, and Kustomize roots and charts as directories. */
  paths: string[];
  /** The changed manifests to report on. */
  changed: string[];
  /** With deletions or renames: the unchanged context files, and the same context as HEAD has it. */
  removal?: { unchanged: string[]; head: { cwd: string; paths: string[] } };
  cleanup(): void;
}

const git = (cwd: string, args: string[], env?: NodeJS.ProcessEnv, input?: string) =>
  // Taken here, not imported: only --staged runs git, and loading node:child_process costs every run.
  process.getBuiltinModule("node:child_process").execFileSync("git", args, { cwd, encoding: "utf8", env: env ? { ...process.env, ...env } : process.env, input, stdio: ["pipe", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });

const ROOT_MARKERS = new Set(ROOT_FILE_NAMES);
const CONFIG_FILES = new Set([".k8slintignore"]);

/**
 * Changed and removed manifests of the commit (index against HEAD), repository-relative with "/", and
 * every path it deletes or renames away, manifest or not (a kustomization may name it).
 */
function stagedChanges(source: ChangeSource): { changed: string[]; removed: string[]; deleted: string[] } {
  const out = source.changes(["--name-status", "-z", "--find-renames", "--no-ext-diff", "--diff-filter=ACDMRTU"]).split("\0");
  const changed: string[] = [];
  const removed: string[] = [];
  const deleted: string[] = [];
  for (let i = 0; i < out.length - 1; ) {
    const status = out[i++];
    // An unmerged path has no staged version to write out, and git refuses the commit until it has one.
    if (status === "U") throw new UsageError(`--staged: ${out[i]} has merge conflicts: resolve them and git add it before linting the commit`);
    if (status.startsWith("R") || status.startsWith("C")) {
      const from = out[i++];
      const to = out[i++];
      if (status.startsWith("R")) deleted.push(from);
      if (status.startsWith("R") && isManifestName(from)) removed.push(from);
      if (isManifestName(to)) changed.push(to);
    } else {
      const file = out[i++];
      if (status === "D") deleted.push(file);
      if (!isManifestName(file)) continue;
      (status === "D" ? removed : changed).push(file);
    }
  }
  return { changed, removed, deleted };
}

const dirOf = (file: string) => (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "");
const ancestors = (dir: string) => {
  const out = [dir];
  while (dir !== "") out.push((dir = dirOf(dir)));
  return out;
};
const under = (file: string, dir: string) => dir === "" || file.startsWith(`${dir}/`);

/** The files of an index (the staging area, or HEAD's tree read into a temporary one) that give context. */
function selectContext(files: readonly string[], contextDirs: ReadonlySet<string>) {
  const roots = [...new Set(files.filter((f) => ROOT_MARKERS.has(path.posix.basename(f))).map(dirOf))];
  const inRoot = (f: string) => roots.some((r) => under(f, r));
  const write = files.filter((f) => inRoot(f) || ((isManifestName(f) || CONFIG_FILES.has(path.posix.basename(f))) && contextDirs.has(dirOf(f))));
  // A context directory that is a root is linted as a directory (rendered); others file by file.
  const lint: string[] = [];
  for (const dir of [...contextDirs].sort()) {
    if (roots.includes(dir)) lint.push(dir === "" ? "." : dir);
    else if (!roots.some((r) => under(dir, r) && r !== dir)) lint.push(...files.filter((f) => dirOf(f) === dir && isManifestName(f)).sort((a, b) => compareNames(path.posix.basename(a), path.posix.basename(b))));
  }
  return { write, lint, inRoot };
}

function writeOut(top: string, dest: string, files: readonly string[], env?: NodeJS.ProcessEnv): void {
  // An empty .git marks the top, so config discovery and SARIF's repository root stop here.
  fs.mkdirSync(path.join(dest, ".git"), { recursive: true });
  if (files.length > 0) git(top, ["checkout-index", "-z", "--stdin", `--prefix=${dest}${path.sep}`], env, files.join("\0"));
}

/** `abs` relative to `root`, with "/": how git and the Kustomize roots name files. */
const repoPath = (root: string, abs: string) => path.relative(root, abs).split(path.sep).join("/");

/** Kubernetes objects, or a role in a Kustomize root or chart (`inRoot` of its path in `root`): what the hook reports. */
function isKubernetesFile(file: string, root: string, inRoot: (f: string) => boolean): boolean {
  if (inRoot(repoPath(root, file))) return true;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return true; // unreadable: lint() says why
  }
  return /(^|[\s{,])"?apiVersion"?\s*:/m.test(text) && /(^|[\s{,])"?kind"?\s*:/m.test(text);
}

/** The staged tree to lint, or undefined when the commit changes no manifest. */
export function stagedTree(cwd: string, named: readonly string[] = [], flags: StagedFlags = flagsOf(process.argv.slice(2))): StagedTree | undefined {
  let top: string;
  try {
    top = fs.realpathSync(git(cwd, ["rev-parse", "--show-toplevel"]).trim());
  } catch {
    throw new UsageError("--staged lints a git repository's staged changes: run it inside one");
  }
  const range = refRange();
  // In a range, pre-commit names the range's files: the range itself is what to check.
  const names = range ? undefined : namedFiles(top, cwd, named);
  if (names?.onDisk) return namedTree(top, fs.realpathSync(cwd), names.files);
  const source = range ? refSource((args, env) => git(top, args, env), range) : indexSource((args, env) => git(top, args, env));
  try {
    const tree = treeOf(top, cwd, flags, source, names && new Set(names.files));
    if (!tree) {
      source.dispose();
      return undefined;
    }
    const own = tree.cleanup;
    tree.cleanup = () => {
      own();
      source.dispose();
    };
    return tree;
  } catch (e) {
    source.dispose();
    throw e;
  }
}

/**
 * The files pre-commit names (repository-relative), and whether they are a run on files rather than a
 * commit's; undefined when the names say nothing (none, and not under pre-commit). Under pre-commit
 * (it sets PRE_COMMIT=1) the names are the staged files its `files:`, `exclude:` and `types:` let
 * through, none at all included: those are the ones a commit's run reports on. Deletions are checked
 * whatever the names (pre-commit never names a deleted file); when pre-commit splits a long list over
 * several runs (xargs, past ~128 KiB of names), each reports its own files and what deletions break.
 */
function namedFiles(top: string, cwd: string, named: readonly string[]): { files: string[]; onDisk: boolean } | undefined {
  const preCommit = process.env.PRE_COMMIT === "1";
  if (named.length === 0 && !preCommit) return undefined;
  const realCwd = fs.realpathSync(cwd);
  const files = named.map((p) => repoPath(top, path.resolve(realCwd, p)));
  const listed = (...args: string[]) => git(top, ["diff", "--name-only", "-z", "--no-ext-diff", ...args]).split("\0");
  const commitNames = new Set(listed("--cached"));
  // In a merge pre-commit names the conflicted files, which may be resolved as HEAD has them.
  if (merging(top)) for (const f of listed("--cached", "MERGE_HEAD")) commitNames.add(f);
  // At a commit pre-commit stashes what is not staged before it runs the hook; with --files it does
  // not: a named file that differs on disk from the index is one of a run on files.
  const changedOnDisk = preCommit && files.length > 0 ? new Set(listed()) : new Set<string>();
  return { files, onDisk: files.some((f) => !commitNames.has(f) || changedOnDisk.has(f)) };
}

function merging(top: string): boolean {
  try {
    git(top, ["rev-parse", "-q", "--verify", "MERGE_HEAD"]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The named files (repository-relative) as the working tree has them, with the tracked manifests of
 * their directories and of every parent directory, and whole Kustomize roots and charts, as context:
 * what --staged checks of a commit, checked in place. Untracked files give no context, as in a commit.
 */
function namedTree(top: string, cwd: string, files: readonly string[]): StagedTree | undefined {
  // pre-commit names existing files only; a name typed by hand may be neither.
  for (const f of files) {
    const stat = fs.statSync(path.join(top, f), { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`--staged: ${f}: no such file`);
    if (stat.isDirectory()) throw new UsageError(`--staged takes the files pre-commit names, not directories (${f}): lint a directory without --staged`);
  }
  const manifests = files.filter((f) => isManifestName(f) && !f.startsWith("../"));
  if (manifests.length === 0) return undefined;
  const contextDirs = new Set(manifests.flatMap((f) => ancestors(dirOf(f))));
  const tracked = git(top, ["ls-files", "-z", "--cached"]).split("\0").filter(Boolean);
  const context = selectContext(tracked, contextDirs);
  const abs = (f: string) => path.join(top, f);
  // A tracked file deleted on disk is no input (a commit would stage its deletion).
  const paths = context.lint.map(abs).filter((p) => fs.existsSync(p));
  const changed = manifests.map(abs).filter((p) => fs.existsSync(p) && isKubernetesFile(p, top, context.inRoot));
  if (paths.length === 0 || changed.length === 0) return undefined;
  return { cwd, paths, changed, cleanup: () => {} };
}

function treeOf(top: string, cwd: string, flags: StagedFlags, source: ChangeSource, named?: ReadonlySet<string>): StagedTree | undefined {
  const { env } = source;
  const { changed, removed, deleted } = stagedChanges(source);
  if (changed.length + removed.length + deleted.length === 0) return undefined;
  const contextDirs = new Set([...changed, ...removed].flatMap((f) => ancestors(dirOf(f))));
  const staged = git(top, ["ls-files", "-z", "--cached"], env).split("\0").filter(Boolean);
  // What a deletion breaks elsewhere: directories that name its objects, Kustomize roots that name its paths.
  const base = deleted.length > 0 ? source.base() : undefined;
  const elsewhere = base !== undefined ? deletionCandidates(top, (args, input) => git(top, args, env, input), { removed, deleted, changed, index: staged, base, env }) : [];
  for (const dir of elsewhere) for (const a of ancestors(dir)) contextDirs.add(a);
  if (changed.length + removed.length + elsewhere.length === 0) return undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-staged-"));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const realCwd = fs.realpathSync(cwd);
    const rel = path.relative(top, realCwd);
    const index = selectContext(staged, contextDirs);
    const stagedRoot = path.join(tmp, "index");
    const config = configFiles(top, rel.split(path.sep).join("/"), realCwd, staged, flags, (f) => git(top, ["show", `:${f}`], env));
    const written = new Set(index.write);
    writeOut(top, stagedRoot, [...index.write, ...config.files.filter((f) => !written.has(f))], env);
    // Copied rather than linked: a link would be walked by its real path, and needs rights on Windows.
    for (const p of config.fromWorkingTree) fs.cpSync(path.join(top, p), path.join(stagedRoot, p), { recursive: true, force: false });
    const at = (root: string) => (f: string) => path.join(root, f);
    const reported = changed.filter((f) => !named || named.has(f)).map(at(stagedRoot)).filter((f) => isKubernetesFile(f, stagedRoot, index.inRoot));
    const tree: StagedTree = { cwd: path.join(stagedRoot, rel), paths: index.lint.map(at(stagedRoot)), changed: reported, cleanup };
    fs.mkdirSync(tree.cwd, { recursive: true });
    if (tree.paths.length === 0) {
      // The commit deletes the last manifests of its context: nothing is left that it could break.
      cleanup();
      return undefined;
    }
    const before = removed.length > 0 || elsewhere.length > 0 ? (base ?? source.base()) : undefined;
    if (before !== undefined) {
      // The context as the change's "before" side has it (HEAD, or the range's merge base).
      const headEnv = { GIT_INDEX_FILE: path.join(tmp, "head-index") };
      git(top, ["read-tree", before], headEnv);
      const headFiles = git(top, ["ls-files", "-z", "--cached"], headEnv).split("\0").filter(Boolean);
      const head = selectContext(headFiles, contextDirs);
      const headRoot = path.join(tmp, "head");
      writeOut(top, headRoot, head.write, headEnv);
      fs.mkdirSync(path.join(headRoot, rel), { recursive: true });
      const touched = new Set([...changed, ...removed]);
      const unchanged = index.write.filter((f) => isManifestName(f) && !touched.has(f)).map(at(stagedRoot));
      tree.removal = { unchanged, head: { cwd: path.join(headRoot, rel), paths: head.lint.map(at(headRoot)) } };
    } else if (reported.length === 0) {
      cleanup();
      return undefined;
    }
    return tree;
  } catch (e) {
    cleanup();
    throw e;
  }
}
