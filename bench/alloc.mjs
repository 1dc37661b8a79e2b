#!/usr/bin/env node
// Where a run allocates: V8's sampling heap profiler over one lint() of a tree, objects collected
// since counted too, so it shows every allocation (what makes garbage collection work), not only
// what is still alive at the end. Prints the megabytes allocated by each function (a built-in such
// as `keys` or `next` with the function that called it) and, for the pipeline's stages, everything
// allocated below them.
//   node bench/alloc.mjs [--top 40] [--stages parseSource,buildModel,runRules,…] TREE
// Measures dist/, or the build K8SLINT_BENCH_DIST names (`node scripts/build.mjs --out DIR`; a build
// without `minifyWhitespace` gives readable line numbers).
import inspector from "node:inspector/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args.splice(i, 2)[1];
};
const top = Number(opt("top", "40"));
const stages = opt("stages", "planRunAsync,parseSource,buildModel,runRules,escalateRefused,applySuppressions,mergeAcrossUnits,finishRun").split(",");
const tree = args[0];
if (!tree) {
  process.stderr.write("usage: node bench/alloc.mjs [--top N] [--stages a,b] TREE\n");
  process.exit(2);
}
const dist = process.env.K8SLINT_BENCH_DIST ? path.resolve(process.env.K8SLINT_BENCH_DIST) : path.join(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const { lintAsync } = await import(pathToFileURL(path.join(dist, "index.js")).href);

const session = new inspector.Session();
session.connect();
await session.post("HeapProfiler.enable");
// One sample per 4 KiB allocated on average: enough for a run that allocates hundreds of megabytes.
await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const result = await lintAsync({ paths: [tree] });
const { profile } = await session.post("HeapProfiler.stopSampling");

const frame = (cf) => `${cf.functionName || "(anonymous)"} ${cf.url.split("/").pop()}:${cf.lineNumber + 1}`;
const bySite = new Map();
const byStage = new Map(stages.map((s) => [s, 0]));
let total = 0;
const walk = (node, stack, caller) => {
  const cf = node.callFrame;
  // A built-in has no script: name the function that called it.
  const site = cf.url === "" && caller ? `${frame(cf)} <- ${frame(caller)}` : frame(cf);
  const inner = [...stack, cf.functionName];
  total += node.selfSize;
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  for (const s of new Set(inner)) if (byStage.has(s)) byStage.set(s, byStage.get(s) + node.selfSize);
  for (const child of node.children) walk(child, inner, cf);
};
walk(profile.head, [], undefined);

const mb = (n) => (n / 1048576).toFixed(1).padStart(7);
process.stdout.write(`${tree}: ${result.summary.resources} resources, ${result.findings.length} findings, ${mb(total).trim()} MB allocated\n`);
for (const [s, n] of byStage) process.stdout.write(`${mb(n)} MB  below ${s}\n`);
process.stdout.write("---\n");
for (const [site, n] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${mb(n)} MB  ${site}\n`);
