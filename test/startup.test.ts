import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { ROOT } from "./helpers/fixtures.js";

// What a run loads: every pre-commit run pays for it. The CLI runs with a module hook that records
// each file of dist/ it loads; the code in them tells what was loaded (the timing is bench/startup.mjs's).
// Node's own modules it loaded are in process.moduleLoadList at exit, however they were loaded (read in
// a run without the hook, which itself runs on a worker thread).

let dir: string;
let hook: string;
let builtinsAtExit: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-startup-"));
  fs.writeFileSync(
    path.join(dir, "hooks.mjs"),
    `import fs from "node:fs";\nexport async function load(url, context, next) {\n  if (url.startsWith("file:") && url.includes("/dist/")) fs.appendFileSync(process.env.K8SLINT_LOADED, url + "\\n");\n  return next(url, context);\n}\n`,
  );
  hook = path.join(dir, "register.mjs");
  fs.writeFileSync(hook, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(path.join(dir, "hooks.mjs")).href)});\n`);
  builtinsAtExit = path.join(dir, "builtins.mjs");
  fs.writeFileSync(
    builtinsAtExit,
    `import fs from "node:fs";\nprocess.on("exit", () => fs.writeFileSync(process.env.K8SLINT_BUILTINS, process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)).join("\\n")));\n`,
  );
  fs.mkdirSync(path.join(dir, "repo", ".git"), { recursive: true });
  fs.writeFileSync(path.join(dir, "repo", "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The code of the dist/ files a CLI run loaded, and its exit status. */
function loaded(args: string[], cwd = path.join(dir, "repo")): { code: string; status: number | null } {
  const list = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(list, "");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(hook).href, path.join(ROOT, "bin/k8slint"), ...args], { cwd, encoding: "utf8", env: { ...process.env, K8SLINT_LOADED: list } });
  const files = fs.readFileSync(list, "utf8").split("\n").filter(Boolean);
  expect(files.length).toBeGreaterThan(0);
  return { code: files.map((u) => fs.readFileSync(new URL(u), "utf8")).join("\n"), status: r.status };
}

/** Node's modules a CLI run loaded ("fs", "child_process", "internal/…"). */
function builtinsLoaded(args: string[], cwd = path.join(dir, "repo")): string[] {
  const list = path.join(dir, `builtins-${Math.random().toString(36).slice(2)}`);
  spawnSync(process.execPath, ["--import", pathToFileURL(builtinsAtExit).href, path.join(ROOT, "bin/k8slint"), ...args], { cwd, encoding: "utf8", env: { ...process.env, K8SLINT_BUILTINS: list } });
  return fs.readFileSync(list, "utf8").split("\n");
}

// Markers of what a chunk holds: a rule's metadata, ajv's code, yargs' code, the yaml parser.
const RULES = '"run-as-non-root"';
const AJV = "strictSchema";
const YARGS = "YargsInstance";
const YAML = "Implicit map keys need to be";
const FAST_GLOB = "Patterns must be a string";
// The CEL library, and the admission-policy evaluator that comes with it (src/cel/load.ts).
const CEL = "invalid_comprehension_range";
const POLICY_EVALUATOR = "which is neither in the set";
const LSP = "textDocument/publishDiagnostics";
const DIFF = "extendedWordChars"; // the diff library: --fix --dry-run's patches
/** Node's modules that only rendering, --staged, parse workers and SARIF need. */
const NODE_HEAVY = ["child_process", "worker_threads", "crypto"];

describe("start-up loads only what the run needs", () => {
  it("--version loads no rule, no argument parser, no ajv and no YAML parser", () => {
    const { code, status } = loaded(["--version"]);
    expect(status).toBe(0);
    for (const m of [RULES, AJV, YARGS, YAML]) expect(code.includes(m), m).toBe(false);
  });

  it("--help loads the argument parser but no rule and no ajv", () => {
    const { code, status } = loaded(["--help"]);
    expect(status).toBe(0);
    expect(code.includes(YARGS)).toBe(true);
    for (const m of [RULES, AJV, YAML]) expect(code.includes(m), m).toBe(false);
  });

  it("a run on a manifest without a config file or a CRD loads neither ajv, fast-glob, CEL and its policy evaluator, the LSP, the diff library, nor Node's child_process, worker_threads and crypto", () => {
    const { code, status } = loaded(["pod.yaml"]);
    expect(status).toBe(1);
    expect(code.includes(RULES)).toBe(true);
    for (const m of [AJV, FAST_GLOB, CEL, POLICY_EVALUATOR, LSP, DIFF]) expect(code.includes(m), m).toBe(false);
    const builtins = builtinsLoaded(["pod.yaml"]);
    expect(builtins).toContain("fs");
    for (const m of NODE_HEAVY) expect(builtins, m).not.toContain(m);
    // The SARIF report (its fingerprints) takes node:crypto when it is written.
    expect(builtinsLoaded(["-f", "sarif", "pod.yaml"])).toContain("crypto");
    // Only a glob pattern among the paths loads it.
    expect(loaded(["*.yaml"]).code.includes(FAST_GLOB)).toBe(true);
  });

  it("a ValidatingAdmissionPolicy in the set loads the CEL engine and the policy evaluator", () => {
    const policy = path.join(ROOT, "fixtures/rules/admission-policy");
    const { code } = loaded(["--no-config", "-f", "json", policy], ROOT);
    expect(code.includes(CEL)).toBe(true);
    expect(code.includes(POLICY_EVALUATOR)).toBe(true);
  });

  it("a config file, or a CRD in the set, loads ajv, and custom resources are validated", () => {
    const crds = path.join(ROOT, "fixtures/rules/schema/crd-and-resources");
    const withCrd = loaded(["--no-config", "-f", "json", crds], ROOT);
    expect(withCrd.code.includes(AJV)).toBe(true);
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/k8slint"), "--no-config", "-f", "json", crds], { cwd: ROOT, encoding: "utf8" });
    const schema = (JSON.parse(r.stdout) as { results: Array<{ ruleId: string; file: string }> }).results.filter((f) => f.ruleId === "schema");
    expect(schema.some((f) => f.file.endsWith("30-unknown-field.yaml"))).toBe(true);

    fs.writeFileSync(path.join(dir, "repo", ".k8slint.yaml"), "rules:\n  image-tag: error\n");
    try {
      expect(loaded(["pod.yaml"]).code.includes(AJV)).toBe(true);
    } finally {
      fs.rmSync(path.join(dir, "repo", ".k8slint.yaml"));
    }
  });
});
