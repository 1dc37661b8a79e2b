import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

// The hooks of .pre-commit-hooks.yaml, installed and run by real pre-commit (.ci/run installs it when
// it can) from a repository that uses this one by path and revision, through real `git commit`s.
// The hook repository is a commit of this working tree's package files, so what is tested is what
// would be tagged. Timings are bench/pre-commit.mjs's business; nothing here is timed.

interface HookDef {
  id: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  always_run?: boolean;
  types_or?: string[];
}
const HOOKS = parse(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as HookDef[];

const preCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
const available = preCommit.status === 0;
if (!available) console.warn("pre-commit hook tests skipped: pre-commit is not installed (apt-get install pre-commit; .ci/run installs it when it can)");

/** The files npm would install from this package (package.json "files" and what npm always adds). */
const PACKAGE_FILES = ["package.json", "package-lock.json", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "bin", "dist", "schema", "kube-schemas", "docs"];

const GIT_ENV = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
let tmp: string;
let env: NodeJS.ProcessEnv;
let hookRepo: string;
let rev: string;
let dir: string;

const run = (cmd: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...env, ...extra }, timeout: 300_000 });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
};
const git = (args: string[], extra: NodeJS.ProcessEnv = {}) => run("git", args, dir, extra);
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const commit = (message: string, skip?: string) => git(["commit", "-m", message], skip ? { SKIP: skip } : {});
const commits = () => git(["rev-list", "--count", "HEAD"]).output.trim();

