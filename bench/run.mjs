#!/usr/bin/env node
// `npm run bench`: k8slint against the floor — reading the same files and parsing them with `yaml`
// alone — at 1,000 and 10,000 generated resources. Each measurement runs in a fresh process and the
// modes alternate within a repetition, so a noisy neighbour hurts both sides alike; medians are shown.
// CPU time is the figure to compare on a shared machine: wall time there mostly measures the neighbours.
//   node bench/run.mjs [--reps 5] [--sizes 1000,10000]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { generate } from "./generate.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const OUT = path.join(HERE, "out");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const reps = Number(opt("reps", "5"));
const sizes = opt("sizes", "1000,10000").split(",").map(Number);

// K8SLINT_BENCH_DIST measures another build (e.g. `node scripts/build.mjs --out bench/out/dist --no-types`), one that
// nobody rebuilds halfway through a run.
const DIST = process.env.K8SLINT_BENCH_DIST ? path.resolve(process.env.K8SLINT_BENCH_DIST) : path.join(ROOT, "dist");
if (!fs.existsSync(path.join(DIST, "index.js"))) {
  process.stderr.write(`${DIST} is not built: run \`npm run bench\` (it builds first)\n`);
  process.exit(2);
}

const generatorStamp = fs.statSync(path.join(HERE, "generate.mjs")).mtimeMs;
function dataset(n) {
  const dir = path.join(OUT, String(n));
  const stampFile = path.join(OUT, `${n}.stamp`);
  const stamp = String(generatorStamp);
  if (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, "utf8") !== stamp) {
    const r = generate(n, dir);
    fs.writeFileSync(stampFile, stamp);
    process.stdout.write(`generated ${r.resources} resources in ${r.files} files (${(r.bytes / 1024 / 1024).toFixed(1)} MiB)\n`);
  }
  return dir;
}

/** Work time inside a fresh process (module loading excluded): wall and CPU milliseconds. */
function inProcess(mode, dir) {
  const out = execFileSync(process.execPath, [path.join(HERE, "measure.mjs"), mode, dir], { encoding: "utf8", maxBuffer: 1 << 26 });
  const { millis, cpu } = JSON.parse(out);
  return { wall: millis, cpu };
}

/** A whole command, process start included: wall and CPU milliseconds. */
function whole(script, args) {
  const cpuFile = path.join(OUT, "cpu.txt");
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(HERE, "cpu-of.mjs"), script, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, K8SLINT_BENCH_CPU: cpuFile },
  });
  const wall = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${script} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: JSON.parse(fs.readFileSync(cpuFile, "utf8")).cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
const line = (label, a, b) =>
  `  ${label.padEnd(22)} cpu ${ms(a.cpu)} vs ${ms(b.cpu)}  ratio ${(a.cpu / b.cpu).toFixed(2)}x   wall ${ms(a.wall)} vs ${ms(b.wall)}  ratio ${(a.wall / b.wall).toFixed(2)}x\n`;

process.stdout.write(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start\n`);
const rows = [];
for (const n of sizes) {
  const dir = dataset(n);
  const t = { floor: [], lint: [], lintPar: [], floorCli: [], cli: [] };
  for (let r = 0; r < reps; r++) {
    t.floor.push(inProcess("floor", dir));
    t.lint.push(inProcess("lint", dir));
    t.lintPar.push(inProcess("lint-par", dir));
    t.floorCli.push(whole(path.join(HERE, "measure.mjs"), ["floor", dir]));
    t.cli.push(whole(path.join(HERE, "cli.mjs"), ["--format", "json", "--output", path.join(OUT, `${n}.json`), dir]));
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { cpu: median(v.map((x) => x.cpu)), wall: median(v.map((x) => x.wall)) }]));
  rows.push({ n, ...m });
  process.stdout.write(
    `\n${n} resources, median of ${reps}: k8slint vs the floor\n` +
      line("library lint()", m.lint, m.floor) +
      line("lintAsync, jobs 2", m.lintPar, m.floor) +
      line("CLI (whole process)", m.cli, m.floorCli) +
      `  per resource (cpu): lint ${(m.lint.cpu / n).toFixed(3)} ms, floor ${(m.floor.cpu / n).toFixed(3)} ms\n`,
  );
}
if (rows.length >= 2) {
  const [a, b] = [rows[0], rows[rows.length - 1]];
  process.stdout.write(
    `\nscaling ${a.n} → ${b.n} (${(b.n / a.n).toFixed(0)}x the resources), cpu: lint ${(b.lint.cpu / a.lint.cpu).toFixed(1)}x, floor ${(b.floor.cpu / a.floor.cpu).toFixed(1)}x\n`,
  );
}
