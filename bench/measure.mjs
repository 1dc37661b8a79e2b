#!/usr/bin/env node
// One measurement in a fresh process, so no run warms the JIT for another:
//   node bench/measure.mjs floor|floor-js|lint|lint-par <dir>
// Prints the milliseconds of the work itself (after module loading) as JSON on stdout: wall time, and
// CPU time (user + system) of this process, which a busy shared machine disturbs much less.
//   floor: find the same files, read each synchronously, parseAllDocuments + toJS with `yaml` alone
//   floor-js: the same with js-yaml's loadAll and a listener recording every node's start and end offset
//   lint:  k8slint's library lint() from dist/, every default rule
//   lint-par: lintAsync({ jobs: 2 }): the same, files parsed on the main thread and one worker
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const [mode, dir] = process.argv.slice(2);

/** The build to measure: dist/, or another build (K8SLINT_BENCH_DIST, `node scripts/build.mjs --out DIR`) that no one rebuilds meanwhile. */
export function distUrl(file) {
  const dist = process.env.K8SLINT_BENCH_DIST ? path.resolve(process.env.K8SLINT_BENCH_DIST) : path.join(path.dirname(fileURLToPath(import.meta.url)), "../dist");
  return pathToFileURL(path.join(dist, file)).href;
}

function manifestFiles(root) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
    }
  };
  walk(root);
  return out;
}

let millis;
let count = 0;
const cpuStart = process.cpuUsage();
if (mode === "floor") {
  const { parseAllDocuments } = await import("yaml");
  const started = performance.now();
  for (const file of manifestFiles(dir)) {
    const text = fs.readFileSync(file, "utf8");
    for (const doc of parseAllDocuments(text)) {
      if (doc.toJS() != null) count++;
    }
  }
  millis = performance.now() - started;
} else if (mode === "floor-js") {
  const { loadAll } = await import("js-yaml");
  const started = performance.now();
  for (const file of manifestFiles(dir)) {
    const text = fs.readFileSync(file, "utf8");
    const offsets = [];
    const listener = (event, state) => offsets.push(state.position);
    loadAll(text, (doc) => {
      if (doc != null) count++;
    }, { listener });
  }
  millis = performance.now() - started;
} else if (mode === "lint") {
  const { lint } = await import(distUrl("index.js"));
  const started = performance.now();
  const result = lint({ paths: [dir] });
  millis = performance.now() - started;
  count = result.summary.resources;
} else if (mode === "lint-par") {
  const { lintAsync } = await import(distUrl("index.js"));
  const started = performance.now();
  const result = await lintAsync({ paths: [dir], jobs: 2 });
  millis = performance.now() - started;
  count = result.summary.resources;
} else {
  process.stderr.write("usage: node bench/measure.mjs floor|floor-js|lint|lint-par <dir>\n");
  process.exit(2);
}
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(JSON.stringify({ mode, millis, cpu: (cpu.user + cpu.system) / 1000, count }) + "\n");
