import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { gitRepo } from "./helpers/git-repo.js";

// `k8slint --staged` where pre-commit runs it on a range (`pre-commit run --from-ref A --to-ref B`, the
// pre-push stage): PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF name the change, nothing is staged, and
// the change from FROM to TO is checked as a commit's would be, read from TO. Real repositories, the
// CLI run as the hook's entry runs it.

const BIN = path.join(ROOT, "bin/k8slint");

const CONFIG = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n";
const pod = (name: string, runAsUser: number) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  securityContext:\n    runAsUser: ${runAsUser}\n  containers:\n    - name: ${name}\n      image: registry.example.com/${name}:1.4.2\n      envFrom:\n        - configMapRef: {name: api-config}\n`;

interface Finding {
  file: string;
  ruleId: string;
}

function repo() {
  const { dir, env, git, write } = gitRepo("k8slint-staged-range-");
  /** Writes `files` (null deletes) and commits them without the hook; the new commit. */
  const commit = (files: Record<string, string | null>) => {
    for (const [rel, text] of Object.entries(files)) if (text === null) git("rm", "-q", rel);
    else write(rel, text);
    git("add", ".");
    git("commit", "-q", "--allow-empty", "-m", "change");
    return git("rev-parse", "HEAD").trim();
  };
  return {
    git,
    write,
    commit,
    /** `k8slint --staged --fail-on warning`, with the range pre-commit would set (none: a commit's run). */
    staged(range?: { from: string; to: string }) {
      const vars = range ? { PRE_COMMIT_FROM_REF: range.from, PRE_COMMIT_TO_REF: range.to } : {};
      const r = spawnSync(process.execPath, [BIN, "--staged", "--fail-on", "warning", "-f", "json"], { cwd: dir, encoding: "utf8", env: { ...env, ...vars }, timeout: 120_000 });
      const findings: Finding[] = r.stdout ? (JSON.parse(r.stdout) as { results: Finding[] }).results : [];
      return { status: r.status, stderr: r.stderr, files: [...new Set(findings.map((f) => f.file))], rules: findings.map((f) => f.ruleId) };
    },
  };
}

describe("--staged on pre-commit's range (PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF)", () => {
  it("reports a bad manifest the range adds, read from TO, with nothing staged", () => {
    const t = repo();
    const from = t.commit({ "k8s/apps/00-config.yaml": CONFIG });
    const to = t.commit({ "k8s/apps/10-api.yaml": pod("api", 0) });
    // A later commit fixes it: the range is still TO's change, not the working tree's.
    t.commit({ "k8s/apps/10-api.yaml": pod("api", 10001) });
    expect(t.staged().status).toBe(0); // a commit's run: nothing staged
    const r = t.staged({ from, to });
    expect(r.stderr).toBe("");
    expect(r.files).toEqual(["k8s/apps/10-api.yaml"]);
    expect(r.rules).toContain("run-as-non-root");
    expect(r.status).toBe(1);
  });

  it("passes a range that changes no manifest, whatever the index stages", () => {
    const t = repo();
    const from = t.commit({ "k8s/apps/00-config.yaml": CONFIG });
    const to = t.commit({ "README.md": "# shop\n" });
    t.write("k8s/apps/10-api.yaml", pod("api", 0));
    t.git("add", "k8s/apps/10-api.yaml");
    expect(t.staged().status).toBe(1); // the index's run sees it
    const r = t.staged({ from, to });
    expect(r.stderr).toBe("");
    expect(r.files).toEqual([]);
    expect(r.status).toBe(0);
  });

  it("reports what a deletion in the range breaks elsewhere, against FROM", () => {
    const t = repo();
    const from = t.commit({ "k8s/config/00-config.yaml": CONFIG, "k8s/apps/10-api.yaml": pod("api", 10001) });
    const to = t.commit({ "k8s/config/00-config.yaml": null });
    const r = t.staged({ from, to });
    expect(r.stderr).toBe("");
    expect(r.files).toEqual(["k8s/apps/10-api.yaml"]);
    expect([...new Set(r.rules)]).toEqual(["missing-reference"]);
    expect(r.status).toBe(1);
  });

  it("names the changed files as pre-commit does (FROM...TO): a change made only on FROM's side is not the range's", () => {
    const t = repo();
    // An old problem, fixed on FROM's branch only: TO, which the range checks, did not touch it.
    const base = t.commit({ "k8s/apps/00-config.yaml": CONFIG, "k8s/apps/10-api.yaml": pod("api", 0) });
    const to = t.commit({ "README.md": "# shop\n" });
    t.git("checkout", "-q", "-b", "other", base);
    const from = t.commit({ "k8s/apps/10-api.yaml": pod("api", 10001) });
    const r = t.staged({ from, to });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