const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
const POLICY = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";
const CONFIG = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n";
const deployment = (runAsUser: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: ${runAsUser !== 0}
        runAsUser: ${runAsUser}
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: api
          image: registry.example.com/api:1.4.2
          envFrom:
            - configMapRef: {name: api-config}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          ports: [{containerPort: 8080, name: http}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
          livenessProbe: {httpGet: {path: /live, port: http}}
`;
const COMPOSE = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: correct-horse-battery\n";
const WORKFLOW = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n";

describe(".pre-commit-hooks.yaml", () => {
  it("declares the staged-file hook (run on every commit: deletions too; the names tell it --all-files) and the directory hook", () => {
    expect(HOOKS.map((h) => h.id)).toEqual(["k8slint", "k8slint-dir"]);
    for (const h of HOOKS) expect(h.language).toBe("node");
    const staged = HOOKS[0];
    expect(staged.entry).toBe("k8slint --staged");
    expect(staged.pass_filenames).toBe(true);
    expect(staged.always_run).toBe(true);
    expect(HOOKS[1].pass_filenames).toBe(false);
    expect(HOOKS[1].types_or).toEqual(["yaml", "json"]);
  });
});

describe.skipIf(!available)("real pre-commit, through git commit", () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-precommit-"));
    // Its own cache, so that installing is tested; npm may use its cache (npm ci filled it).
    env = { ...process.env, ...GIT_ENV, NO_COLOR: "1", PRE_COMMIT_HOME: path.join(tmp, "cache"), npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false" };
    hookRepo = path.join(tmp, "k8slint");
    fs.mkdirSync(hookRepo);
    for (const f of PACKAGE_FILES) if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(hookRepo, f), { recursive: true });
    expect(run("git", ["init", "-q", "-b", "main"], hookRepo).status).toBe(0);
    run("git", ["add", "."], hookRepo);
    expect(run("git", ["commit", "-q", "-m", "k8slint"], hookRepo).status).toBe(0);
    rev = run("git", ["rev-parse", "HEAD"], hookRepo).output.trim();
  }, 120_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(tmp, "repo-"));
    expect(git(["init", "-q", "-b", "main"]).status).toBe(0);
    write(
      ".pre-commit-config.yaml",
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: k8slint\n        args: [--fail-on, warning]\n      - id: k8slint-dir\n        args: [k8s/]\n`,
    );
    expect(run("pre-commit", ["install"], dir).status).toBe(0);
    write("k8s/00-namespace.yaml", NAMESPACE);
    write("k8s/01-network-policy.yaml", POLICY);
    git(["add", "."]);
    expect(git(["commit", "-q", "--no-verify", "-m", "base"]).status).toBe(0);
  });

  it("installs the hooks (no build step), passes a good commit and fails a bad one", () => {
    const install = run("pre-commit", ["install-hooks"], dir);
    expect(install.output).not.toMatch(/tsc: not found|ERR!/);
    expect(install.status).toBe(0);

    write("k8s/apps/00-config.yaml", CONFIG);
    write("k8s/apps/10-api.yaml", deployment(0));
    git(["add", "k8s/apps"]);
    const bad = commit("api as root");
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/^k8s\/apps\/10-api\.yaml$/m);
    // The object's header line, then its finding.
    expect(bad.output).toMatch(/^ {2}Deployment shop\/api\n(?: {4}.*\n)*? {4}\d+:\d+ .*run-as-non-root/m);
    expect(commits()).toBe("1");

    write("k8s/apps/10-api.yaml", deployment(10001));
    git(["add", "k8s/apps/10-api.yaml"]);
    const good = commit("api");
    expect(good.output).toMatch(/k8slint\.+Passed/);
    expect(good.status, good.output).toBe(0);
    expect(commits()).toBe("2");
  }, 300_000);

  it("the staged-file hook lints the index: an untracked ConfigMap on disk does not make a commit pass", () => {
    write("k8s/apps/00-config.yaml", CONFIG); // on disk, never staged
    write("k8s/apps/10-api.yaml", deployment(10001));
    git(["add", "k8s/apps/10-api.yaml"]);
    const r = commit("api without its ConfigMap", "k8slint-dir");
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/ConfigMap shop\/api-config .*missing-reference/);
  }, 300_000);

  it("a staged file sees the manifests of its parent directories (the Namespace and NetworkPolicy in k8s/)", () => {
    write("k8s/apps/00-config.yaml", CONFIG);
    write("k8s/apps/10-api.yaml", deployment(10001));
    git(["add", "k8s/apps"]);
    const r = commit("api", "k8slint-dir");
    expect(r.output).not.toMatch(/missing-reference|network-policy/);
    expect(r.status, r.output).toBe(0);
  }, 300_000);

  it("deleting a manifest that others use fails the commit, at the reference", () => {
    write("k8s/apps/00-config.yaml", CONFIG);
    write("k8s/apps/10-api.yaml", deployment(10001));
    git(["add", "k8s/apps"]);
    expect(commit("api", "k8slint-dir").status).toBe(0);
    git(["rm", "-q", "k8s/apps/00-config.yaml"]);
    const r = commit("drop the ConfigMap", "k8slint-dir");
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^k8s\/apps\/10-api\.yaml$/m);
    expect(r.output).toMatch(/ConfigMap shop\/api-config .*missing-reference/);
    // Renaming it keeps the object: nothing breaks.
    git(["reset", "-q", "--hard"]);
    git(["mv", "k8s/apps/00-config.yaml", "k8s/apps/05-api-config.yaml"]);
    const renamed = commit("rename", "k8slint-dir");
    expect(renamed.status, renamed.output).toBe(0);
  }, 300_000);

  it("deleting a ConfigMap that another directory uses fails the commit, in that directory", () => {
    write("k8s/config/00-config.yaml", CONFIG);
    write("k8s/apps/10-api.yaml", deployment(10001));
    git(["add", "k8s"]);
    expect(commit("api", "k8slint-dir").status).toBe(0);
    git(["rm", "-q", "k8s/config/00-config.yaml"]);
    const r = commit("drop the ConfigMap", "k8slint-dir");
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^k8s\/apps\/10-api\.yaml$/m);
    expect(r.output).toMatch(/ConfigMap shop\/api-config .*missing-reference/);
    expect(commits()).toBe("2");
  }, 300_000);

  it("pre-commit run --from-ref/--to-ref (as at pre-push) checks the range, though nothing is staged", () => {
    write("k8s/apps/00-config.yaml", CONFIG);
    write("k8s/apps/10-api.yaml", deployment(0));
    git(["add", "k8s/apps"]);
    expect(git(["commit", "-q", "--no-verify", "-m", "api as root"]).status).toBe(0);
    const r = run("pre-commit", ["run", "k8slint", "--from-ref", "HEAD~1", "--to-ref", "HEAD"], dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^k8s\/apps\/10-api\.yaml$/m);
    expect(r.output).toMatch(/run-as-non-root/);
  }, 300_000);

  it("pre-commit run --all-files (as in CI) lints every tracked manifest as the working tree has it", () => {
    write("k8s/apps/00-config.yaml", CONFIG);
    write("k8s/apps/10-api.yaml", deployment(1000));
    git(["add", "k8s/apps"]);
    expect(git(["commit", "-q", "--no-verify", "-m", "api"]).status).toBe(0);
    expect(run("pre-commit", ["run", "k8slint", "--all-files"], dir).status).toBe(0);
    // Changed on disk, never staged: --all-files checks the working tree, as pre-commit does.
    write("k8s/apps/10-api.yaml", deployment(0));
    const r = run("pre-commit", ["run", "k8slint", "--all-files"], dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^k8s\/apps\/10-api\.yaml$/m);
    expect(r.output).toMatch(/run-as-non-root/);
    // Untracked files are no input: an untracked root Deployment is not reported.
    git(["checkout", "--", "k8s/apps/10-api.yaml"]);
    write("k8s/scratch.yaml", deployment(0).replace(/app: api/g, "app: scratch").replace("name: api\n", "name: scratch\n"));
    const clean = run("pre-commit", ["run", "k8slint", "--all-files"], dir);
    expect(clean.output).not.toContain("scratch");
    expect(clean.status, clean.output).toBe(0);
  }, 300_000);

  it("pre-commit run --files lints the named file with its directories as context", () => {
    write("k8s/apps/00-config.yaml", CONFIG);
    write("k8s/apps/10-api.yaml", deployment(0));
    git(["add", "k8s/apps"]);
    expect(git(["commit", "-q", "--no-verify", "-m", "api as root"]).status).toBe(0);
    const config = run("pre-commit", ["run", "k8slint", "--files", "k8s/apps/00-config.yaml"], dir);
    expect(config.output).not.toMatch(/10-api|run-as-non-root/);
    expect(config.status, config.output).toBe(0);
    const api = run("pre-commit", ["run", "k8slint", "--files", "k8s/apps/10-api.yaml"], dir);
    expect(api.status).not.toBe(0);
    expect(api.output).toMatch(/run-as-non-root/);
    // Its ConfigMap is found in its directory: no missing reference.
    expect(api.output).not.toMatch(/missing-reference/);
  }, 300_000);

  it("non-Kubernetes YAML (docker-compose, workflows) is not reported", () => {
    write("docker-compose.yaml", COMPOSE);
    write(".github/workflows/ci.yaml", WORKFLOW);
    git(["add", "docker-compose.yaml", ".github"]);
    const r = commit("compose and CI", "k8slint-dir");
    expect(r.output).not.toMatch(/hardcoded-credential|POSTGRES/);
    expect(r.status, r.output).toBe(0);
  }, 300_000);

  it("the directory hook lints the directories in args, whatever was staged", () => {
    write("k8s/legacy.yaml", deployment(0).replace(/app: api/g, "app: legacy").replace("name: api\n", "name: legacy\n"));
    git(["add", "k8s/legacy.yaml"]);
    git(["commit", "-q", "--no-verify", "-m", "legacy"]);
    write("notes.yaml", "title: notes\n");
    git(["add", "notes.yaml"]);
    const r = commit("notes", "k8slint");
    expect(r.status).not.toBe(0);
    expect(r.output).toContain("k8s/legacy.yaml");
  }, 300_000);
});
