import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Node } from "yaml";
import { parseSource } from "../src/load/parse.js";
import { locate } from "../src/model/locate.js";
import { listItemIds, locateIn } from "../src/model/positions.js";
import type { ObjectPath } from "../src/types.js";
import { ROOT } from "./helpers/fixtures.js";

// Findings get positions from a compact table (src/model/positions.ts), not from the yaml tree,
// which is dropped after parsing. The table must answer exactly as `locate` does on the tree: every
// path of every value, and paths that do not exist (closest ancestor), on every fixture file.

/** Paths of a value: each field and item, plus a missing field, a missing item and odd indexes under each. */
function* pathsOf(v: unknown, pre: ObjectPath, depth: number): Generator<ObjectPath> {
  yield pre;
  yield [...pre, "no-such-field"];
  yield [...pre, 999];
  if (depth > 30 || v === null || typeof v !== "object" || v instanceof Map || v instanceof Set) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* pathsOf(v[i], [...pre, i], depth + 1);
    yield [...pre, "0"];
    yield [...pre, -1];
    yield [...pre, 0.5];
  } else {
    for (const [k, child] of Object.entries(v)) {
      yield* pathsOf(child, [...pre, k], depth + 1);
      if (/^\d+$/.test(k)) yield [...pre, Number(k)];
    }
  }
}

/** Differences between locate on the tree and locateIn on the table, for every document (and List item) of a text. */
function differences(text: string): string[] {
  const out: string[] = [];
  const parsed = parseSource({ path: "/x/m.yaml", display: "m.yaml", text });
  for (const d of parsed.documents) {
    if (d.broken || !d.positions) continue;
    const doc = d.doc;
    const roots: Array<[Node | null | undefined, number, unknown]> = [[doc.contents as Node | null, d.root, d.value]];
    const items = (d.value as { items?: unknown } | null)?.items;
    if (Array.isArray(items)) {
      const ids = listItemIds(d.positions, d.root);
      const contents = doc.contents as { items?: Array<{ key?: { value?: unknown }; value?: { items?: Node[] } }> } | null;
      const pair = contents?.items?.find((p) => p.key?.value === "items" && Array.isArray(p.value?.items));
      pair?.value?.items?.forEach((n, i) => roots.push([n, ids[i] ?? -1, items[i]]));
    }
    for (const [node, id, value] of roots) {
      for (const p of pathsOf(value, [], 0)) {
        const a = JSON.stringify(locate(doc, node, p));
        const b = JSON.stringify(locateIn(d.positions, id, p));
        if (a !== b) out.push(`document ${d.index} ${JSON.stringify(p)}: tree ${a}, table ${b}`);
      }
    }
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(full);
  }
  return out.sort();
}

describe("position table: the same ranges as locate on the yaml tree", () => {
  it("aliases, merge keys, flow collections, anchored and complex keys, duplicates, Lists", () => {
    const text = `base: &b
  x: 1
  y: [1, 2]
  z:
    q: 1
other: &o {x: 2, w: 3}
m:
  <<: *b
  x: 5
n:
  <<: [*o, *b]
  k: *b
  "<<": quoted
seq:
  - &s {a: 1}
  - *s
  - - nested
  - !!set {a, b}
  - ? complex
    : v
  - []
  - {}
  -
  - a: [1]
    b: |
      text
? &k anchoredkey
: val
alias-to-key: *k
? [a, b]
: flowkey
? &cm {c: 1}
: cm
alias-to-cm: *cm
dup: 1
dup: 2
1: one
true: t
null: n
0x10: hex
m2:
  <<: {inline: 1, x: 9}
  <<: *o
deep: &d
  <<: {a: 1}
  b: 2
m3:
  <<: *d
empty:
---
apiVersion: v1
kind: List
items:
- &i
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
- *i
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: b
---
items: []
items:
  - {apiVersion: v1, kind: Secret, metadata: {name: t}}
apiVersion: v1
kind: List
---
just a string
---
- 1
- &x [2]
- *x
`;
    expect(differences(text)).toEqual([]);
  });

  it("every fixture file", () => {
    const files = yamlFiles(path.join(ROOT, "fixtures"));
    expect(files.length).toBeGreaterThan(50);
    const diffs = files.flatMap((f) => differences(fs.readFileSync(f, "utf8")).map((d) => `${path.relative(ROOT, f)}: ${d}`));
    expect(diffs.slice(0, 10)).toEqual([]);
  });
});
