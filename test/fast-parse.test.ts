import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { CORPUS, ROOT, SHARED, hasCorpus } from "./helpers/fixtures.js";
import { fastDocuments, fastValues, parseSource, type ParsedFile } from "../src/load/parse.js";
import { makeFastParser } from "../src/load/fast-parse.js";
import { readNode, type PositionTable } from "../src/model/positions.js";
import { lint } from "../src/lint.js";
import { formatters } from "../src/report/formatters.js";
import { formatContext } from "../src/report/context.js";
import { KeptBuilds, type KeptBuild } from "../src/render/kept-builds.js";

// The fast parse path (src/load/fast-parse.ts) must give exactly what the `yaml` path gives: the same
// values, the same position tables (so every finding has the same line and column), the same problems.
// Both are run on every fixture, every file of both corpora and a generated torture set, and whole
// runs are compared in every report format.

const PUBLIC = path.join(SHARED, "corpus-public");

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** Every difference between the two parses of one text, as readable lines (none: the same). */
function differences(text: string): string[] {
  const input = { path: "t.yaml", display: "t.yaml", text };
  const a = parseSource(input, "fast");
  const b = parseSource(input, "yaml");
  return [...compare(a, b), ...valuesDifference(text)];
}

/**
 * The values-only mode (what the fix engine reads edited documents back with) must take exactly the
 * texts the full fast path takes, and read the same values from them.
 */
function valuesDifference(text: string): string[] {
  const full = fastDocuments(text)?.map((d) => d.value);
  const values = fastValues(text);
  if (!full !== !values) return [`values-only mode ${values ? "takes" : "refuses"} the text, the full fast path ${full ? "takes" : "refuses"} it`];
  return full && !isDeepStrictEqual(full, values) ? ["values-only mode reads other values"] : [];
}

function compare(a: ParsedFile, b: ParsedFile): string[] {
  const out: string[] = [];
  if (a.documents.length !== b.documents.length) return [`${a.documents.length} documents, yaml ${b.documents.length}`];
  a.documents.forEach((x, i) => {
    const y = b.documents[i];
    if (!isDeepStrictEqual(x.value, y.value)) out.push(`document ${i}: values differ`);
    if (x.broken !== y.broken || (x.root < 0) !== (y.root < 0) || x.start !== y.start) out.push(`document ${i}: broken/root/start ${x.broken}/${x.root}/${x.start}, yaml ${y.broken}/${y.root}/${y.start}`);
    const p = x.positions;
    const q = y.positions;
    if (!p !== !q) out.push(`document ${i}: position table on one side only`);
    else if (p && q && x.root >= 0) {
      const d = tableDifference(p, x.root, q, y.root, "");
      if (d) out.push(`document ${i}: tables differ at ${d}`);
    }
  });
  if (!isDeepStrictEqual(a.problems, b.problems)) out.push(`problems differ: ${JSON.stringify(a.problems)} / ${JSON.stringify(b.problems)}`);
  if (a.file.text.includes("{{")) {
    const sorted = (s: ParsedFile["templateScalars"]) => JSON.stringify([...(s ?? [])].sort((m, n) => m[0] - n[0]));
    if (sorted(a.templateScalars) !== sorted(b.templateScalars)) out.push("quoted and block scalar ranges differ");
  }
  if (!isDeepStrictEqual(Array.from(a.file.lineCounter.lineStarts), Array.from(b.file.lineCounter.lineStarts))) out.push("line starts differ");
  return out;
}

/**
 * Where two position tables differ, walked from their roots (the fast path numbers nodes as they close,
 * the `yaml` path as it visits them: the same nodes, in another order): kind, range, keys with their
 * ranges, entries and items. Undefined when they describe the same tree.
 */
