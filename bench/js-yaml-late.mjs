#!/usr/bin/env node
// js-yaml as installed against js-yaml with its allocations made late (scripts/js-yaml-late.mjs, what
// the bundle runs), in one process, alternated 12 times over every file of a tree: loadAll with a
// listener, as the fast parse path calls it. Prints the median CPU of a pass each way.
//   node bench/js-yaml-late.mjs [TREE]     (default bench/out/10000: `node bench/generate.mjs 10000 bench/out/10000`)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lateAllocation } from "../scripts/js-yaml-late.mjs";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const installed = path.join(ROOT, "node_modules/js-yaml/dist/js-yaml.mjs");
const patched = path.join(ROOT, `node_modules/.cache/js-yaml-late-${process.pid}.mjs`);
fs.mkdirSync(path.dirname(patched), { recursive: true });
fs.writeFileSync(patched, lateAllocation(fs.readFileSync(installed, "utf8"), installed));
const ways = { installed: await import(installed), late: await import(patched) };
fs.rmSync(patched);

const tree = process.argv[2] ?? path.join(ROOT, "bench/out/10000");
const texts = fs
  .readdirSync(tree, { recursive: true })
  .map((f) => path.join(tree, f))
  .filter((f) => fs.statSync(f).isFile())
  .map((f) => fs.readFileSync(f, "utf8"));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let nodes = 0;
const listener = () => nodes++;
const pass = (yaml) => {
  const t = cpu();
  for (const text of texts) yaml.loadAll(text, null, { listener, json: true });
  return cpu() - t;
};
const times = { installed: [], late: [] };
// Both warm up alike: they alternate from the first pass.
for (let i = 0; i < 12; i++) for (const [way, yaml] of Object.entries(ways)) times[way].push(pass(yaml));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const [a, b] = [median(times.installed), median(times.late)];
console.log(`${texts.length} files: loadAll with a listener, CPU per pass: installed ${a.toFixed(0)} ms, late ${b.toFixed(0)} ms (${(b / a).toFixed(3)}x)`);
