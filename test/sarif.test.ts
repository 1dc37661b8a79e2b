import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { lint, type LintResult } from "../src/lint.js";
import { sarifFormatter, SARIF_MAX_RESULTS, SARIF_KEPT_RESULTS, FINGERPRINT_KEY } from "../src/report/sarif.js";
import { formatContext } from "../src/report/context.js";
import type { FormatContext } from "../src/report/formatter.js";
import { CORPUS, ROOT, SHARED, hasCorpus } from "./helpers/fixtures.js";
import { testTempDir } from "./helpers/temp-dir.js";

// SARIF is validated twice: against the OASIS 2.1.0 schema (shape), and against what GitHub code
// scanning needs beyond it (startLine everywhere, relative URIs, rule texts, ruleIndex, result limit).

const SCHEMA_FILE = path.join(SHARED, "schemas/sarif-schema-2.1.0.json");
const hasSchema = fs.existsSync(SCHEMA_FILE);
if (!hasSchema) console.warn(`SKIPPED: SARIF schema validation: ${SCHEMA_FILE} not found (a fresh clone without ../shared)`);
if (!hasCorpus()) console.warn(`SKIPPED: SARIF on ../shared/corpus: ${CORPUS} not found (a fresh clone without ../shared)`);

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
}
const validate = hasSchema ? validator() : undefined;

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: SarifRule[] } };
    results: SarifResult[];
  }>;
}
interface SarifRule {
  id: string;
  name?: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown?: string };
  helpUri?: string;
  defaultConfiguration?: { level: string };
  properties?: { tags?: string[]; precision?: string; "security-severity"?: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  partialFingerprints?: unknown;
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> };
    logicalLocations?: Array<{ name: string; fullyQualifiedName?: string }>;
  }>;
}

function sarifOf(ctx: FormatContext): { text: string; log: SarifLog; warnings: string[] } {
  const warnings: string[] = [];
  const text = sarifFormatter.format(ctx, (m) => warnings.push(m));
  return { text, log: JSON.parse(text) as SarifLog, warnings };
}