function tableDifference(p: PositionTable, a: number, q: PositionTable, b: number, at: string): string | undefined {
  if ((a < 0) !== (b < 0)) return `${at}: node on one side only`;
  if (a < 0) return undefined;
  const x = readNode(p, a);
  const y = readNode(q, b);
  if (x.kind !== y.kind || x.flow !== y.flow || x.start !== y.start || x.end !== y.end) return `${at}: ${JSON.stringify([x.kind, x.flow, x.start, x.end])}, yaml ${JSON.stringify([y.kind, y.flow, y.start, y.end])}`;
  if (x.entries.length !== y.entries.length || x.items.length !== y.items.length) return `${at}: entry counts differ`;
  for (let i = 0; i < x.entries.length; i++) {
    const e = x.entries[i];
    const f = y.entries[i];
    if (e.key !== f.key || e.start !== f.start || e.end !== f.end) return `${at}[${i}]: key ${JSON.stringify([e.key, e.start, e.end])}, yaml ${JSON.stringify([f.key, f.start, f.end])}`;
    const d = tableDifference(p, e.value, q, f.value, `${at}.${e.key}`);
    if (d) return d;
  }
  for (let i = 0; i < x.items.length; i++) {
    const d = tableDifference(p, x.items[i], q, y.items[i], `${at}[${i}]`);
    if (d) return d;
  }
  return undefined;
}

const fastParse = makeFastParser((tags) => tags.filter((t) => (t as { format?: string }).format !== "TIME" && !((t as { tag?: string }).tag ?? "").endsWith(":timestamp")));

/** Documents the fast path took, of all documents (so that a test passing because everything fell back would show). */
function fastShare(texts: string[]): { fast: number; all: number } {
  let fast = 0;
  let all = 0;
  for (const t of texts) {
    const r = fastParse(t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);
    all += r ? r.chunks.length : 1;
    fast += r ? r.chunks.filter((c) => c.doc).length : 0;
  }
  return { fast, all };
}

function expectSameOnFiles(files: string[]): string[] {
  const texts: string[] = [];
  const failures: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    texts.push(text);
    for (const d of differences(text)) failures.push(`${path.relative(ROOT, f)}: ${d}`);
  }
  expect(failures).toEqual([]);
  return texts;
}

describe("the fast parse path and the yaml path agree", () => {
  it("on every fixture", () => {
    const files = yamlFiles(path.join(ROOT, "fixtures"));
    expect(files.length).toBeGreaterThan(200);
    const { fast, all } = fastShare(expectSameOnFiles(files));
    expect(fast / all).toBeGreaterThan(0.9);
  }, 300_000);

  it.skipIf(!hasCorpus())("on every file of ../shared/corpus and ../shared/corpus-public", () => {
    const files = [...yamlFiles(CORPUS), ...yamlFiles(PUBLIC)];
    expect(files.length).toBeGreaterThan(300);
    const { fast, all } = fastShare(expectSameOnFiles(files));
    // Helm templates and a few documents with anchors go to `yaml`; everything else is fast.
    expect(fast / all).toBeGreaterThan(0.9);
  }, 300_000);

  it("on a generated torture set (YAML 1.1 scalars, styles, comments, anchors, BOM and CRLF, Lists, nesting)", () => {
    const cases = tortureSet();
    expect(cases.length).toBeGreaterThan(500);
    const failures: string[] = [];
    for (const text of cases) for (const d of differences(text)) failures.push(`${JSON.stringify(text.slice(0, 160))}: ${d}`);
    expect(failures).toEqual([]);
    const { fast, all } = fastShare(cases);
    expect(fast / all).toBeGreaterThan(0.5);
  }, 300_000);
});

