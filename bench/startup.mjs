#!/usr/bin/env node
// Start-up cost of the CLI as a whole process, against a bare `node -e 0` measured in the same run:
//   node bench/startup.mjs [--reps 9] [--bin path/to/bin/k8slint] [--before path/to/other/bin/k8slint]
// Each repetition runs, in turn, node -e 0, `k8slint --version`, `k8slint --help` and k8slint on one
// file (interleaved, so that a neighbour's load falls on all alike). Each process reports its own CPU
// time (user + system, boot included) at exit through a preloaded module; medians are printed with
// their ratio to the floor. --bin measures another checkout's launcher; --before measures a second one
// in the same run, interleaved with the first (a change's before and after under the same load).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const reps = Number(opt("--reps", "9"));
const bin = path.resolve(opt("--bin", path.join(ROOT, "bin/k8slint")));
const before = args.includes("--before") ? path.resolve(opt("--before")) : undefined;
const ONE_FILE = path.join(ROOT, "fixtures/examples/caracal-like/k8s/kafka-statefulset.yaml");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-startup-"));
const preload = path.join(tmp, "cpu-at-exit.mjs");
fs.writeFileSync(
  preload,
  `import fs from "node:fs";\nprocess.on("exit", () => { const c = process.cpuUsage(); fs.writeFileSync(process.env.K8SLINT_BENCH_CPU, String((c.user + c.system) / 1000)); });\n`,
);

const runs = (label, launcher) => ({
  [`${label} --version`]: [launcher, "--version"],
  [`${label} --help`]: [launcher, "--help"],
  [`${label} one file`]: [launcher, "--no-config", ONE_FILE],
});
const cases = { "node -e 0": ["-e", "0"], ...(before ? runs("before", before) : {}), ...runs("k8slint", bin) };

function cpuOf(argv) {
  const out = path.join(tmp, "cpu");
  const r = spawnSync(process.execPath, ["--import", preload, ...argv], { cwd: ROOT, encoding: "utf8", env: { ...process.env, K8SLINT_BENCH_CPU: out, NO_COLOR: "1" } });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  return Number(fs.readFileSync(out, "utf8"));
}

const loadAtStart = os.loadavg()[0].toFixed(1);
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < reps; i++) for (const [name, argv] of Object.entries(cases)) samples[name].push(cpuOf(argv));
fs.rmSync(tmp, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = median(samples["node -e 0"]);
const loadAtEnd = os.loadavg()[0].toFixed(1);
const named = (b) => path.relative(process.cwd(), b) || b;
console.log(`start-up, median CPU of ${reps} interleaved runs (Node ${process.version}, load average ${loadAtStart} at the start, ${loadAtEnd} at the end): ${named(bin)}${before ? `, before: ${named(before)}` : ""}`);
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(`  ${name.padEnd(20)} ${m.toFixed(0).padStart(5)} ms   ${(m / floor).toFixed(2)}× node -e 0`);
}
