import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

// The ways the README's install section gives, each as a user would take it, from npm's cache where
// it can (`npm ci` filled it with the packages the library's .d.ts names): the npm package
// (packed, then installed into a fresh project) and npx from a git clone. The pre-commit hook is
// test/pre-commit.test.ts's, the GitHub action test/action.test.ts's.

const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n";
const NPM_ENV = { npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", npm_config_loglevel: "error" };

let tmp: string;
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...NPM_ENV, NO_COLOR: "1", ...env }, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
};
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-install-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh project beside nothing of this repository, with one manifest to lint. */
function project(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "k8s"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true }, null, 2));
  fs.writeFileSync(path.join(dir, "k8s", "pod.yaml"), POD);
  return dir;
}

describe("the npm package", () => {
  it("holds exactly the runtime files: the launcher, the build, the schemas, and the README, licence and manifest", () => {
    const r = run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], ROOT);
    expect(r.status, r.stderr).toBe(0);
    const [pack] = JSON.parse(r.stdout) as Array<{ files: Array<{ path: string; mode: number }> }>;
    const files = pack.files.map((f) => f.path).sort();
    const dist = fs.readdirSync(path.join(ROOT, "dist")).map((f) => `dist/${f}`);
    expect(files).toEqual(
      ["LICENSE", "README.md", "bin/k8slint", ...dist, "kube-schemas/kubernetes.json", "package.json", "schema/config.json", "schema/custom-rule.json"].sort(),
    );
    // The launcher is executable as packed (npm links it as node_modules/.bin/k8slint).
    expect(pack.files.find((f) => f.path === "bin/k8slint")!.mode & 0o111).not.toBe(0);
  });

  it("installs from its tarball into a project, with no build step, and runs", () => {
    const r = run("npm", ["pack", "--ignore-scripts", "--pack-destination", tmp], ROOT);
    expect(r.status, r.stderr).toBe(0);
    const tarball = path.join(tmp, r.stdout.trim().split("\n").pop()!);
    const dir = project("uses-tarball");
    // --prefer-offline: resolving the package's dependency ranges needs their registry metadata, which
    // `npm ci` (installing from the lockfile) does not put in the cache; the registry is asked only then.
    const install = run("npm", ["install", "--prefer-offline", "--save-dev", tarball], dir);
    expect(install.status, install.output).toBe(0);
    expect(fs.existsSync(path.join(dir, "node_modules/k8slint/dist/k8slint.js"))).toBe(true);
    // The README's command after `npm i -D k8slint`.
    const lint = run("npx", ["--offline", "k8slint", "k8s/"], dir);
    expect(lint.status, lint.output).toBe(1);
    expect(lint.stdout).toMatch(/^k8s\/pod\.yaml$/m);
    expect(lint.stdout).toContain("run-as-non-root");
    // The library entry too, with its types.
    const lib = run(process.execPath, ["--input-type=module", "-e", 'import { lint } from "k8slint"; console.log(lint({ paths: ["k8s"] }).summary.resources)'], dir);
    expect(lib.stdout.trim(), lib.output).toBe("1");
    expect(fs.existsSync(path.join(dir, "node_modules/k8slint/dist/index.d.ts"))).toBe(true);
  }, 300_000);
});

describe("npx from git", () => {
  it("runs a commit of this repository, cloned by npm, with no build step", () => {
    // What a user's `npx git+https://github.com/k8slint/k8slint.git k8s/` gets: a commit of the
    // repository's files (here this working tree's package files, committed to a local repository).
    const repo = path.join(tmp, "k8slint-git");
    fs.mkdirSync(repo);
    for (const f of ["package.json", "package-lock.json", "README.md", "LICENSE", "bin", "dist", "schema", "kube-schemas"]) {
      fs.cpSync(path.join(ROOT, f), path.join(repo, f), { recursive: true });
    }
    const git = (...args: string[]) => run("git", args, repo, { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" });
    expect(git("init", "-q", "-b", "main").status).toBe(0);
    git("add", ".");
    expect(git("commit", "-q", "-m", "k8slint").status).toBe(0);
    const rev = git("rev-parse", "HEAD").stdout.trim();
    const dir = project("uses-git");
    // npx installs it under npm's cache (_npx/<hash>), where the type packages are read offline; the
    // install is removed afterwards, found by the repository it names.
    const r = run("npx", ["--yes", "--prefer-offline", `git+file://${repo}#${rev}`, "k8s/"], dir);
    const npxDir = path.join(run("npm", ["config", "get", "cache"], dir).stdout.trim(), "_npx");
    for (const d of fs.existsSync(npxDir) ? fs.readdirSync(npxDir) : []) {
      const manifest = path.join(npxDir, d, "package.json");
      if (fs.existsSync(manifest) && fs.readFileSync(manifest, "utf8").includes(repo)) fs.rmSync(path.join(npxDir, d), { recursive: true, force: true });
    }
    expect(r.output).not.toMatch(/tsc: not found|ERR!/);
    expect(r.status, r.output).toBe(1);
    expect(r.stdout).toMatch(/^k8s\/pod\.yaml$/m);
    expect(r.stdout).toContain("run-as-non-root");
  }, 300_000);
});