describe.skipIf(!hasCorpus())("whole runs give the same report with --parser yaml", () => {
  const targets: Array<[string, string, boolean]> = [
    ["fixtures", path.join(ROOT, "fixtures"), true],
    ...["caracal", "continuum", "ritma", "ritma-2025-12", "santaclaude", "tarka"].map((s): [string, string, boolean] => [s, path.join(CORPUS, s), true]),
    ["kube-prometheus", path.join(PUBLIC, "kube-prometheus/manifests"), true],
    // Rendering Argo CD's 33 Kustomize roots takes most of a minute; its files are all parsed without it.
    ["argo-cd", path.join(PUBLIC, "argo-cd/manifests"), false],
  ];
  /**
   * Kustomize's output for a root is the same for both runs: the second takes the first's build, but
   * not the objects read from it (a kept build keeps them), so that each parser reads the output.
   */
  class BuildOutputs extends KeptBuilds {
    override get(key: string): KeptBuild | undefined {
      const build = super.get(key);
      if (build) build.objects = undefined;
      return build;
    }
  }

  for (const [name, dir, render] of targets) {
    it(`${name}: json, sarif, text, github, gitlab and junit output are identical, fixes included`, () => {
      // With the fixes' edits, which the fix engine makes through trees of either path (src/fix/table-tree.ts).
      const builds = new BuildOutputs();
      const fast = lint({ paths: [dir], cwd: ROOT, render: { render, keptBuilds: builds }, fixes: true });
      const slow = lint({ paths: [dir], cwd: ROOT, render: { render, keptBuilds: builds }, parser: "yaml", fixes: true });
      expect(fast.findings.length).toBe(slow.findings.length);
      for (const format of ["json", "sarif", "text", "github", "gitlab", "junit"]) {
        const a = formatters[format].format(formatContext(fast, { color: false }), () => {});
        const b = formatters[format].format(formatContext(slow, { color: false }), () => {});
        expect(a === b, `${format} output differs`).toBe(true);
      }
    }, 300_000);
  }
});

