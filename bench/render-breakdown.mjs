#!/usr/bin/env node
// Where a tree with Kustomize roots spends its time: `kubectl kustomize` itself, or the rest of k8slint.
//   node bench/render-breakdown.mjs [--reps 3] [--builds name=DIST,..] DIR [DIR..]     (K8SLINT_BENCH_DIST: another build)
// Each repetition runs, interleaved, the `yaml` floor over the tree's files and the CLI (text report)
// with --kustomize-bin pointing at a wrapper that logs each build's wall interval and CPU (GNU time). Prints medians
// of: the CLI's own CPU (children excluded), the builds' CPU (kubectl's, summed), the wall time while at
// least one build runs, the whole wall time, and the CLI's CPU / the floor's. With several --builds, each
// repetition runs every build after the floor, and each build's wall and CPU are also given as the
// median of its per-repetition ratio to the first build's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, "out", "render");
fs.mkdirSync(OUT, { recursive: true });
const args = process.argv.slice(2);
const repsAt = args.indexOf("--reps");
const reps = repsAt === -1 ? 3 : Number(args[repsAt + 1]);
const buildsAt = args.indexOf("--builds");
const trees = args.filter((a, i) => !a.startsWith("--") && (repsAt === -1 || i !== repsAt + 1) && (buildsAt === -1 || i !== buildsAt + 1)).map((t) => path.resolve(t));
const dists =
  buildsAt === -1
    ? [{ name: "k8slint", dist: process.env.K8SLINT_BENCH_DIST }]
    : args[buildsAt + 1].split(",").map((b) => {
        const [name, dist] = b.split("=");
        return { name, dist: path.resolve(dist) };
      });

const kubectl = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" }).stdout.trim();
if (!kubectl) throw new Error("kubectl is not on PATH");
// The name starts with kubectl, so k8slint calls it as `kubectl kustomize DIR`.
const wrapper = path.join(OUT, "kubectl");
const log = path.join(OUT, "builds.log");
fs.writeFileSync(
  wrapper,
  `#!/bin/bash\nt=$(mktemp)\ns=$(date +%s%N)\n/usr/bin/time -q -f "%U %S" -o "$t" "${kubectl}" "$@"\nrc=$?\ne=$(date +%s%N)\necho "$s $e $(cat "$t")" >> "${log}"\nrm -f "$t"\nexit $rc\n`,
  { mode: 0o755 },
);

/** Wall time covered by at least one of the intervals. */
function union(intervals) {
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

function whole(script, scriptArgs, dist = process.env.K8SLINT_BENCH_DIST) {
  const cpuFile = path.join(OUT, `cpu-${process.pid}.json`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(HERE, "cpu-of.mjs"), script, ...scriptArgs], { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, K8SLINT_BENCH_CPU: cpuFile, ...(dist ? { K8SLINT_BENCH_DIST: dist } : {}) } });
  const wall = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${script} exited ${r.status}: ${r.stderr}`);
  return { wall, ...JSON.parse(fs.readFileSync(cpuFile, "utf8")) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

process.stdout.write(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start; medians of ${reps}\n`);
for (const tree of trees) {
  const rows = [];
  for (let r = 0; r < reps; r++) {
    const floor = whole(path.join(HERE, "measure.mjs"), ["floor", tree]);
    const row = { floor };
    for (const b of dists) {
      fs.rmSync(log, { force: true });
      const cli = whole(path.join(HERE, "cli.mjs"), ["--kustomize-bin", wrapper, "--output", path.join(OUT, "out.txt"), tree], b.dist);
      const builds = fs.existsSync(log)
        ? fs
            .readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((l) => l.split(" "))
            .map(([s, e, user, sys]) => ({ s: Number(s) / 1e6, e: Number(e) / 1e6, cpu: (Number(user) + Number(sys)) * 1000 }))
        : [];
      row[b.name] = { cli, builds: builds.length, buildCpu: builds.reduce((a, x) => a + x.cpu, 0), buildWall: union(builds.map((x) => [x.s, x.e])) };
    }
    rows.push(row);
  }
  const m = (f) => median(rows.map(f));
  process.stdout.write(`${path.relative(process.cwd(), tree)}: load average ${os.loadavg()[0].toFixed(1)} at the end\n  yaml floor          cpu ${m((x) => x.floor.cpu).toFixed(0)} ms  wall ${m((x) => x.floor.wall).toFixed(0)} ms\n`);
  const first = dists[0].name;
  for (const b of dists) {
    const g = (x) => x[b.name];
    process.stdout.write(
      `  ${b.name}: ${g(rows[0]).builds} builds\n` +
        `    k8slint (own)       cpu ${m((x) => g(x).cli.cpu).toFixed(0)} ms  wall ${m((x) => g(x).cli.wall).toFixed(0)} ms  rss ${(m((x) => g(x).cli.rss) / 2 ** 20).toFixed(0)} MB\n` +
        `    kubectl kustomize   cpu ${m((x) => g(x).buildCpu).toFixed(0)} ms  wall while building ${m((x) => g(x).buildWall).toFixed(0)} ms\n` +
        `    wall outside builds ${m((x) => g(x).cli.wall - g(x).buildWall).toFixed(0)} ms;  k8slint cpu / floor cpu ${m((x) => g(x).cli.cpu / x.floor.cpu).toFixed(2)}x;  wall outside builds / floor wall ${m((x) => (g(x).cli.wall - g(x).buildWall) / x.floor.wall).toFixed(2)}x\n` +
        (b.name === first ? "" : `    / ${first}: wall ${m((x) => g(x).cli.wall / x[first].cli.wall).toFixed(2)}x, own cpu ${m((x) => g(x).cli.cpu / x[first].cli.cpu).toFixed(2)}x, kubectl cpu ${m((x) => g(x).buildCpu / x[first].buildCpu).toFixed(2)}x\n`),
    );
  }
}
