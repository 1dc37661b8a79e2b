#!/usr/bin/env node
// What the fixes and suggestions cost a report that carries them (JSON, SARIF) over one that does not
// (text): the CLI as a whole process, `--format json` against `--format text`, in fresh processes,
// alternating, CPU time (user + system) of the k8slint process itself (kubectl kustomize's children are
// the same in both and not counted).
//   node bench/fix-cost.mjs [path] [--reps 5]      (default path: ../shared/corpus-public/argo-cd)
//   K8SLINT_BENCH_DIST=DIR node bench/fix-cost.mjs  measures another build (node scripts/build.mjs --out DIR)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const repsAt = args.indexOf("--reps");
const reps = repsAt >= 0 ? Number(args.splice(repsAt, 2)[1]) : 5;
const target = path.resolve(args[0] ?? path.join(here, "../../shared/corpus-public/argo-cd"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-fix-cost-"));
const runner = path.join(tmp, "run.mjs");
const dist = process.env.K8SLINT_BENCH_DIST ? path.resolve(process.env.K8SLINT_BENCH_DIST) : path.join(here, "../dist");
const distUrl = (file) => pathToFileURL(path.join(dist, file)).href;
fs.writeFileSync(runner, `const { run } = await import(${JSON.stringify(distUrl("k8slint.js"))});\nrun();\n`);

function once(format) {
  const out = path.join(tmp, "cpu.json");
  const r = spawnSync(process.execPath, [path.join(here, "cpu-of.mjs"), runner, "--no-config", "--format", format, target], {
    env: { ...process.env, K8SLINT_BENCH_CPU: out },
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`k8slint --format ${format} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(fs.readFileSync(out, "utf8")).cpu;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const text = [];
const json = [];
for (let i = 0; i < reps; i++) {
  text.push(once("text"));
  json.push(once("json"));
}
fs.rmSync(tmp, { recursive: true, force: true });
const t = median(text);
const j = median(json);
console.log(`${path.basename(target)}: CPU medians of ${reps}: --format text ${(t / 1000).toFixed(2)} s, --format json ${(j / 1000).toFixed(2)} s (fixes and suggestions: +${((j - t) / 1000).toFixed(2)} s, ${(j / t).toFixed(2)}x)`);
