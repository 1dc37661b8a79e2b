#!/usr/bin/env node
// Stands in for helm in the rule fixtures (helm is not installed on these machines): `helm template
// <release> <chart> …` replays what real Helm printed for that chart, recorded beside its Chart.yaml:
// helm-stdout.txt (exit 0), or helm-stderr.txt (exit 1).
import fs from "node:fs";
import path from "node:path";

const [command, , chart] = process.argv.slice(2);
if (command === "version") {
  process.stdout.write("v3.14.0+greplay\n");
  process.exit(0);
}
if (command !== "template" || !chart) {
  process.stderr.write(`helm-replay: only "helm template <release> <chart>" is replayed\n`);
  process.exit(2);
}
const recorded = (name) => {
  const file = path.join(chart, name);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
};
const err = recorded("helm-stderr.txt");
if (err !== undefined) {
  process.stderr.write(err);
  process.exit(1);
}
process.stdout.write(recorded("helm-stdout.txt") ?? "");
