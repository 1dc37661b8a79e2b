// The long fuzzer run: `npm run fuzz -- --count 10000 --seed 1 [--batch 40] [--keep dir]`. It lints
// mutants with the built CLI (dist/, rebuilt first by the npm script); failing inputs are copied to
// --keep (default test/fuzz/found/) to become regression fixtures in test/fuzz/regressions/.
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { importSource } from "./import-source.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { count: { type: "string", default: "1000" }, seed: { type: "string", default: "1" }, batch: { type: "string", default: "40" }, keep: { type: "string", default: path.join(ROOT, "test/fuzz/found") } },
});
const { runFuzz } = await importSource({ runFuzz: "test/fuzz/run.ts#runFuzz" });
const report = runFuzz({ count: Number(values.count), seed: Number(values.seed), batch: Number(values.batch), keepDir: values.keep, root: ROOT, log: (l) => console.error(l) });
const { failures, ...figures } = report;
console.log(JSON.stringify({ ...figures, failures: failures.map((f) => `${f.kind}: ${f.detail.slice(0, 200)}`) }, null, 2));
process.exit(failures.length > 0 ? 1 : 0);