/** Everything GitHub code scanning requires of an upload that the schema does not check. */
function githubProfileProblems(log: SarifLog, result: LintResult): string[] {
  const problems: string[] = [];
  if (log.version !== "2.1.0") problems.push(`version ${log.version}`);
  if (log.runs.length !== 1) problems.push(`${log.runs.length} runs`);
  const run = log.runs[0];
  const rules = run.tool.driver.rules;
  const enabled = result.rules.map((r) => r.id);
  if (JSON.stringify(rules.map((r) => r.id)) !== JSON.stringify(enabled)) problems.push("driver.rules are not the enabled rules");
  for (const r of rules) {
    for (const [field, value] of Object.entries({
      name: r.name,
      shortDescription: r.shortDescription?.text,
      fullDescription: r.fullDescription?.text,
      "help.text": r.help?.text,
      "help.markdown": r.help?.markdown,
      "defaultConfiguration.level": r.defaultConfiguration?.level,
      precision: r.properties?.precision,
    })) {
      if (!value) problems.push(`rule ${r.id}: no ${field}`);
    }
    if (!r.properties?.tags?.length) problems.push(`rule ${r.id}: no tags`);
    const meta = result.rules.find((m) => m.id === r.id);
    // Built-in rules link to their docs/rules page; a custom rule only when its author gives a link.
    if (!r.helpUri && !meta?.customRuleFile) problems.push(`rule ${r.id}: no helpUri`);
    const security = meta?.securitySeverity !== undefined || meta?.category === "security" || meta?.category === "secrets";
    if (security) {
      const s = Number(r.properties?.["security-severity"]);
      if (!(s >= 0 && s <= 10)) problems.push(`security rule ${r.id}: security-severity ${r.properties?.["security-severity"]}`);
      if (!r.properties?.tags?.includes("security")) problems.push(`security rule ${r.id}: no "security" tag`);
    }
  }
  if (run.results.length > SARIF_MAX_RESULTS) problems.push(`${run.results.length} results`);
  // Most severe first: the 5,000 results GitHub keeps are the worst.
  const rank = { error: 3, warning: 2, note: 1 } as Record<string, number>;
  const ranks = run.results.map((r) => ((r as { suppressions?: unknown }).suppressions ? 0 : rank[(r as { level: string }).level]));
  if (ranks.some((x, i) => i > 0 && x > ranks[i - 1])) problems.push("results are not ordered most severe first");
  const prints = run.results.map((r) => JSON.stringify(r.partialFingerprints));
  if (new Set(prints).size !== prints.length) problems.push("two results share a partialFingerprint");
  run.results.forEach((res, i) => {
    const where = `result ${i} (${res.ruleId})`;
    if (res.ruleIndex === undefined || rules[res.ruleIndex]?.id !== res.ruleId) problems.push(`${where}: ruleIndex ${res.ruleIndex}`);
    const fp = (res.partialFingerprints as Record<string, string> | undefined)?.[FINGERPRINT_KEY];
    if (!/^[0-9a-f]{32}$/.test(fp ?? "")) problems.push(`${where}: partialFingerprints ${JSON.stringify(res.partialFingerprints)}`);
    if (!res.message.text) problems.push(`${where}: no message`);
    if (res.locations.length !== 1) problems.push(`${where}: ${res.locations.length} locations`);
    for (const loc of res.locations) {
      const { artifactLocation: art, region } = loc.physicalLocation;
      if (!(region.startLine >= 1)) problems.push(`${where}: startLine ${region.startLine}`);
      if (!(region.startColumn >= 1 && region.endLine >= region.startLine && region.endColumn >= 1)) problems.push(`${where}: region ${JSON.stringify(region)}`);
      if (art.uriBaseId !== "%SRCROOT%") problems.push(`${where}: uriBaseId ${art.uriBaseId}`);
      if (/^[a-z]+:|^\/|^\.\.?\//i.test(art.uri) || art.uri.includes("\\")) problems.push(`${where}: URI ${art.uri} is not relative`);
    }
  });
  return problems;
}

function lintWithRoot(paths: string[]): FormatContext {
  const result = lint({ paths, cwd: ROOT });
  return formatContext(result, { repoRoot: ROOT });
}

const FIXTURE_SETS = ["fixtures/rules", "fixtures/examples"].filter((p) => fs.existsSync(path.join(ROOT, p)));

/**
 * fixtures/rules linted once for the tests that only read the result: each lint renders the rule
 * fixtures' Kustomize roots again (the suite's budget is ten minutes). The determinism test lints anew.
 */
let fixtureRules: FormatContext | undefined;
const lintedFixtureRules = () => (fixtureRules ??= lintWithRoot(["fixtures/rules"]));
const linted = (set: string) => (set === "fixtures/rules" ? lintedFixtureRules() : lintWithRoot([set]));

describe("SARIF from fixtures", () => {
  for (const set of FIXTURE_SETS) {
    it(`${set}: valid against the 2.1.0 schema and GitHub's profile`, () => {
      const ctx = linted(set);
      const { log, warnings } = sarifOf(ctx);
      expect(log.runs[0].results.length).toBeGreaterThan(0);
      // fixtures/rules is every rule's examples linted as one run: past 5,000 results GitHub's limit
      // warning is right (the reporter's own test covers it), not a defect of the fixtures.
      expect(warnings.filter((w) => !(set === "fixtures/rules" && /keeps only the first 5000/.test(w)))).toEqual([]);
      if (validate) expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
      expect(githubProfileProblems(log, ctx.result)).toEqual([]);
    });
  }

  it("names the object in the first sentence of each message and the resource in logicalLocations", () => {
    const ctx = lintedFixtureRules();
    const { log } = sarifOf(ctx);
    const results = log.runs[0].results;
    const withResource = ctx.result.findings.filter((f) => !f.suppressed && f.resource);
    expect(withResource.length).toBeGreaterThan(0);
    for (const f of withResource) {
      const ns = f.resource!.namespace ? `${f.resource!.namespace}/` : "";
      const name = f.resource!.name || "<unnamed>";
      const subject = `${f.resource!.kind} ${ns}${name}`;
      const r = results.find(
        (x) =>
          x.ruleId === f.ruleId &&
          x.locations[0].physicalLocation.artifactLocation.uri === f.file &&
          x.locations[0].physicalLocation.region.startLine === f.line &&
          x.message.text.startsWith(subject),
      );
      expect(r, `${f.ruleId} at ${f.file}:${f.line}`).toBeDefined();
      const firstSentence = r!.message.text.split(/\.\s/)[0];
      expect(firstSentence).toContain(subject);
      expect(r!.locations[0].logicalLocations?.[0].name).toBe(name);
    }
  });

  it("is deterministic: two runs give byte-identical output", () => {
    const a = sarifOf(lintedFixtureRules()).text;
    const b = sarifOf(lintWithRoot(["fixtures/rules"])).text;
    expect(a).toBe(b);
    expect(a).not.toMatch(/"(startTimeUtc|endTimeUtc|timeUtc)"/);
  });

  it("truncates past 25,000 results and says so", () => {
    const ctx = lintedFixtureRules();
    const real = ctx.result.findings.filter((f) => !f.suppressed);
    expect(real.length).toBeGreaterThan(0);
    // Real findings, repeated past the limit: what a very large repository would produce.
    const many = Array.from({ length: Math.ceil((SARIF_MAX_RESULTS + 10) / real.length) }, () => real).flat();
    const big = { ...ctx, result: { ...ctx.result, findings: many } };
    const { log, warnings } = sarifOf(big);
    expect(log.runs[0].results.length).toBe(SARIF_MAX_RESULTS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(String(many.length));
    expect(githubProfileProblems(log, ctx.result)).toEqual([]);
  });

  it("warns past the 5,000 results GitHub keeps, without truncating", () => {
    const ctx = lintedFixtureRules();
    const real = ctx.result.findings.filter((f) => !f.suppressed);
    const many = Array.from({ length: Math.ceil((SARIF_KEPT_RESULTS + 1) / real.length) }, () => real).flat();
    const { log, warnings } = sarifOf({ ...ctx, result: { ...ctx.result, findings: many } });
    expect(log.runs[0].results.length).toBe(many.length);
    expect(warnings).toEqual([`${many.length} SARIF results: GitHub code scanning keeps only the first 5000 of a run (the most severe come first)`]);
  });

  it("gives each result a fingerprint that survives line moves", () => {
    const text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx\n    - name: b\n      image: nginx\n";
    const of = (t: string) => {
      const log = sarifOf(formatContext(lint({ sources: [{ name: "pod.yaml", text: t }] }), { repoRoot: ROOT })).log;
      return new Map(log.runs[0].results.map((r) => [JSON.stringify(r.partialFingerprints), r.locations[0].physicalLocation.region.startLine]));
    };
    const before = of(text);
    const after = of(`# a comment\n# and another\n\n${text}`);
    expect(before.size).toBeGreaterThan(2);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [k, line] of before) expect(after.get(k)).toBe(line + 3);
  });

  it("names a file from its own repository's root when the working directory is in none", () => {
    const dir = testTempDir("k8slint-repo-root-");
    fs.mkdirSync(path.join(dir, "repo", ".git"), { recursive: true });
    fs.mkdirSync(path.join(dir, "repo", "k8s"));
    fs.writeFileSync(path.join(dir, "repo", "k8s", "app.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: c:1.0\n      securityContext: {privileged: true}\n");
    // From above the repository (cwd outside any repository, as `cd / && k8slint /path/to/repo/k8s`).
    const result = lint({ paths: [path.join(dir, "repo", "k8s")], cwd: dir });
    const { log } = sarifOf(formatContext(result, { repoRoot: dir }));
    const uris = new Set(log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(["k8s/app.yaml"]);
  });

  it("keeps URIs relative for files outside the repository root", () => {
    const outside = path.dirname(ROOT);
    const result = lint({ paths: [path.join(ROOT, "fixtures/rules")], cwd: outside });
    const { log } = sarifOf(formatContext(result, { repoRoot: path.join(outside, "no-such-repo") }));
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(githubProfileProblems(log, result)).toEqual([]);
  });
});

describe.skipIf(!hasCorpus())("SARIF from ../shared/corpus", () => {
  const systems = hasCorpus() ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];
  for (const system of systems) {
    it(`${system}: valid against the 2.1.0 schema and GitHub's profile`, () => {
      const result = lint({ paths: [path.join(CORPUS, system)], cwd: ROOT });
      const { log } = sarifOf(formatContext(result, { repoRoot: ROOT }));
      expect(log.runs[0].results.length).toBe(result.findings.filter((f) => !f.suppressed && !f.baselined).length);
      if (validate) expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
      expect(githubProfileProblems(log, result)).toEqual([]);
    });
  }
});
