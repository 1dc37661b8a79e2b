import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { testTempDir } from "./temp-dir.js";

/** A fixed author, and no system or user git configuration to change what the tests see. */
export const GIT_ENV = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

export interface GitRepo {
  dir: string;
  /** The environment git and the CLI run with (no pre-commit range: a test run from a hook sets none). */
  env: NodeJS.ProcessEnv;
  /** Runs git in the repository; its standard output. A failure throws with git's message. */
  git(...args: string[]): string;
  write(rel: string, text: string): void;
}

/** A new git repository (branch main) in a temporary directory, for the tests of --staged and the hooks. */
export function gitRepo(prefix: string): GitRepo {
  const dir = fs.realpathSync(testTempDir(prefix));
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, NO_COLOR: "1" };
  delete env.PRE_COMMIT_FROM_REF;
  delete env.PRE_COMMIT_TO_REF;
  delete env.PRE_COMMIT;
  const git = (...args: string[]) => {
    const r = spawnSync("git", args, { cwd: dir, encoding: "utf8", env });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  git("init", "-q", "-b", "main");
  return { dir, env, git, write };
}
