import path from "node:path";
import { readBoundedText } from "../load/read-bounded.js";
import { isRecord } from "../model/pod-spec.js";
import { eachString } from "../model/walk-values.js";
import { parseAllDocuments } from "yaml";
import type { KustomizeGraph } from "./kustomization.js";
import type { SourceCache } from "./source-cache.js";

/** Largest env or key file read to learn the values a build error must not repeat. */
const MAX_SOURCE_BYTES = 256 * 1024;
/** Shorter pieces are not worth hiding and would blot out ordinary words of the message. */
const MIN_SECRET_CHARS = 3;

/**
 * The values of every secretGenerator of a build: its literals (`KEY=value`, and a whole literal
 * without `=`), and the lines and values of its env files and key files. kustomize repeats them in
 * its errors ("invalid literal source DB_PASSWORD:…, expected key=value"); a build message that
 * becomes a finding must not.
 */
export function generatorSecrets(graph: KustomizeGraph): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    const t = s.trim();
    if (t.length >= MIN_SECRET_CHARS) out.add(t);
  };
  // The Secret's data holds each value base64-encoded, and kustomize quotes that too ("options.index 5
  // is out of bounds for value <base64>", a node's contents): as written, trimmed, and unquoted.
  const encoded = (s: string) => {
    for (const v of new Set([s, s.trim(), s.trim().replace(/^(["'])(.*)\1$/s, "$2")])) if (v.length >= MIN_SECRET_CHARS) out.add(Buffer.from(v, "utf8").toString("base64"));
  };
  const seen = new Set<string>();
  for (const chain of graph.chains.values()) {
    for (const k of chain) {
      if (seen.has(k.file)) continue;
      seen.add(k.file);
      const generators = Array.isArray(k.value.secretGenerator) ? k.value.secretGenerator : [];
      for (const g of generators) {
        if (!isRecord(g)) continue;
        for (const literal of list(g.literals)) {
          add(literal);
          add(afterSeparator(literal));
          encoded(afterSeparator(literal));
        }
        for (const file of [...list(g.envs), ...list(g.env)]) for (const line of readSource(k.dir, file).split(/\r?\n/)) {
          add(line);
          add(afterSeparator(line));
          encoded(afterSeparator(line));
        }
        for (const entry of list(g.files)) {
          const text = readSource(k.dir, afterSeparator(entry) || entry);
          add(text);
          encoded(text);
          for (const line of text.split(/\r?\n/)) add(line);
        }
      }
    }
  }
  // Longest first, so a literal is hidden whole before its value part is looked for.
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * What a failed build may echo besides generator values: kustomize quotes the configuration it could
 * not use (a helmCharts entry with its valuesInline, a patch with a Secret's stringData) in its error.
 * The documents of every kustomization, inline patch and file of the build, for the message to hide
 * their free values as a finding's message hides its object's (src/engine/message-values.ts).
 */
export function buildDocuments(graph: KustomizeGraph, cache: SourceCache): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const chain of graph.chains.values()) {
    for (const k of chain) {
      if (seen.has(k.file)) continue;
      seen.add(k.file);
      out.push(k.value);
      // Its multi-line strings: inline patches (patches, patchesJson6902, patchesStrategicMerge) and the like.
      eachString(k.value, (str) => {
        if (!str.value.includes("\n")) return;
        try {
          for (const d of parseAllDocuments(str.value)) out.push(d.toJS({ maxAliasCount: 100 }));
        } catch {
          // Text no YAML reader takes: it stays a free value of the kustomization.
        }
      });
    }
  }
  for (const file of graph.files) {
    if (seen.has(file)) continue;
    for (const d of cache.get(file)?.documents ?? []) if (!d.broken) out.push(d.value);
  }
  return out;
}

/** The message with every generator value replaced by a marker. */
export function withoutSecrets(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const s of secrets) if (text.includes(s)) text = text.split(s).join("<redacted>");
  return text;
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];
}

/** What follows the first `=` (or, in a key file entry, names the file); "" when there is none. */
function afterSeparator(s: string): string {
  const at = s.indexOf("=");
  return at === -1 ? "" : s.slice(at + 1);
}

function readSource(dir: string, file: string): string {
  try {
    return readBoundedText(path.resolve(dir, file), MAX_SOURCE_BYTES);
  } catch {
    return ""; // kustomize reports a missing or unreadable source itself
  }
}
