#!/usr/bin/env node
// Time of the pre-commit hooks as a user sees it: `node bench/pre-commit.mjs [--reps 5]`.
// Makes a hook repository of this working tree's package files and a repository that uses it by path
// and revision (as test/pre-commit.test.ts does), then prints the wall time of installing the hooks
// and the median wall and CPU of each hook run (`pre-commit run <id>`) on a commit that stages one
// Deployment beside a Namespace and a ConfigMap, and of a commit that changes no manifest.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const reps = Number(args.includes("--reps") ? args[args.indexOf("--reps") + 1] : 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-bench-precommit-"));
const env = { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@example.com", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@example.com", NO_COLOR: "1", PRE_COMMIT_HOME: path.join(tmp, "cache") };

function run(cmd, argv, cwd) {
  const started = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", env });
  const wall = performance.now() - started;
  if (r.error) throw r.error;
  return { wall, status: r.status, output: r.stdout + r.stderr };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  if (spawnSync("pre-commit", ["--version"]).status !== 0) throw new Error("pre-commit is not installed (apt-get install pre-commit)");
  const hooks = path.join(tmp, "k8slint");
  for (const f of ["package.json", "package-lock.json", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "bin", "dist", "schema", "kube-schemas", "docs"]) {
    if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(hooks, f), { recursive: true });
  }
  run("git", ["init", "-q"], hooks);
  run("git", ["add", "."], hooks);
  run("git", ["commit", "-q", "-m", "k8slint"], hooks);
  const rev = run("git", ["rev-parse", "HEAD"], hooks).output.trim();
  const repo = path.join(tmp, "repo");
  fs.mkdirSync(path.join(repo, "k8s/apps"), { recursive: true });
  run("git", ["init", "-q"], repo);
  fs.writeFileSync(path.join(repo, ".pre-commit-config.yaml"), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: k8slint\n      - id: k8slint-dir\n        args: [k8s/]\n`);
  fs.writeFileSync(path.join(repo, "k8s/00-namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
  fs.writeFileSync(path.join(repo, "k8s/apps/00-config.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-config, namespace: shop}\ndata: {A: b}\n");
  run("git", ["add", "."], repo);
  run("git", ["commit", "-q", "-m", "base"], repo);
  const install = run("pre-commit", ["install-hooks"], repo);
  if (install.status !== 0) throw new Error(install.output);
  console.log(`pre-commit install-hooks (npm installs the package; nothing is built): ${(install.wall / 1000).toFixed(1)} s wall`);
  fs.writeFileSync(path.join(repo, "k8s/apps/10-api.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - {name: api, image: 'api:1.0', envFrom: [{configMapRef: {name: api-config}}]}\n");
  run("git", ["add", "k8s/apps/10-api.yaml"], repo);
  const cases = [
    ["k8slint (staged), one Deployment staged", ["run", "k8slint"]],
    ["k8slint-dir k8s/", ["run", "k8slint-dir"]],
  ];
  for (const [name, argv] of cases) {
    const walls = [];
    for (let i = 0; i < reps; i++) walls.push(run("pre-commit", argv, repo).wall);
    console.log(`  ${name.padEnd(44)} median ${median(walls).toFixed(0)} ms wall of ${reps} runs (pre-commit's own start included)`);
  }
  run("git", ["reset", "-q"], repo);
  fs.writeFileSync(path.join(repo, "notes.md"), "notes\n");
  run("git", ["add", "notes.md"], repo);
  const walls = [];
  for (let i = 0; i < reps; i++) walls.push(run("pre-commit", ["run", "k8slint"], repo).wall);
  console.log(`  ${"k8slint (staged), no manifest staged".padEnd(44)} median ${median(walls).toFixed(0)} ms wall`);
  const floor = [];
  for (let i = 0; i < reps; i++) floor.push(run("pre-commit", ["run", "check-nothing"], repo).wall);
  console.log(`  ${"pre-commit alone (an unknown hook id)".padEnd(44)} median ${median(floor).toFixed(0)} ms wall`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
