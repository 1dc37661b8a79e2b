import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";

/** Seeded generator (mulberry32): one seed gives the same mutants on every machine. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface Mutant {
  text: string | Buffer;
  /** Operators applied, in order (for the failure record). */
  ops: string[];
  /** Secret values planted in it, each still present verbatim: none may appear in any report. */
  secrets: string[];
}

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A made-up credential: letters and digits, unlike any name in the corpora. */
export function makeSecret(r: Random): string {
  let s = "Zq";
  while (s.length < 22) s += ALNUM[r.int(ALNUM.length)];
  return s.slice(0, 10) + String(r.int(10)) + s.slice(11);
}

/**
 * Keys whose values name things (objects, containers, images, labels, hosts, paths): reports print
 * those by design, so secrets are planted only elsewhere. Kept apart from the engine's own list on
 * purpose: a value the fuzzer thinks is free text and the engine prints is a finding of the fuzzer.
 * `message` is the text an admission policy or a CRD rule gives a refused object: the API server shows
 * it to whoever is refused, and the findings quote it as their message. `serviceAccount` is the
 * deprecated alias of serviceAccountName: a ServiceAccount's name.
 */
const NAMING = /(name|Name|names|Names)$|^(namespace|kind|apiVersion|image|images|host|hosts|path|mountPath|subPath|key|uid|group|apiGroup|apiGroups|resources|verbs|nonResourceURLs|resourceNames|add|drop|type|schedule|labels|matchLabels|selector|nodeSelector|message|serviceAccount)$/;

const CONTROL = ["\u0000", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b[2J", "\u001b]0;x\u0007", "\u007f", "\u0085", "\u2028", "\u202e", "\ufeff", "\r", "\t", "\n::error::fuzz\n"];
const TYPE_SWAPS = ["[]", "{}", "null", "~", "true", "0", "-1", "1e999", "0x1F", "''", '"x"', "[1, [2, {a: b}]]", "{a: {b: {c: d}}}", "!!binary aGVsbG8=", "2001-12-14t21:59:43.10-05:00", ".nan", "*undefined_alias", "&a x", "|\n  block", "? complex\n: key"];
const TAGS = ["!!str", "!!int", "!!map", "!!seq", "!!binary", "!!timestamp", "!!set", "!!omap", "!custom", "!<tag:yaml.org,2002:str>", "!!python/object", "!!float", "!!bool", "!!null"];
const SELECTORS = [
  "selector: {}",
  "selector: {matchLabels: {}}",
  "selector: {matchExpressions: [{key: app, operator: Exists}]}",
  "selector: {matchExpressions: [{key: app, operator: NotAnOperator, values: [a]}]}",
  "selector: {matchExpressions: [{key: '', operator: In, values: []}]}",
  "selector: {matchLabels: {app: [a, b]}}",
  "selector: {matchLabels: null}",
  "selector: app=web",
  "selector: {matchLabels: {'': ''}, matchExpressions: null}",
];
const LIST_ODDITIES = [
  "apiVersion: v1\nkind: List\nitems: null\n",
  "apiVersion: v1\nkind: List\nitems: {a: b}\n",
  "apiVersion: v1\nkind: List\nitems: [null, 1, [], {kind: Pod}, {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: inner}}]}]\n",
  "apiVersion: v1\nkind: ConfigMapList\nitems: [{metadata: {name: a}}, {apiVersion: v1, kind: Secret}]\n",
];

type Op = (text: string, r: Random, secrets: string[]) => string;

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i !== -1 && out.length < 100_000; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}

/** A random line with a `key: value` on it: [start of the value, end of the line]. */
function valueSpan(text: string, r: Random): [number, number] | undefined {
  const starts = lineStarts(text);
  for (let tries = 0; tries < 20; tries++) {
    const s = r.pick(starts);
    const end = text.indexOf("\n", s) === -1 ? text.length : text.indexOf("\n", s);
    const m = /^(\s*(?:-\s+)?[A-Za-z_][\w.\/-]*:\s+)\S/.exec(text.slice(s, end));
    if (m) return [s + m[1].length, end];
  }
  return undefined;
}

