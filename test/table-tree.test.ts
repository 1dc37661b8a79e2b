import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import { CORPUS, ROOT, SHARED, fixtureFiles, hasCorpus } from "./helpers/fixtures.js";
import { fastDocuments, parseTrees } from "../src/load/parse.js";
import { editableTrees, tableTree } from "../src/fix/table-tree.js";
import { parseSource } from "../src/load/parse.js";
import { sameValue } from "../src/fix/same-value.js";

// The fix engine edits through trees made from the fast path's tables (src/fix/table-tree.ts) where
// that path is exact. Every fact an edit reads of a node must be what the `yaml` parse of the same text
// gives: kind, flow style, range, scalar style and value, keys with their ranges, item order.

/** Where two trees differ, as a path and what differs (undefined: alike). */
function difference(a: unknown, b: unknown, docA: Document, docB: Document, at: string): string | undefined {
  const kind = (n: unknown) => (isMap(n) ? "map" : isSeq(n) ? "seq" : isScalar(n) ? "scalar" : String(n));
  if (kind(a) !== kind(b)) return `${at}: ${kind(a)}, yaml ${kind(b)}`;
  const x = a as Node;
  const y = b as Node;
  if (x.range?.[0] !== y.range?.[0] || x.range?.[1] !== y.range?.[1]) return `${at}: range ${x.range}, yaml ${y.range}`;
  if (isScalar(x) && isScalar(y)) {
    if (x.type !== y.type) return `${at}: style ${x.type}, yaml ${y.type}`;
    if (!sameValue(x.toJS(docA), y.toJS(docB))) return `${at}: value differs`;
    return undefined;
  }
  if (isMap(x) && isMap(y)) {
    if (!!x.flow !== !!y.flow) return `${at}: flow ${x.flow}, yaml ${y.flow}`;
    if (x.items.length !== y.items.length) return `${at}: ${x.items.length} entries, yaml ${y.items.length}`;
    for (let i = 0; i < x.items.length; i++) {
      const p = x.items[i];
      const q = y.items[i];
      if (!isPair(p) || !isPair(q) || !isScalar(p.key) || !isScalar(q.key)) return `${at}[${i}]: not a pair with a scalar key`;
      const key = String(q.key.value);
      if (String(p.key.value) !== key) return `${at}[${i}]: key ${String(p.key.value)}, yaml ${key}`;
      const d = difference(p.key, q.key, docA, docB, `${at}.${key} (key)`) ?? difference(p.value, q.value, docA, docB, `${at}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  if (isSeq(x) && isSeq(y)) {
    if (!!x.flow !== !!y.flow) return `${at}: flow ${x.flow}, yaml ${y.flow}`;
    if (x.items.length !== y.items.length) return `${at}: ${x.items.length} items, yaml ${y.items.length}`;
    for (let i = 0; i < x.items.length; i++) {
      const d = difference(x.items[i], y.items[i], docA, docB, `${at}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

function differencesOn(files: string[]): { failures: string[]; fast: number } {
  const failures: string[] = [];
  let fast = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    if (!fastDocuments(text)) continue;
    fast++;
    const mine = editableTrees(text);
    const theirs = parseTrees(text);
    if (mine.length !== theirs.length) {
      failures.push(`${f}: ${mine.length} documents, yaml ${theirs.length}`);
      continue;
    }
    mine.forEach((doc, i) => {
      const d = difference(doc.contents, theirs[i].contents, doc, theirs[i], `${path.relative(ROOT, f)}#${i}`);
      if (d) failures.push(d);
    });
  }
  return { failures, fast };
}

describe("trees made from the fast path's tables", () => {
  it("match the yaml trees on every fixture", () => {
    const files = fixtureFiles(path.join(ROOT, "fixtures"));
    const { failures, fast } = differencesOn(files);
    expect(failures).toEqual([]);
    // Most fixtures take the fast path: the comparison is not vacuous.
    expect(fast / files.length).toBeGreaterThan(0.8);
  });

  it.skipIf(!hasCorpus())("match the yaml trees on both corpora", () => {
    const files = [...fixtureFiles(CORPUS), ...fixtureFiles(path.join(SHARED, "corpus-public"))];
    const { failures, fast } = differencesOn(files);
    expect(failures).toEqual([]);
    expect(fast / files.length).toBeGreaterThan(0.8);
  }, 120_000);

  it("are left to yaml where the fast path is not exact", () => {
    // An anchor and its alias: the yaml tree, with the alias node an edit must refuse.
    const text = "a: &x {b: 1}\nc: *x\n";
    expect(fastDocuments(text)).toBeUndefined();
    const [doc] = editableTrees(text);
    expect(doc.errors).toEqual([]);
    expect(isMap(doc.contents) && doc.contents.items.length).toBe(2);
  });

  it("give block and flow styles, quoted keys and empty values as yaml does", () => {
    const text = 'metadata:\n  name: "web"\n  labels: {app: web, "tier": \'front\'}\n  empty:\n  list: [1, 2]\nspec:\n  - |\n    text\n  - >-\n    folded\n';
    expect(fastDocuments(text)).toBeDefined();
    const [mine] = editableTrees(text);
    const [theirs] = parseTrees(text);
    expect(difference(mine.contents, theirs.contents, mine, theirs, "")).toBeUndefined();
    expect(mine.toJS()).toEqual(theirs.toJS());
  });

  it("of a document cut out of its file are the trees of the cut text", () => {
    const text = "# head\napiVersion: v1\nkind: A\n---\n# second\nkind: B\nspec:\n  list:\n  - {a: 1}\n  - b\n---\nkind: C\n";
    const parsed = parseSource({ path: "t.yaml", display: "t.yaml", text });
    const second = parsed.documents[1];
    expect(second.positions?.fastPath).toBe(true);
    const from = text.indexOf("kind: B");
    const to = text.lastIndexOf("---");
    const mine = tableTree(second.positions!, second.root, second.value, from, to)!;
    const [theirs] = parseTrees(text.slice(from, to));
    expect(difference(mine.contents, theirs.contents, mine, theirs, "")).toBeUndefined();
    expect(mine.toJS()).toEqual({ kind: "B", spec: { list: [{ a: 1 }, "b"] } });
  });
});
