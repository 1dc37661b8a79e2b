#!/usr/bin/env node
// Runs a script in this process and, at exit, writes the CPU time of the whole process (start-up and
// module loading included) and its peak resident set size to the file named by K8SLINT_BENCH_CPU, as JSON
// `{"cpu": ms, "rss": bytes}`: `node bench/cpu-of.mjs <script> [args..]`.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
process.on("exit", () => {
  const cpu = process.cpuUsage();
  if (process.env.K8SLINT_BENCH_CPU) fs.writeFileSync(process.env.K8SLINT_BENCH_CPU, JSON.stringify({ cpu: (cpu.user + cpu.system) / 1000, rss: process.resourceUsage().maxRSS * 1024 }));
});
await import(pathToFileURL(path.resolve(script)).href);
