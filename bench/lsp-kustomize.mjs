#!/usr/bin/env node
// What a keystroke costs in `k8slint lsp` in a file of a Kustomize root: the edited file is linted
// in its directory's context as the server does (focus, kept parses and walk), the root built by
// `kubectl kustomize` (needs kubectl on PATH).
//   node bench/lsp-kustomize.mjs [FILE...]   (paths relative to Argo CD's manifests/; defaults below)
// Two ways, alternated within each repetition on a copy of ../shared/corpus-public/argo-cd/manifests:
//   build:  kubectl builds the root at every keystroke (the server before builds were kept);
//   kept:   the build is kept while no file it reads changes on disk (src/render/kept-builds.ts).
// Printed: the median milliseconds of a keystroke each way (the findings of every keystroke must be equal).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { importSource } from "../scripts/import-source.mjs";

const { lintAsync, ParseCache, WatchedContextCache, expandInContext, KeptBuilds } = await importSource({
  lintAsync: "src/lint.ts#lintAsync",
  ParseCache: "src/lsp/parse-cache.ts#ParseCache",
  WatchedContextCache: "src/lsp/context-cache.ts#WatchedContextCache",
  expandInContext: "src/cli/in-context.ts#expandInContext",
  KeptBuilds: "src/render/kept-builds.ts#KeptBuilds",
});

const ARGO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/corpus-public/argo-cd/manifests");
const RUNS = 9;
const files = process.argv.slice(2);
if (files.length === 0) files.push("base/repo-server/argocd-repo-server-deployment.yaml", "cluster-install/kustomization.yaml", "ha/namespace-install/kustomization.yaml");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const base = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-lsp-kustomize-"));
fs.cpSync(ARGO, path.join(base, "manifests"), { recursive: true });
try {
  for (const rel of files) {
    const file = path.join(base, "manifests", rel);
    const { paths, reportOnly } = expandInContext([file], path.dirname(file));
    const text = fs.readFileSync(file, "utf8");
    const common = { paths, reportOnly, cwd: base, fixes: "lazy", jobs: 0, focus: file };
    const ways = {
      build: { ...common, parseCache: new ParseCache(), contextCache: new WatchedContextCache() },
      kept: { ...common, parseCache: new ParseCache(), contextCache: new WatchedContextCache(), render: { keptBuilds: new KeptBuilds(32) } },
    };
    const findings = {};
    for (const [way, o] of Object.entries(ways)) findings[way] = JSON.stringify((await lintAsync(o)).findings);
    if (findings.build !== findings.kept) throw new Error(`${rel}: the two ways found different things`);
    const times = { build: [], kept: [] };
    for (let i = 0; i < RUNS; i++) {
      // A keystroke: one more character in a comment at the end of the file (unsaved).
      const overrides = new Map([[file, `${text}# ${"x".repeat(i + 1)}\n`]]);
      const found = {};
      for (const [way, o] of Object.entries(ways)) {
        const t = performance.now();
        found[way] = (await lintAsync({ ...o, overrides })).findings;
        times[way].push(performance.now() - t);
      }
      if (JSON.stringify(found.build) !== JSON.stringify(found.kept)) throw new Error(`${rel}: a keystroke found different things each way`);
    }
    const b = median(times.build);
    const k = median(times.kept);
    console.log(`${rel}: keystroke, built each time ${b.toFixed(0)} ms, kept ${k.toFixed(0)} ms (${(k / b).toFixed(2)}x)`);
  }
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
