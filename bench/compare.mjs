#!/usr/bin/env node
// Whole processes, interleaved within each repetition: the `yaml` floor, the js-yaml floor (a listener
// recording every node's offsets), and one or more k8slint builds run as the CLI. Prints medians of wall
// time, CPU time (user + system, start-up included) and peak RSS, and each build's ratios to the floors
// measured in the same repetition (medians of the per-repetition ratios).
//   node bench/compare.mjs [--reps 5] [--sizes 1000,10000,20000] [--trees DIR,DIR] [--builds name=DIST[@ARGS],..] [--format text]
// The CLI writes the text report (what a pre-commit hook and a terminal get); `--format json` or `sarif`
// also computes every finding's fix and suggestions as edits (src/fix), a cost of its own.
// `--builds` defaults to `dist=dist`; a private build: `npx tsc -p . --outDir .bench-before`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { generate } from "./generate.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const OUT = path.join(HERE, "out");
fs.mkdirSync(OUT, { recursive: true });

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const reps = Number(opt("reps", "5"));
const sizes = opt("sizes", "1000,10000,20000").split(",").filter(Boolean).map(Number);
const trees = opt("trees", "").split(",").filter(Boolean).map((t) => path.resolve(t));
// name=DIST, or name=DIST@ARGS for CLI arguments of that build alone (`jobs2=dist@--jobs 2`).
const builds = opt("builds", "dist=dist")
  .split(",")
  .map((b) => b.split("="))
  .map(([name, spec]) => {
    const [dist, buildArgs = ""] = spec.split("@");
    return { name, dist: path.resolve(ROOT, dist), args: buildArgs.split(" ").filter(Boolean) };
  });
const extraArgs = opt("cli-args", "").split(" ").filter(Boolean);
const format = opt("format", "text");

const generatorStamp = fs.statSync(path.join(HERE, "generate.mjs")).mtimeMs;
function dataset(n) {
  const dir = path.join(OUT, String(n));
  const stampFile = path.join(OUT, `${n}.stamp`);
  if (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, "utf8") !== String(generatorStamp)) {
    const r = generate(n, dir);
    fs.writeFileSync(stampFile, String(generatorStamp));
    process.stdout.write(`generated ${r.resources} resources in ${r.files} files (${(r.bytes / 1024 / 1024).toFixed(1)} MiB)\n`);
  }
  return dir;
}

/** A whole process: wall, CPU (ms) and peak RSS (bytes). */
function whole(script, scriptArgs, env = {}) {
  const cpuFile = path.join(OUT, `cpu-${process.pid}.json`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(HERE, "cpu-of.mjs"), script, ...scriptArgs], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env, K8SLINT_BENCH_CPU: cpuFile },
  });
  const wall = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${script} ${scriptArgs.join(" ")} exited ${r.status}: ${r.stderr}`);
  const { cpu, rss } = JSON.parse(fs.readFileSync(cpuFile, "utf8"));
  return { wall, cpu, rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

process.stdout.write(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} at start; CLI --format ${format}\n`);
const targets = [...sizes.map((n) => ({ label: `${n} resources`, dir: dataset(n) })), ...trees.map((t) => ({ label: path.relative(ROOT, t), dir: t }))];
const results = {};
for (const { label, dir } of targets) {
  const runs = [];
  for (let r = 0; r < reps; r++) {
    const row = {
      floor: whole(path.join(HERE, "measure.mjs"), ["floor", dir]),
      floorJs: whole(path.join(HERE, "measure.mjs"), ["floor-js", dir]),
    };
    for (const b of builds) {
      row[b.name] = whole(path.join(HERE, "cli.mjs"), ["--format", format, "--output", path.join(OUT, `compare-${b.name}.${format}`), ...extraArgs, ...b.args, dir], { K8SLINT_BENCH_DIST: b.dist });
    }
    runs.push(row);
  }
  const med = (k, f) => median(runs.map((x) => x[k][f]));
  const ratio = (k, base, f) => median(runs.map((x) => x[k][f] / x[base][f]));
  let out = `\n${label}, ${reps} interleaved runs, load average ${os.loadavg()[0].toFixed(1)} at the end\n`;
  const fmt = (k) => `wall ${med(k, "wall").toFixed(0).padStart(6)} ms  cpu ${med(k, "cpu").toFixed(0).padStart(6)} ms  rss ${(med(k, "rss") / 2 ** 20).toFixed(0).padStart(5)} MB`;
  out += `  ${"yaml floor".padEnd(14)} ${fmt("floor")}\n  ${"js-yaml floor".padEnd(14)} ${fmt("floorJs")}\n`;
  const summary = {};
  for (const b of builds) {
    out += `  ${b.name.padEnd(14)} ${fmt(b.name)}\n`;
    const s = {
      wallVsYaml: ratio(b.name, "floor", "wall"),
      cpuVsYaml: ratio(b.name, "floor", "cpu"),
      wallVsJs: ratio(b.name, "floorJs", "wall"),
      cpuVsJs: ratio(b.name, "floorJs", "cpu"),
      rssVsYaml: ratio(b.name, "floor", "rss"),
      wall: med(b.name, "wall"),
      cpu: med(b.name, "cpu"),
    };
    summary[b.name] = s;
    out += `    ${b.name}: / yaml floor wall ${s.wallVsYaml.toFixed(2)}x cpu ${s.cpuVsYaml.toFixed(2)}x rss ${s.rssVsYaml.toFixed(2)}x;  / js-yaml floor wall ${s.wallVsJs.toFixed(2)}x cpu ${s.cpuVsJs.toFixed(2)}x\n`;
  }
  results[label] = summary;
  process.stdout.write(out);
}
const sized = sizes.filter((n) => results[`${n} resources`]);
for (let i = 1; i < sized.length; i++) {
  const [a, b] = [sized[i - 1], sized[i]];
  for (const { name } of builds) {
    const x = results[`${a} resources`][name];
    const y = results[`${b} resources`][name];
    process.stdout.write(`growth ${a} → ${b} (${(b / a).toFixed(0)}x), ${name}: wall ${(y.wall / x.wall).toFixed(2)}x cpu ${(y.cpu / x.cpu).toFixed(2)}x\n`);
  }
}