/** Texts that exercise what the fast path must get exactly right, or refuse. */
function tortureSet(): string[] {
  const scalars = [
    "yes", "no", "on", "off", "y", "n", "Y", "N", "Yes", "NO", "On", "OFF", "true", "False", "TRUE",
    "~", "null", "Null", "NULL", "", "0644", "0o644", "0x1F", "0b1010", "-0b11", "1_000", "+12", "-0", "007", "08", "09.5",
    "1.5e3", "1e3", "-.5", ".5", "1.", "3.14_15", ".inf", "-.Inf", ".NaN", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "12:30:00", "190:20:30",
    "1:20", "0.1.2", "v1", "1.0", "100Mi", "0.5", "'quoted'", '"dq \\u00e9 \\x41 \\t"', "'it''s'", '"a\\"b"', "a b  c", "a #not comment", "a: b",
    "http://x.io/a?b=c&d", "[]", "{}", "[a, b, 'c', \"d\"]", "{a: 1, b: [2, 3], 'c d': {e: f}}", "<<", "'<<'", "=", "-", "- a", "@x", "`x", "%x", "!x", "&x", "*x", "? x",
    "[a, [b, [c, {d: e}]]]", "{a: }", "[a: 1]", "{a, b: 2}", "[ ]", "{ }", "\"\"", "''", "0x", "0b", "1__0", "+.5", "-1_0.5e+3",
    "falsey", "nulls", "NULLABLE", "offset", "Offer", "trueish", "TRUEST", "yesterday", "Yes!", "noop", "onion", "50%", "a...b",
  ];
  const out: string[] = [];
  for (const s of scalars) {
    out.push(`k: ${s}\n`, `k: ${s} # c\n`, `- ${s}\n`, `a:\n  k: ${s}\n  z: 1\n`, `${/^[\w.~+-]*$/.test(s) && s ? s : "x"}: v\n`, `k: [${s.replace(/[[\]{},]/g, "")}]\n`);
  }
  const blocks = [
    "k: |\n  line1\n  line2\n",
    "k: |-\n  a\n\n  b\n\n\nz: 1\n",
    "k: |+\n  a\n\n\nz: 1\n",
    "k: >\n  folded\n  text\n\n  para\nz: 1\n",
    "k: >-\n  a\n   b\n  c\n",
    "k: |2\n    indented\n   less\n",
    "k: | # comment\n  x\n# top comment\nz: 2\n",
    "k: |\n  x\n    # inside\n  y\n  # also inside\nz: 2\n",
    "k: |\n\n  leading blank\n",
    "k: |\nz: 1\n",
    "- |\n  a\n- >-\n  b\n",
    "k: plain\n  continued\n  lines\nz: 1\n",
    "k: \"double\n  quoted\n\n  multi\"\nz: 1\n",
    "k: 'single\n  quoted'\n",
    "k:\n  - a\n  -\n  - b\n",
    "k:\n- a\n- b\n# trailing\n",
    "k:\n  a: 1\n  # c1\n\n    # c2\n# c3\n  # c4\nz: 2\n",
    "a:\n  b:\n    c: 1\n    # x\n\n  d: 2\n",
    "a:\n  b:\n    c:\n    # x\n\n",
    "a:\n  - b\n  # x\n",
    "a:\n  b:\n    c: 1\n    # x\n---\nz: 1",
    "a: 1\ne:\n",
    "a: 1\ne:   \n# c\n",
    "a: {b: 1, c: [1, 2]} # c\n  # d\n",
    "a: [1,\n  2,\n  3]\nb: {x: 1,\n  y: 2}\n",
    "a: &anchor\n  b: 1\nc: *anchor\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",
    "list:\n  - &i {name: a}\n  - *i\n",
    "k: !!str 123\nj: !!int '7'\n",
    "? complex\n: value\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\n...\n---\nb: 2\n",
    "a: 1\n...",
    "a: 1\n... # end\n",
    "a: |\n  x\n...more\n",
    "a: 1\n  %b\n",
    "a: 1\rb: 2\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1\r",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 2\nc: 3\n",
    "a: 'unclosed\n---\nb: 2\n",
    "a: [1, 2\n---\nb: 2\n",
    "a: b: c\n",
    "\tk: v\n",
    "k:\tv\n",
    "k: v\t# tab comment\n",
    "# only a comment\n",
    "",
    "---\n",
    "---\n---\na: 1\n---\n",
    "# header\n---\na: 1\n",
    "# header\n\na: 1\n---\n# mid\nb: 2\n",
    "--- a\n",
    "--- |\n  block doc\n",
    "--- {a: 1}\n",
    "-\n- a\n",
    "- - a\n  - b\n- - c\n",
    "- a: 1\n  b: 2\n- c: 3\n",
    "-   a: 1\n    b: 2\n",
    "a:\n  -   b: 1\n      c: 2\n",
    "key with spaces: 1\n'quoted key': 2\n\"dq key\": 3\n1: one\ntrue: t\nnull: n\n~: tilde\n",
    "a: b\r\nc:\r\n  - d\r\n  - e # c\r\nf: |\r\n  g\r\n  h\r\n",
    "\ufeffa: 1\n",
    "\ufeff# c\n---\na: 1\n",
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    k: v\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n",
    "a: 1 # c\n\n\n",
    "a: 1\n\n# c\n\n",
    "a:    \n  b\n",
    "a: x\n  # c\n  y\n",
    "a: \"x\" # c\nb: 'y'   \n",
    "a: {{ .Values.x }}\n",
    "a: \"{{ .Values.x }}\"\nb: |\n  {{ x }}\n",
    "{{- if .Values.x }}\na: 1\n{{- end }}\n",
    "a: b\n  c: d\n",
    "__proto__: 1\nconstructor: 2\n",
    "a: 0xG\n",
    "a: -\n",
    "a: - b\n",
    "a: |\n  x\n b: 1\n",
    "a:\n- x\n  # c\n- y\n  # d\n",
    "a:\n  - x\n    # c\nb: 1\n",
    "- a\n  # c\n",
    "a:\n  - {x: 1}\n    # c\n\n  # d\n",
    "a:\n  - 'q'\n      # c\n    # d\n  # e\nz: 1\n",
    "a:\n  b: c\n     # deeper\n\n\n   # less\n # least\n",
  ];
  const deep = (n: number) => `a: ${"[".repeat(n)}${"]".repeat(n)}\n`;
  const deepBlock = (n: number) => Array.from({ length: n }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n") + " v\n";
  blocks.push(deep(50), deep(499), deepBlock(60), deepBlock(200));
  for (const b of blocks) {
    out.push(b, b.replace(/\n/g, "\r\n"), `\ufeff${b}`, `${b}---\n${b}`, `x: 1\n---\n${b}`);
  }
  // Whole generated manifests with documents of every kind, as the benchmark writes them.
  return out;
}
