import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { BIN } from "./helpers/temp-repo.js";

// The hooks of .pre-commit-hooks.yaml, run by a real `git commit` the way pre-commit runs them: the
// staged files (added, copied, modified, renamed) that match the hook's types_or and files, appended
// to entry and args, unless pass_filenames is false. (pre-commit itself is a Python package that
// these machines cannot install.) The git hook below is that runner, in a few lines of Node.

interface HookDef {
  id: string;
  entry: string;
  args?: string[];
  pass_filenames?: boolean;
  types_or?: string[];
  files?: string;
  require_serial?: boolean;
  language: string;
}

const HOOKS = parse(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as HookDef[];
const hook = (id: string) => HOOKS.find((h) => h.id === id)!;

const RUNNER = `#!/usr/bin/env node
const { execFileSync, spawnSync } = require("node:child_process");
const hook = JSON.parse(process.env.HOOK);
const ext = { yaml: [".yaml", ".yml"], json: [".json"] };
let files = execFileSync("git", ["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"], { encoding: "utf8" }).split("\\0").filter(Boolean);
if (hook.types_or) files = files.filter((f) => hook.types_or.some((t) => (ext[t] || []).some((e) => f.toLowerCase().endsWith(e))));
if (hook.files) files = files.filter((f) => new RegExp(hook.files).test(f));
if (files.length === 0) process.exit(0);
const [cmd, ...entryArgs] = hook.entry.split(/\\s+/);
if (cmd !== "k8slint") throw new Error("unexpected entry " + hook.entry);
const argv = [process.env.K8SLINT_BIN, ...entryArgs, ...(hook.args || []), ...(hook.pass_filenames === false ? [] : files)];
const r = spawnSync(process.execPath, argv, { stdio: "inherit" });
process.exit(r.status === null ? 1 : r.status);
`;

const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
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

let dir: string;
const git = (args: string[], env: Record<string, string> = {}) =>
  spawnSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", NO_COLOR: "1", ...env },
  });
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const commit = (id: string, message: string, args?: string[]) => {
  const def = { ...hook(id), ...(args ? { args } : {}) };
  const r = git(["commit", "-m", message], { HOOK: JSON.stringify(def), K8SLINT_BIN: BIN });
  // git sends a hook's standard output to its standard error.
  return { status: r.status, output: r.stdout + r.stderr };
};
const commits = () => git(["rev-list", "--count", "HEAD"]).stdout.trim();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-precommit-"));
  expect(git(["init", "-q", "-b", "main"]).status).toBe(0);
  fs.writeFileSync(path.join(dir, ".git/hooks/pre-commit"), RUNNER, { mode: 0o755 });
  write("k8s/00-namespace.yaml", NAMESPACE);
  write("k8s/01-config.yaml", CONFIG);
  git(["add", "."]);
  expect(git(["commit", "-q", "--no-verify", "-m", "base"]).status).toBe(0);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe(".pre-commit-hooks.yaml", () => {
  it("declares the two hooks as pre-commit expects them", () => {
    expect(HOOKS.map((h) => h.id)).toEqual(["k8slint", "k8slint-dir"]);
    for (const h of HOOKS) {
      expect(h.language).toBe("node");
      expect(h.entry.split(" ")[0]).toBe("k8slint");
      expect(h.types_or).toEqual(["yaml", "json"]);
    }
    expect(hook("k8slint-dir").pass_filenames).toBe(false);
    expect(hook("k8slint").pass_filenames).not.toBe(false);
  });

  it("k8slint rejects a commit with a bad manifest and accepts it fixed", () => {
    write("k8s/api.yaml", deployment(0));
    git(["add", "k8s/api.yaml"]);
    const bad = commit("k8slint", "add api as root");
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/^k8s\/api\.yaml$/m);
    expect(bad.output).toMatch(/^\s+\d+:\d+\s+error\s+Deployment shop\/api: .*run-as-non-root$/m);
    expect(commits()).toBe("1");

    write("k8s/api.yaml", deployment(10001));
    git(["add", "k8s/api.yaml"]);
    const good = commit("k8slint", "add api");
    expect(good.output).not.toMatch(/\berror\b/);
    expect(good.status).toBe(0);
    expect(commits()).toBe("2");
  });

  it("k8slint reports only the staged files, but cross-resource rules see their directory", () => {
    // A control run of the file alone: its ConfigMap, in a sibling file, looks missing.
    write("k8s/api.yaml", deployment(10001));
    const alone = spawnSync(process.execPath, [BIN, "k8s/api.yaml"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(alone.stdout).toMatch(/ConfigMap shop\/api-config.*missing-reference|missing-reference/);
    expect(alone.stdout).toContain("api-config");

    // An old bad file in the same directory, committed before the hook existed.
    write("k8s/legacy.yaml", deployment(0).replace(/name: api$/m, "name: legacy").replace(/app: api/g, "app: legacy").replace("api-config", "legacy-config"));
    git(["add", "k8s/legacy.yaml"]);
    git(["commit", "-q", "--no-verify", "-m", "legacy"]);

    git(["add", "k8s/api.yaml"]);
    const r = commit("k8slint", "add api");
    expect(r.status, r.output).toBe(0);
    expect(r.output).not.toContain("legacy");
    expect(r.output).not.toContain("api-config");
  });

  it("k8slint-dir lints the directories in args, whatever was staged", () => {
    write("k8s/legacy.yaml", deployment(0));
    git(["add", "k8s/legacy.yaml"]);
    git(["commit", "-q", "--no-verify", "-m", "legacy"]);
    write("README.yaml", "title: docs\n");
    git(["add", "README.yaml"]);
    const r = commit("k8slint-dir", "docs", ["k8s/"]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("k8s/legacy.yaml");
    // Nothing staged that the hook's types match: it does not run.
    git(["reset", "-q", "--", "README.yaml"]);
    write("notes.txt", "hello\n");
    git(["add", "notes.txt"]);
    expect(commit("k8slint-dir", "notes", ["k8s/"]).status).toBe(0);
  });
});
