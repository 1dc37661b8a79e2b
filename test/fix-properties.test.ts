import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDeepStrictEqual } from "node:util";
import { lintAsync, type LintOptions } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";
import { fixUntilStable, type FixOutcome } from "../src/fix/fix-files.js";
import { applyEdits } from "../src/fix/yaml-edit.js";
import { parseTrees } from "../src/load/parse.js";
import type { Finding } from "../src/engine/finding.js";
import type { ObjectPath } from "../src/types.js";
import { CORPUS, RULE_FIXTURES, SHARED, fixtureFiles, hasCorpus, readFixtureSettings, settingsFor } from "./helpers/fixtures.js";
import { testTempDir } from "./helpers/temp-dir.js";

/**
 * The properties every --fix must keep, checked on copies of every rule fixture and of both corpora:
 * valid YAML after; every fixed finding gone and no new one; a second --fix changes nothing; the text
 * changes only where the reported edits say (comment lines all kept); the parsed values differ from
 * the original only at the paths the fixes name.
 */
async function checkFixProperties(root: string, options: Partial<LintOptions>): Promise<{ problems: string[]; outcome: FixOutcome; findings: number; withChange: number }> {
  const lintWith = (overrides: ReadonlyMap<string, string>) =>
    lintAsync({ paths: [root], cwd: path.dirname(root), rules: builtinRules, jobs: 0, render: { render: false }, ...options, overrides, fixes: true, suggestions: false });
  const before = await lintWith(new Map());
  // The fix loop's first lint is of the files as they are: `before`, which a run gives again alike.
  const outcome = await fixUntilStable((o) => (o.size === 0 ? Promise.resolve(before) : lintWith(o)), () => true);
  const problems: string[] = [];

  const active = (fs: Finding[]) => fs.filter((f) => !f.suppressed);
  // Per rule and object, counted: messages may name line numbers that a fix moves, or a replica count
  // a removed spec.replicas changes ("runs 3 replicas" becomes "at least 2 (HPA)"): the same finding.
  const key = (f: Finding) => `${f.ruleId}|${f.file}|${f.resource ? `${f.resource.kind}/${f.resource.namespace ?? ""}/${f.resource.name}` : f.message.replace(/\d+/g, "N")}`;
  const count = (fs: Finding[]) => {
    const m = new Map<string, number>();
    for (const f of fs) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
    return m;
  };
  const beforeCounts = count(active(before.findings));
  const fixedCounts = count(active(before.findings).filter((f) => f.fix));
  const afterCounts = count(active(outcome.result.findings));
  for (const [k, n] of afterCounts) {
    const allowed = (beforeCounts.get(k) ?? 0) - (fixedCounts.get(k) ?? 0);
    if (n > allowed) problems.push(`${k}: ${n} after fixing, at most ${allowed} expected (${beforeCounts.has(k) ? "a fixed finding remains" : "a new finding"})`);
  }

  for (const f of outcome.files) {
    // A file with a broken document stays broken there, but no fix may break another.
    const broken = (text: string) => parseTrees(text).filter((d) => d.errors.some((e) => e.code !== "DUPLICATE_KEY")).length;
    if (broken(f.after) > broken(f.before)) problems.push(`${f.display}: not valid YAML after fixing`);
    // Whole-line comments are never touched by a fix.
    const after = f.after.split(/\r?\n/);
    const remaining = new Map<string, number>();
    for (const l of after) remaining.set(l, (remaining.get(l) ?? 0) + 1);
    for (const l of f.before.split(/\r?\n/)) {
      if (!l.trim().startsWith("#")) continue;
      const n = remaining.get(l) ?? 0;
      if (n === 0) problems.push(`${f.display}: comment line lost: ${l.trim()}`);
      else remaining.set(l, n - 1);
    }
    if (f.before.includes("\r\n") && /[^\r]\n/.test(f.after)) problems.push(`${f.display}: CRLF file got a bare LF`);
  }

  // The text of each pass is exactly the previous text with the reported edits applied.
  const byBefore = new Map<string, { file: string; before: string; edits: Array<{ start: number; end: number; text: string }> }>();
  for (const { change, before: text } of outcome.changes) {
    const k = `${change.file}\u0000${text}`;
    const entry = byBefore.get(k) ?? { file: change.file, before: text, edits: [] };
    entry.edits.push(...change.edits);
    byBefore.set(k, entry);
  }
  const passTexts = new Map<string, string[]>();
  for (const e of byBefore.values()) passTexts.set(e.file, [...(passTexts.get(e.file) ?? []), applyEdits(e.before, e.edits)]);
  for (const f of outcome.files) {
    const texts = passTexts.get(f.file) ?? [];
    if (texts[texts.length - 1] !== f.after) problems.push(`${f.display}: the written text is not the reported edits applied`);
  }

  // Values: per document, every difference lies on (or under, or above) a path a fix names.
  for (const f of outcome.files) {
    const b = parseTrees(f.before);
    const a = parseTrees(f.after);
    if (a.length !== b.length) {
      problems.push(`${f.display}: ${b.length} documents before fixing, ${a.length} after`);
      continue;
    }
    const paths = outcome.changes.filter((c) => c.change.file === f.file);
    b.forEach((doc, i) => {
      const named = paths.filter((c) => c.change.docIndex === i).flatMap((c) => c.change.paths);
      for (const diff of differences(doc.toJS({ maxAliasCount: -1 }), a[i].toJS({ maxAliasCount: -1 }), [])) {
        if (!named.some((p) => related(p, diff))) problems.push(`${f.display}: document ${i} changed at ${diff.join(".")}, which no fix names`);
      }
    });
  }

  // A second --fix over the fixed text changes nothing.
  // Its first lint is of the fixed texts, which the first --fix ended with (outcome.result).
  const fixed = new Map(outcome.files.map((f) => [f.file, f.after]));
  const again = await fixUntilStable((o) => (o.size === 0 ? Promise.resolve(outcome.result) : lintWith(new Map([...fixed, ...o]))), () => true);
  for (const f of again.files) problems.push(`${f.display}: a second --fix changed it again`);

  const all = active(before.findings);
  return { problems, outcome, findings: all.length, withChange: all.filter((f) => f.fix || f.suggestions?.length).length };
}

