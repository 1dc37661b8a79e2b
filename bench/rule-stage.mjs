#!/usr/bin/env node
// The rule stage alone, in CPU time: each source tree's rules run over the same model of a tree, in
// separate processes interleaved (A, B, A, B…), so that a noisy neighbour hurts every side alike; the
// --stats figures are wall times, which on a shared machine mostly measure the neighbours. In each
// process the model is built once, then every enabled rule runs `--runs` times: the first run is
// what the CLI does (cold: code not yet compiled, lazy indexes built by the first rule that asks),
// the later ones show what a rule costs once warm. Prints medians over processes of each rule's CPU
// (process.cpuUsage: user + system, GC included) and the findings' count and digest per side, which
// must agree when a change is to keep every finding.
//   node bench/rule-stage.mjs [--procs 5] [--runs 3] [--top 25] [--roots name=DIR,..] [TREE]
// --roots defaults to this checkout; a side is any checkout of the repository (e.g. `git worktree
// add /tmp/main main`, with node_modules linked), bundled from its sources like scripts/import-source.mjs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args.splice(args.indexOf(`--${name}`), 2)[1] : dflt);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

if (process.env.K8SLINT_RULE_STAGE_CHILD) {
  const [root, tree, runs] = JSON.parse(process.env.K8SLINT_RULE_STAGE_CHILD);
  process.stdout.write(JSON.stringify(await measure(root, tree, runs)));
  process.exit(0);
}

const procs = Number(opt("procs", "5"));
const runs = Number(opt("runs", "3"));
const top = Number(opt("top", "25"));
const roots = opt("roots", `this=${ROOT}`)
  .split(",")
  .map((s) => s.split("="))
  .map(([name, dir]) => ({ name, dir: path.resolve(dir) }));
const tree = path.resolve(args[0] ?? path.join(HERE, "out", "10000"));

const load0 = os.loadavg()[0];
const results = Object.fromEntries(roots.map((r) => [r.name, []]));
for (let p = 0; p < procs; p++) {
  for (const r of roots) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
      env: { ...process.env, K8SLINT_RULE_STAGE_CHILD: JSON.stringify([r.dir, tree, runs]) },
    });
    if (child.status !== 0) throw new Error(`${r.name}: ${child.stderr}`);
    results[r.name].push(JSON.parse(child.stdout));
  }
}
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
const first = roots[0].name;
const ids = Object.keys(results[first][0].cold).sort((a, b) => median(results[first].map((x) => x.cold[b])) - median(results[first].map((x) => x.cold[a])));
const cell = (v) => v.toFixed(1).padStart(9);
const ratio = (vs) => (roots.length > 1 ? `  ${(vs[vs.length - 1] / vs[0]).toFixed(2).padStart(5)}` : "");
const row = (label, pick) => {
  const cold = roots.map((r) => median(results[r.name].map((x) => pick(x.cold))));
  const warm = roots.map((r) => median(results[r.name].map((x) => pick(x.warm))));
  return `${label.padEnd(28)}${cold.map(cell).join("")}${ratio(cold)}   ${warm.map(cell).join("")}${ratio(warm)}`;
};
process.stdout.write(`${path.relative(process.cwd(), tree) || tree}: ${procs} processes per side, interleaved; load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}\n`);
for (const r of roots) process.stdout.write(`  ${r.name}: ${[...new Set(results[r.name].map((x) => x.findings))].join(" | ")}\n`);
const names = roots.map((r) => r.name.slice(0, 8).padStart(9)).join("");
process.stdout.write(`${"CPU ms (median)".padEnd(28)}${names}${roots.length > 1 ? "  ratio" : ""}   ${names}${roots.length > 1 ? "  ratio" : ""}\n`);
process.stdout.write(`${"".padEnd(28)}${"first run".padEnd(9 * roots.length + (roots.length > 1 ? 7 : 0))}   later runs\n`);
process.stdout.write(`${row("all rules", sum)}\n`);
for (const id of ids.slice(0, top)) process.stdout.write(`${row(id, (o) => o[id] ?? 0)}\n`);

/** One side, in this process: the model of `tree` from `root`'s sources, then each rule `runs` times. */
async function measure(root, tree, runs) {
  const exported = {
    discover: "src/load/discover.ts#discover",
    readManifest: "src/load/read.ts#readManifest",
    parseSource: "src/load/parse.ts#parseSource",
    collectSources: "src/model/model.ts#collectSources",
    buildModel: "src/model/model.ts#buildModel",
    runRules: "src/engine/run-rules.ts#runRules",
    defaultRuleSettings: "src/engine/rule-settings.ts#defaultRuleSettings",
    builtinRules: "rules/index.ts#builtinRules",
    gitopsAppliedDirsOf: "src/model/gitops-roots.ts#gitopsAppliedDirsOf",
  };
  const contents = Object.entries(exported)
    .map(([alias, spec]) => {
      const [file, name] = spec.split("#");
      return `export { ${name} as ${alias} } from ${JSON.stringify(`./${file}`)};`;
    })
    .join("\n");
  const outfile = path.join(root, "node_modules", ".cache", `k8slint-rule-stage-${process.pid}.mjs`);
  await esbuild.build({ stdin: { contents, resolveDir: root, loader: "ts" }, bundle: true, format: "esm", platform: "node", packages: "external", outfile, logLevel: "warning" });
  let m;
  try {
    m = await import(pathToFileURL(outfile).href);
  } finally {
    fs.rmSync(outfile, { force: true });
  }
  const resources = [];
  const others = [];
  for (const f of m.discover([tree]).files) {
    const read = m.readManifest(f.path);
    if (!read.ok) continue;
    const parsed = m.collectSources(m.parseSource({ path: f.path, display: path.relative(process.cwd(), f.path), text: read.text }));
    for (const r of parsed.resources) resources.push(r);
    for (const o of parsed.others) others.push(o);
  }
  // lint() finds the directories GitOps controllers apply once per run; without them every rule that
  // asks would scan the whole set again (pod-security-admission, once per pod).
  const gitopsApplied = m.gitopsAppliedDirsOf(resources);
  const model = m.buildModel(resources, others, [], { defaultNamespace: "default", external: [], kubeVersion: "1.36", gitopsApplied });
  const settings = m.defaultRuleSettings();
  const cold = {};
  const warm = {};
  const digest = crypto.createHash("sha1");
  let count = 0;
  for (let run = 0; run < runs; run++) {
    for (const rule of m.builtinRules) {
      if (!settings.enabled(rule)) continue;
      const start = process.cpuUsage();
      const out = m.runRules(model, [rule], settings);
      const used = process.cpuUsage(start);
      const ms = (used.user + used.system) / 1000;
      if (run === 0) {
        cold[rule.meta.id] = ms;
        for (const f of out.findings) {
          count++;
          digest.update(JSON.stringify(f.finding));
        }
      } else (warm[rule.meta.id] ??= []).push(ms);
    }
  }
  for (const id of Object.keys(warm)) warm[id] = median(warm[id]);
  return { cold, warm: runs > 1 ? warm : cold, findings: `${count} findings, digest ${digest.digest("hex").slice(0, 12)}` };
}
