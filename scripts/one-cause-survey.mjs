// One cause, one finding: a survey of what else fires beside the schema rule when a manifest has one
// typo. `node scripts/one-cause-survey.mjs [--mode keys|types] [glob..]` (default: the valid rule
// fixtures and the seed corpus; uses the built dist/, so run `npm run build` after changing rules).
//   keys:  every key of every document, renamed to a near miss (its third and fourth letters swapped);
//   types: every boolean and number written as a string, and every list of scalars as its first item.
// For each mutant the schema rule reports, it lists the other findings the unchanged documents do not
// have: each is a candidate for reporting one cause twice (see DEVELOPERS.md, "One cause, one finding").
// A survey, not a test: some findings it lists are true problems of their own.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import YAML from "yaml";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals } = parseArgs({ allowPositionals: true, options: { mode: { type: "string", default: "keys" } } });
if (values.mode !== "keys" && values.mode !== "types") throw new Error("--mode is keys or types");
const patterns = positionals.length > 0 ? positionals : ["fixtures/rules/*/valid*.yaml", "../shared/corpus/*/k8s/*.yaml"];
const { lint } = await import(path.join(ROOT, "dist/index.js"));

/** Every [path, value] of a document, containers before their contents. */
function nodes(v, at, out) {
  out.push([at, v]);
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...at, i], out));
  else if (v && typeof v === "object") for (const k of Object.keys(v)) nodes(v[k], [...at, k], out);
  return out;
}

/** The mutant document for one node, or undefined when the mode has none for it. */
function mutate(doc, at, value) {
  const last = at[at.length - 1];
  if (at.length === 0 || at[0] === "apiVersion" || at[0] === "kind") return undefined;
  const copy = structuredClone(doc);
  let parent = copy;
  for (const s of at.slice(0, -1)) parent = parent[s];
  if (values.mode === "keys") {
    if (typeof last !== "string" || last.length < 6 || Array.isArray(parent)) return undefined;
    const typo = last.slice(0, 2) + last[3] + last[2] + last.slice(4);
    if (typo === last) return undefined;
    // Rebuilt in order, so the typo stays where the key was.
    const entries = Object.entries(parent).map(([k, v]) => [k === last ? typo : k, v]);
    for (const k of Object.keys(parent)) delete parent[k];
    for (const [k, v] of entries) parent[k] = v;
    return { copy, what: `${at.join(".")} → ${typo}` };
  }
  const wrong = typeof value === "boolean" || typeof value === "number" ? String(value) : Array.isArray(value) && value.length > 0 && typeof value[0] !== "object" ? String(value[0]) : undefined;
  if (wrong === undefined) return undefined;
  parent[last] = wrong;
  return { copy, what: `${at.join(".")} = ${JSON.stringify(wrong)}` };
}

// Messages that name a line move when a document is written anew: compared without it.
const key = (f) => `${f.ruleId}: ${f.message.replace(/line \d+/g, "line N")}`;
const run = (docs) => lint({ sources: [{ name: "survey.yaml", text: docs.map((d) => YAML.stringify(d)).join("---\n") }], paths: [] }).findings;

const seen = new Map();
let mutants = 0;
for (const file of fg.sync(patterns, { cwd: ROOT, absolute: true })) {
  const text = fs.readFileSync(file, "utf8");
  // Fixtures that configure rules are linted with settings of their own.
  if (text.includes("# fixture:")) continue;
  let docs;
  try {
    docs = YAML.parseAllDocuments(text).map((d) => d.toJS());
  } catch {
    continue;
  }
  if (docs.some((d) => d === null || typeof d !== "object")) continue;
  const before = new Set(run(docs).map(key));
  docs.forEach((doc, i) => {
    for (const [at, value] of nodes(doc, [], [])) {
      const m = mutate(doc, at, value);
      if (!m) continue;
      mutants++;
      const found = run(docs.map((d, j) => (j === i ? m.copy : d)));
      // Only mutants the schema rule reports anew: the typo is then its finding.
      if (!found.some((f) => f.ruleId === "schema" && !before.has(key(f)))) continue;
      for (const f of found) {
        if (f.ruleId === "schema" || before.has(key(f))) continue;
        const where = `${f.ruleId} @ ${at.filter((s) => typeof s === "string").slice(-3).join(".")}`;
        if (!seen.has(where)) seen.set(where, `${path.relative(ROOT, file)}: ${m.what} :: ${f.message}`);
      }
    }
  });
}
console.log(`${mutants} mutants (${values.mode}); ${seen.size} places where another rule fires beside the schema rule`);
for (const [where, example] of seen) console.log(`${where}\n    ${example}`);
