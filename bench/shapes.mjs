#!/usr/bin/env node
// The slow corners, each at two sizes: a cost that grows faster than its input shows as a growth
// ratio well above the size ratio (2 here). Whole CLI processes, CPU time (user + system, start-up
// included), medians of interleaved runs; the start-up of an empty run is printed for reference. The
// text report: JSON's fixes and suggestions (src/fix) are a cost of their own, measured apart.
//   node bench/shapes.mjs [--reps 3] [--only name,name]     (K8SLINT_BENCH_DIST: another build)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, "out", "shapes");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const reps = Number(opt("reps", "3"));
const only = opt("only", "").split(",").filter(Boolean);

const cm = (name, data) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shapes\ndata:\n${data}`;

/** A Deployment as an item of a List (findings with fixes: runAsNonRoot, resources, probes…). */
const listItem = (i) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: `web${i}`, namespace: "shapes" },
  spec: { selector: { matchLabels: { app: `web${i}` } }, template: { metadata: { labels: { app: `web${i}` } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } },
});
const list = (n) => ({ apiVersion: "v1", kind: "List", items: Array.from({ length: n }, (_, i) => listItem(i)) });
const blockList = (n) =>
  "apiVersion: v1\nkind: List\nitems:\n" +
  list(n)
    .items.map((d) => `- apiVersion: ${d.apiVersion}\n  kind: ${d.kind}\n  metadata:\n    name: ${d.metadata.name}\n    namespace: shapes\n  spec:\n    selector:\n      matchLabels: {app: ${d.metadata.name}}\n    template:\n      metadata:\n        labels: {app: ${d.metadata.name}}\n      spec:\n        containers:\n        - name: c\n          image: nginx:1.27\n`)
    .join("");

/**
 * name → [small, large] sizes, a writer of one size's input (a file or a directory), and the CLI's
 * arguments when they are not the text report's.
 */
const SHAPES = {
  // ../shared/robustness/alias-quadratic: one anchor and one alias per key.
  aliases: [[2000, 4000], (n) => cm("aliases", Array.from({ length: n }, (_, i) => `  k${i}: &a${i} v${i}\n`).join("") + Array.from({ length: n }, (_, i) => `  y${i}: *a${i}\n`).join(""))],
  // ../shared/robustness/template-braces/selector-40k-labels.yaml: a selector of many labels, and a Deployment it selects.
  "selector-labels": [
    [10000, 20000],
    (n) => {
      const labels = Array.from({ length: n }, (_, i) => `      l${i}: v${i}\n`).join("");
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: shapes\nspec:\n  ports: [{port: 80}]\n  selector:\n${labels.replace(/^ {6}/gm, "    ")}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: shapes\nspec:\n  selector:\n    matchLabels:\n${labels}  template:\n    metadata:\n      labels:\n${labels.replace(/^ {6}/gm, "        ")}    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n`;
    },
  ],
  // ../shared/robustness/template-braces/braces-200k.yaml: a long line with many `{{`.
  // 200,000 costs ~30 ms above start-up, too little to read a growth from: larger sizes.
  "template-braces": [[1000000, 2000000], (n) => cm("braces", `  t: "${"{{".repeat(n / 2)}"\n`)],
  // ../shared/robustness/spread-overflow: many tiny documents in one file.
  "tiny-documents": [[50000, 100000], (n) => "---\na: 1\n".repeat(n)],
  // startup-order: many StatefulSets governed by one Service name, each naming it in its env.
  "shared-service-name": [
    [500, 1000],
    (n) =>
      Array.from(
        { length: n },
        (_, i) =>
          `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db${i}\n  namespace: shapes\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db${i}}\n  template:\n    metadata:\n      labels: {app: db${i}}\n    spec:\n      containers:\n        - name: c\n          image: postgres:16.4\n          env:\n            - name: PEER_HOST\n              value: db-0.db:5432\n            - name: SERVICE_URL\n              value: http://db:5432\n`,
      ).join("---\n"),
  ],
  // `kubectl get -o json` of many objects: one document (JSON, one line) holding them all.
  "one-json-document": [[5000, 10000], (n) => JSON.stringify(list(n))],
  // A JSON report of a List: each item's fixes are read back to be checked (the whole List for each was quadratic).
  "list-items-json": [[2000, 4000], blockList, ["--format", "json"]],
};

function cpuOf(target, cliArgs = []) {
  const cpuFile = path.join(OUT, `cpu-${process.pid}.json`);
  const r = spawnSync(process.execPath, [path.join(HERE, "cpu-of.mjs"), path.join(HERE, "cli.mjs"), "--allow-empty", "--output", path.join(OUT, "out.txt"), ...cliArgs, target], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, K8SLINT_BENCH_CPU: cpuFile },
    timeout: 600_000,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${target}: exit ${r.status} ${r.signal ?? ""} ${r.stderr.slice(0, 500)}`);
  return JSON.parse(fs.readFileSync(cpuFile, "utf8"));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
fs.mkdirSync(OUT, { recursive: true });
process.stdout.write(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start; CPU ms of the whole CLI, medians of ${reps}\n`);
const empty = path.join(OUT, "empty.yaml");
fs.writeFileSync(empty, "");
const base = median(Array.from({ length: reps }, () => cpuOf(empty).cpu));
process.stdout.write(`  start-up (empty file): ${base.toFixed(0)} ms\n`);
for (const [name, [[small, large], write, cliArgs]] of Object.entries(SHAPES)) {
  if (only.length && !only.includes(name)) continue;
  const files = [small, large].map((n) => {
    const file = path.join(OUT, `${name}-${n}.yaml`);
    fs.writeFileSync(file, write(n));
    return file;
  });
  const runs = [[], []];
  for (let r = 0; r < reps; r++) files.forEach((f, i) => runs[i].push(cpuOf(f, cliArgs)));
  const [a, b] = runs.map((x) => median(x.map((y) => y.cpu)));
  const [ra, rb] = runs.map((x) => median(x.map((y) => y.rss)));
  // Growth of the work above start-up: 2.0 is linear for twice the input.
  const growth = (b - base) / Math.max(1, a - base);
  process.stdout.write(
    `  ${name.padEnd(20)} ${String(small).padStart(6)}: ${a.toFixed(0).padStart(6)} ms ${(ra / 2 ** 20).toFixed(0).padStart(4)} MB   ${String(large).padStart(6)}: ${b.toFixed(0).padStart(6)} ms ${(rb / 2 ** 20).toFixed(0).padStart(4)} MB   growth above start-up ${growth.toFixed(2)}x\n`,
  );
}