/** Leaf paths where two values differ (list items compared by index). */
function differences(a: unknown, b: unknown, at: ObjectPath): ObjectPath[] {
  if (isDeepStrictEqual(a, b)) return [];
  const obj = (v: unknown) => typeof v === "object" && v !== null;
  if (!obj(a) || !obj(b) || Array.isArray(a) !== Array.isArray(b)) return [at];
  const out: ObjectPath[] = [];
  if (Array.isArray(a) && Array.isArray(b)) {
    // A removed list item shifts the ones after it: the list itself is the difference.
    if (a.length !== b.length) return [at];
    a.forEach((x, i) => out.push(...differences(x, b[i], [...at, i])));
    return out;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) out.push(...differences(ra[k], rb[k], [...at, k]));
  return out;
}

function related(p: ObjectPath, q: ObjectPath): boolean {
  const n = Math.min(p.length, q.length);
  for (let i = 0; i < n; i++) if (String(p[i]) !== String(q[i])) return false;
  return true;
}

function copyToTemp(src: string): string {
  const dir = testTempDir("k8slint-fix-");
  const dest = path.join(dir, path.basename(src));
  fs.cpSync(src, dest, { recursive: true, dereference: false, verbatimSymlinks: true });
  return dest;
}

const entries = fs
  .readdirSync(RULE_FIXTURES)
  .sort()
  .flatMap((rule) => fs.readdirSync(path.join(RULE_FIXTURES, rule)).sort().map((e) => path.join(RULE_FIXTURES, rule, e)));

describe("--fix properties on every rule fixture", () => {
  it.each(entries.map((e) => [path.relative(RULE_FIXTURES, e), e]))("%s", async (_name, entry) => {
    const fx = readFixtureSettings(fixtureFiles(entry));
    const copy = copyToTemp(entry);
    const { problems } = await checkFixProperties(copy, { namespace: fx.namespace, kubeVersion: fx.kubeVersion, external: fx.external, settings: settingsFor(fx) });
    expect(problems).toEqual([]);
  });
});

const CORPORA = [
  ...["caracal", "continuum", "ritma", "ritma-2025-12", "santaclaude", "tarka"].map((s) => path.join(CORPUS, s)),
  path.join(SHARED, "corpus-public/argo-cd/manifests"),
  path.join(SHARED, "corpus-public/kube-prometheus/manifests"),
];

describe.skipIf(!hasCorpus())("--fix properties on copies of the corpora", () => {
  if (!hasCorpus()) it.skip("../shared/corpus is absent: corpus fix properties not checked", () => {});
  const shares: string[] = [];
  let fixedCorpora = 0;
  it.each(CORPORA.filter((c) => fs.existsSync(c)).map((c) => [path.relative(SHARED, c), c]))(
    "%s",
    async (_name, dir) => {
      const copy = copyToTemp(dir);
      const { problems, outcome, findings, withChange } = await checkFixProperties(copy, {});
      expect(problems).toEqual([]);
      shares.push(`${path.relative(SHARED, dir)}: ${withChange}/${findings} findings with a fix or suggestion, ${outcome.applied} fixes applied in ${outcome.files.length} files`);
      // Not every corpus has a safe fix (CONTINUUM's only one removed an autoscaled Deployment's
      // replicas, now a suggestion since applying it resets the scale to 1): the corpora together must
      // get fixes applied, below, so that an engine that silently offers nothing fails.
      if (outcome.applied > 0) fixedCorpora++;
    },
    900_000,
  );
  it("reports the share of findings with a fix or suggestion; most corpora get safe fixes applied", () => {
    if (process.env.K8SLINT_FIX_SHARE) process.stderr.write(shares.join("\n") + "\n");
    expect(shares.length).toBeGreaterThan(0);
    expect(fixedCorpora).toBeGreaterThan(shares.length / 2);
  });
});
