#!/usr/bin/env node
// What a keystroke costs in `k8slint lsp`: the edited file is linted with its directory as context
// (as the pre-commit hook does), the other files' parses kept from the previous run (ParseCache).
//   node bench/lsp-keystroke.mjs [N]     (default 1000 resources)
// Two workspaces of N resources: the generated tree (a keystroke sees its team's directory), and the
// same objects in one directory (every keystroke has all N resources as context: the worst case).
// Two ways of linting a keystroke, alternated within each repetition:
//   whole:  every rule over the whole context, its files walked and read again (the server before #13's
//           incremental run);
//   focus:  as the server lints now: rules with a meta.scope run on the edited file's objects only
//           (`focus`), and the walk and the files' texts are kept (`contextCache`, which the server
//           keeps while the client reports changes on disk).
// Printed: median milliseconds of a cold lint of the context, of a keystroke each way, and of linting
// the whole workspace.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generate } from "./generate.mjs";
import { importSource } from "../scripts/import-source.mjs";

const { lint, ParseCache, WatchedContextCache, expandInContext } = await importSource({
  lint: "src/lint.ts#lint",
  ParseCache: "src/lsp/parse-cache.ts#ParseCache",
  WatchedContextCache: "src/lsp/context-cache.ts#WatchedContextCache",
  expandInContext: "src/cli/in-context.ts#expandInContext",
});

const n = Number(process.argv[2] ?? 1000);
const RUNS = 21;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function measure(label, root, file) {
  const { paths, reportOnly } = expandInContext([file], path.dirname(file));
  const text = fs.readFileSync(file, "utf8");
  // As the server lints: fixes made only when a code action asks for them.
  const options = { paths, reportOnly, cwd: root, fixes: "lazy", render: { render: false } };
  const cold = median(Array.from({ length: 5 }, () => time(() => lint(options))));
  const whole = median(Array.from({ length: 3 }, () => time(() => lint({ paths: [root], cwd: root, render: { render: false } }))));
  const ways = {
    whole: { ...options, parseCache: new ParseCache() },
    focus: { ...options, parseCache: new ParseCache(), focus: file, contextCache: new WatchedContextCache() },
  };
  for (const o of Object.values(ways)) lint(o);
  const keys = { whole: [], focus: [] };
  for (let i = 0; i < RUNS; i++) {
    // A keystroke: one more character in a comment at the end of the file.
    const edited = `${text}# ${"x".repeat(i + 1)}\n`;
    for (const [way, o] of Object.entries(ways)) keys[way].push(time(() => lint({ ...o, overrides: new Map([[file, edited]]) })));
  }
  const resources = lint(options).summary.resources;
  const k = { whole: median(keys.whole), focus: median(keys.focus) };
  console.log(
    `${label}: ${resources} resources in context; cold lint of the context ${cold.toFixed(1)} ms, keystroke whole ${k.whole.toFixed(1)} ms, focus ${k.focus.toFixed(1)} ms (${(k.focus / k.whole).toFixed(2)}x), whole workspace ${whole.toFixed(1)} ms`,
  );
}

console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const base = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-lsp-bench-"));
const tree = path.join(base, "tree");
generate(n, tree);
const firstDeployment = (dir) => {
  for (const e of fs.readdirSync(dir, { recursive: true }).sort()) {
    const p = path.join(dir, e);
    if (fs.statSync(p).isFile() && fs.readFileSync(p, "utf8").includes("kind: Deployment")) return p;
  }
  throw new Error("no Deployment generated");
};
measure(`generated tree of ${n}`, tree, firstDeployment(tree));
const flat = path.join(base, "flat");
fs.mkdirSync(flat);
for (const e of fs.readdirSync(tree, { recursive: true })) {
  const p = path.join(tree, e);
  if (fs.statSync(p).isFile()) fs.copyFileSync(p, path.join(flat, e.replaceAll(path.sep, "-")));
}
measure(`one directory of ${n}`, flat, firstDeployment(flat));
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
fs.rmSync(base, { recursive: true, force: true });
