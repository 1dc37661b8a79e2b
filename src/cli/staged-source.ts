import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "./usage.js";

/**
 * Where --staged reads the change it checks. A commit: the git index, against HEAD. A range (pre-commit
 * sets PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF for `pre-commit run --from-ref A --to-ref B` and at the
 * pre-push stage, where nothing is staged): the commit TO, against the merge base of FROM and TO, as
 * pre-commit names the changed files (`git diff FROM...TO`). TO's tree is read into an index file of
 * its own, so the rest of --staged (ls-files, checkout-index, `git grep --cached`, `:path` blobs) reads
 * either source the same way, given `env`.
 */
export interface ChangeSource {
  /** git's environment for reading the "after" side: GIT_INDEX_FILE holding TO's tree; none for the real index. */
  env?: NodeJS.ProcessEnv;
  /** `git diff --name-status` output of the change, with these options. */
  changes(options: readonly string[]): string;
  /** The revision of the "before" side (deletions are checked against it), or undefined when there is none (a first commit). */
  base(): string | undefined;
  dispose(): void;
}

type Git = (args: string[], env?: NodeJS.ProcessEnv) => string;

/** FROM and TO when pre-commit runs the hook on a range (both set and non-empty), else undefined. */
export function refRange(env: NodeJS.ProcessEnv = process.env): { from: string; to: string } | undefined {
  const from = env.PRE_COMMIT_FROM_REF;
  const to = env.PRE_COMMIT_TO_REF;
  return from && to ? { from, to } : undefined;
}

export function indexSource(git: Git): ChangeSource {
  return {
    changes: (options) => git(["diff", "--cached", ...options]),
    base: () => {
      try {
        git(["rev-parse", "--verify", "--quiet", "HEAD"]);
        return "HEAD";
      } catch {
        return undefined;
      }
    },
    dispose: () => {},
  };
}

export function refSource(git: Git, range: { from: string; to: string }): ChangeSource {
  const commitOf = (ref: string, name: string) => {
    try {
      return git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).trim();
    } catch {
      throw new UsageError(`--staged: ${name} ${JSON.stringify(ref)} is not a commit of this repository`);
    }
  };
  const from = commitOf(range.from, "PRE_COMMIT_FROM_REF");
  const to = commitOf(range.to, "PRE_COMMIT_TO_REF");
  let base: string;
  try {
    base = git(["merge-base", from, to]).trim().split("\n")[0];
  } catch {
    base = from; // no common history: pre-commit then diffs FROM..TO, and so does this
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-range-"));
  const env = { GIT_INDEX_FILE: path.join(dir, "index") };
  try {
    git(["read-tree", to], env);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    env,
    changes: (options) => git(["diff", ...options, base, to]),
    base: () => base,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
