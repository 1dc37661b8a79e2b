import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { gitRepo } from "./helpers/git-repo.js";

// `k8slint --staged FILE...` as pre-commit runs the hook (pass_filenames): at a commit the names are
// the staged files and the staged change is linted; under `pre-commit run --all-files` or `--files`
// a name is no part of the staged change, and the named files are linted as the working tree has
// them, with their directories and parents as context. Real repositories, the real CLI.

const BIN = path.join(ROOT, "bin/k8slint");

const CONFIG = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n";
const pod = (name: string, runAsUser: number) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  securityContext:\n    runAsUser: ${runAsUser}\n  containers:\n    - name: ${name}\n      image: registry.example.com/${name}:1.4.2\n      envFrom:\n        - configMapRef: {name: api-config}\n`;

function repo() {
  const { dir, env, git, write } = gitRepo("k8slint-staged-named-");
  write("k8s/00-config.yaml", CONFIG);
  write("k8s/apps/10-api.yaml", pod("api", 10001));
  write("k8s/apps/20-worker.yaml", pod("worker", 10001));
  write("README.md", "# shop\n");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  const run = (vars: NodeJS.ProcessEnv, names: string[]) => {
    const r = spawnSync(process.execPath, [BIN, "--staged", "-f", "json", ...names], { cwd: dir, encoding: "utf8", env: { ...env, ...vars }, timeout: 120_000 });
    const results: Array<{ file: string; ruleId: string; line: number }> = r.stdout ? (JSON.parse(r.stdout) as { results: [] }).results : [];
    return { status: r.status, stderr: r.stderr, results };
  };
  const staged = (...names: string[]) => run({}, names);
  /** As pre-commit runs the hook: PRE_COMMIT=1, and only the names its filters let through. */
  const hook = (...names: string[]) => run({ PRE_COMMIT: "1" }, names);
  return { git, write, staged, hook };
}

/** A merge of a branch "feature" (which also does `more`) whose 10-api.yaml conflicts with main's, left unresolved. */
function mergeWithConflict(t: ReturnType<typeof repo>, more: () => void = () => {}): void {
  t.git("checkout", "-q", "-b", "feature");
  more();
  t.write("k8s/apps/10-api.yaml", pod("api", 20));
  t.git("commit", "-q", "-am", "feature");
  t.git("checkout", "-q", "main");
  t.write("k8s/apps/10-api.yaml", pod("api", 30));
  t.git("commit", "-q", "-am", "main");
  expect(() => t.git("merge", "-q", "feature")).toThrow();
}

describe("--staged with the file names pre-commit passes", () => {
  it("names that are all staged: the staged change, read from the index", () => {
    const t = repo();
    t.write("k8s/apps/10-api.yaml", pod("api", 0));
    t.git("add", "k8s/apps/10-api.yaml");
    // Changed again on disk after staging: the commit holds the staged version.
    t.write("k8s/apps/10-api.yaml", pod("api", 10001));
    const r = t.staged("k8s/apps/10-api.yaml");
    expect(r.stderr).toBe("");
    expect(r.results.filter((f) => f.ruleId === "run-as-non-root").map((f) => [f.file, f.line])).toEqual([["k8s/apps/10-api.yaml", 8]]);
  });

  it("names that are not staged (--all-files): the named files on disk, their parents' manifests as context", () => {
    const t = repo();
    t.write("k8s/apps/20-worker.yaml", pod("worker", 0)); // changed on disk, not staged
    const r = t.staged("README.md", "k8s/00-config.yaml", "k8s/apps/10-api.yaml", "k8s/apps/20-worker.yaml");
    expect(r.stderr).toBe("");
    expect(r.results.filter((f) => f.ruleId === "run-as-non-root").map((f) => [f.file, f.line])).toEqual([["k8s/apps/20-worker.yaml", 8]]);
    // The ConfigMap in k8s/ is found from k8s/apps/.
    expect(r.results.map((f) => f.ruleId)).not.toContain("missing-reference");
    expect(r.status).toBe(1);
  });

  it("reports only the named files; the others are context", () => {
    const t = repo();
    t.write("k8s/apps/20-worker.yaml", pod("worker", 0));
    const r = t.staged("k8s/apps/10-api.yaml");
    expect(r.results.map((f) => f.file)).not.toContain("k8s/apps/20-worker.yaml");
    expect(r.results.map((f) => f.ruleId)).not.toContain("missing-reference");
  });

  it("untracked files give no context", () => {
    const t = repo();
    t.git("rm", "-q", "--cached", "k8s/00-config.yaml"); // on disk, no longer tracked
    t.git("commit", "-q", "-m", "untrack the ConfigMap");
    const r = t.staged("k8s/apps/10-api.yaml");
    expect(r.results.filter((f) => f.ruleId === "missing-reference").map((f) => f.file)).toEqual(["k8s/apps/10-api.yaml"]);
  });

  it("at a commit, pre-commit's names (its files: and exclude:) say which staged files are reported", () => {
    const t = repo();
    t.write("k8s/apps/10-api.yaml", pod("api", 0));
    t.write("k8s/apps/20-worker.yaml", pod("worker", 0));
    t.git("add", "k8s/apps");
    const one = t.hook("k8s/apps/20-worker.yaml");
    expect(one.stderr).toBe("");
    expect(one.results.filter((f) => f.ruleId === "run-as-non-root").map((f) => f.file)).toEqual(["k8s/apps/20-worker.yaml"]);
    // None let through: nothing reported. By hand, no names is the whole staged change.
    expect(t.hook().results).toEqual([]);
    expect(new Set(t.staged().results.filter((f) => f.ruleId === "run-as-non-root").map((f) => f.file))).toEqual(new Set(["k8s/apps/10-api.yaml", "k8s/apps/20-worker.yaml"]));
  });

  it("at a commit, a deletion is checked whatever pre-commit names", () => {
    const t = repo();
    t.git("rm", "-q", "k8s/00-config.yaml");
    const r = t.hook();
    expect(r.results.filter((f) => f.ruleId === "missing-reference").map((f) => f.file).sort()).toEqual(["k8s/apps/10-api.yaml", "k8s/apps/20-worker.yaml"]);
  });

  it("under pre-commit, a named file changed on disk since staging means --files: the working tree is linted", () => {
    const t = repo();
    t.write("k8s/apps/10-api.yaml", pod("api", 0));
    t.git("add", "k8s/apps/10-api.yaml");
    t.write("k8s/apps/10-api.yaml", pod("api", 10001));
    // At a commit pre-commit stashes what is not staged first; with --files it does not.
    const r = t.hook("k8s/apps/10-api.yaml");
    expect(r.results.filter((f) => f.ruleId === "run-as-non-root")).toEqual([]);
    expect(r.results.map((f) => f.file)).toContain("k8s/apps/10-api.yaml");
  });

  it("at a merge commit, the conflicted files pre-commit names are part of the commit: deletions are checked", () => {
    const t = repo();
    mergeWithConflict(t, () => t.git("rm", "-q", "k8s/00-config.yaml"));
    t.git("checkout", "--ours", "k8s/apps/10-api.yaml");
    t.git("add", "k8s/apps/10-api.yaml");
    // pre-commit names the conflicted file only, here as HEAD has it.
    const r = t.hook("k8s/apps/10-api.yaml");
    expect(r.results.filter((f) => f.ruleId === "missing-reference").map((f) => f.file).sort()).toEqual(["k8s/apps/10-api.yaml", "k8s/apps/20-worker.yaml"]);
  });

  it("a merge with a conflict not yet resolved is a usage error that names the file, not an internal one", () => {
    const t = repo();
    mergeWithConflict(t);
    t.write("k8s/apps/30-cron.yaml", pod("cron", 10001));
    t.git("add", "k8s/apps/30-cron.yaml");
    const r = t.staged();
    expect(r.stderr).toBe("k8slint: --staged: k8s/apps/10-api.yaml has merge conflicts: resolve them and git add it before linting the commit\n");
    expect(r.status).toBe(2);
  });

  it("a name typed by hand that is no file, or a directory, is a usage error", () => {
    const t = repo();
    const missing = t.staged("k8s/apps/nope.yaml");
    expect(missing.stderr).toBe("k8slint: --staged: k8s/apps/nope.yaml: no such file\n");
    expect(missing.status).toBe(2);
    // A name is shown with its control characters escaped: a terminal escape in it would act on the terminal.
    expect(t.staged("k8s/apps/\u001b]0;owned\u0007.yaml").stderr).toBe("k8slint: --staged: k8s/apps/\\e]0;owned\\x07.yaml: no such file\n");
    const dir = t.staged("k8s");
    expect(dir.stderr).toMatch(/^k8slint: --staged takes the files pre-commit names, not directories \(k8s\)/);
    expect(dir.status).toBe(2);
  });
});