const OPS: Record<string, Op> = {
  byteFlip(t, r) {
    if (t.length === 0) return t;
    const chars = [...t.slice(0, 50_000)];
    for (let k = 1 + r.int(4); k > 0; k--) chars[r.int(chars.length)] = String.fromCharCode(r.int(128));
    return chars.join("") + t.slice(50_000);
  },
  truncate(t, r) {
    return t.slice(0, r.int(t.length + 1));
  },
  typeSwap(t, r) {
    const span = valueSpan(t, r);
    return span ? t.slice(0, span[0]) + r.pick(TYPE_SWAPS) + t.slice(span[1]) : t;
  },
  deepNest(t, r) {
    const depth = r.pick([100, 499, 500, 501, 600, 3000, 10_000]);
    const flow = r.chance(0.5) ? "[".repeat(depth) + "x" + "]".repeat(r.chance(0.5) ? depth : 0) : "{a: ".repeat(depth) + "b" + "}".repeat(depth);
    const span = valueSpan(t, r);
    return span ? t.slice(0, span[0]) + flow + t.slice(span[1]) : t + "\nx: " + flow + "\n";
  },
  anchors(t, r) {
    const span = valueSpan(t, r);
    if (!span) return t;
    const name = `f${r.int(5)}`;
    const forms = [`&${name} ${t.slice(span[0], span[1])}`, `*${name}`, `&${name} [*${name}]`, `&${name} {a: *${name}}`, `{<<: *${name}}`, `&${name} {<<: [*${name}, *${name}]}`];
    let out = t.slice(0, span[0]) + r.pick(forms) + t.slice(span[1]);
    if (r.chance(0.5)) {
      const again = valueSpan(out, r);
      if (again) out = out.slice(0, again[0]) + `*${name}` + out.slice(again[1]);
    }
    return out;
  },
  tags(t, r) {
    const span = valueSpan(t, r);
    return span ? t.slice(0, span[0]) + `${r.pick(TAGS)} ` + t.slice(span[0]) : t;
  },
  control(t, r) {
    const at = r.int(t.length + 1);
    return t.slice(0, at) + r.pick(CONTROL) + t.slice(at);
  },
  controlInName(t, r) {
    return t.replace(/(\bname:\s*)([A-Za-z0-9][\w.-]*)/, (_, k: string, v: string) => `${k}${JSON.stringify(v + r.pick(CONTROL))}`);
  },
  selector(t, r) {
    const at = t.search(/^\s*selector:.*$/m);
    if (at === -1) return t + (t.endsWith("\n") ? "" : "\n") + "spec:\n  " + r.pick(SELECTORS) + "\n";
    const end = t.indexOf("\n", at + 1);
    const indent = /^\s*/.exec(t.slice(at))![0].replace(/\n/g, "");
    return t.slice(0, at) + (t[at] === "\n" ? "\n" : "") + indent + r.pick(SELECTORS) + t.slice(end === -1 ? t.length : end);
  },
  list(t, r) {
    if (r.chance(0.5)) return r.pick(LIST_ODDITIES) + "---\n" + t;
    const items = t.split(/^---\s*$/m).map((d) => "  - " + d.trim().split("\n").join("\n    "));
    return "apiVersion: v1\nkind: List\nitems:\n" + items.join("\n") + "\n";
  },
  duplicateKey(t, r) {
    const starts = lineStarts(t);
    const s = r.pick(starts);
    const end = t.indexOf("\n", s);
    const line = t.slice(s, end === -1 ? t.length : end);
    return /^\s*[\w.-]+:/.test(line) ? t.slice(0, s) + line + "\n" + t.slice(s) : t;
  },
  separators(t, r) {
    const starts = lineStarts(t);
    const at = r.pick(starts);
    return t.slice(0, at) + r.pick(["---\n", "...\n", "--- |\n", "%YAML 1.1\n---\n", "%TAG ! tag:x,2000:\n---\n", "---\n---\n"]) + t.slice(at);
  },
  plantSecret(t, r, secrets) {
    try {
      return plant(t, r, secrets);
    } catch {
      return t; // the yaml package cannot write every document it reads (an alias before its anchor)
    }
  },
};

/** Free-text string leaves of a parsed document (not under a naming key), as YAML nodes. */
function freeLeaves(node: Node | null | undefined, naming: boolean, out: Node[], depth = 0): void {
  if (!node || depth > 60 || out.length > 2000) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      freeLeaves(pair.value as Node, naming || NAMING.test(key) || key.startsWith("justify.k8slint.io"), out, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) freeLeaves(item as Node, naming, out, depth + 1);
  } else if (isScalar(node) && !naming && typeof node.value === "string") out.push(node);
}

/**
 * A secret at a place no report may print it: a free-text leaf of a document (an annotation value,
 * an env value, imagePullPolicy, a quantity…), or a new env entry, data value or key, or annotation.
 */
function plant(text: string, r: Random, secrets: string[]): string {
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch {
    return text;
  }
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) return text;
  const doc = r.pick(docs);
  const secret = makeSecret(r);
  const leaves: Node[] = [];
  freeLeaves(doc.contents as Node, false, leaves);
  const where = r.int(4);
  if (where === 0 && leaves.length > 0) {
    (r.pick(leaves) as { value: unknown }).value = secret;
  } else if (where === 1 && isMap(doc.contents)) {
    doc.setIn(["metadata", "annotations", "note"], secret);
  } else if (where === 2 && isMap(doc.contents) && (doc.get("kind") === "Secret" || doc.get("kind") === "ConfigMap")) {
    const field = doc.get("kind") === "Secret" ? "stringData" : "data";
    // Or the whole line of an env file without its =, which a generator makes a key of.
    if (r.int(2) === 0) doc.setIn([field, "password"], secret);
    else doc.setIn([field, `DB_PASSWORD ${secret}`], "");
  } else if (isMap(doc.contents)) {
    const containers = doc.getIn(["spec", "template", "spec", "containers"]) ?? doc.getIn(["spec", "containers"]);
    if (isSeq(containers) && isMap(containers.items[0])) {
      const c = containers.items[0];
      const field = r.pick(["imagePullPolicy", "terminationMessagePolicy", "workingDir", "env"]);
      if (field === "env") c.set("env", doc.createNode([{ name: "DB_PASSWORD", value: secret }]));
      else c.set(field, secret);
    } else doc.setIn(["spec", "restartPolicy"], secret);
  } else return text;
  let out: string;
  try {
    out = docs.map((d) => d.toString({ lineWidth: 0 })).join("");
  } catch {
    return text; // an alias the planted value replaced the anchor of
  }
  secrets.push(secret);
  return out;
}

/** Applies one to three operators to a source file; sometimes re-encodes it as UTF-16. */
export function mutate(source: string, r: Random): Mutant {
  const names = Object.keys(OPS);
  const ops: string[] = [];
  const secrets: string[] = [];
  let text = source;
  if (r.chance(0.4)) {
    text = OPS.plantSecret(text, r, secrets);
    ops.push("plantSecret");
  }
  for (let k = 1 + r.int(3); k > 0; k--) {
    const name = r.pick(names);
    ops.push(name);
    text = OPS[name](text, r, secrets);
  }
  const present = secrets.filter((s) => text.includes(s));
  if (r.chance(0.03)) {
    ops.push("utf16");
    return { text: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), ops, secrets: present };
  }
  return { text, ops, secrets: present };
}
