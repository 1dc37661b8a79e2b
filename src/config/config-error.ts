import { LineCounter, parseDocument, type Document, type Node } from "yaml";
import { locate } from "../model/locate.js";
import { formatPath } from "../engine/finding.js";
import type { ObjectPath } from "../types.js";

/** A configuration mistake: the CLI prints its one-line message and exits 2. */
export class ConfigError extends Error {}

/** A parsed YAML file that can say where a key is written, for one-line errors. */
export interface YamlSource {
  /** Path as shown to people. */
  display: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export function parseYamlSource(display: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  // YAML 1.2 (the yaml package's default): `off` and `no` stay strings, as a severity should.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { display, doc, lineCounter };
}

/** `file:line:col: key.path: message` (the position of the key when it is written). */
export function configError(src: YamlSource, path: ObjectPath, message: string): ConfigError {
  return new ConfigError(`${where(src, path)}${path.length ? formatPath(path) + ": " : ""}${message}`);
}

export function where(src: YamlSource, path: ObjectPath): string {
  const range = locate(src.doc, src.doc.contents as Node | null, path);
  if (!range) return `${src.display}: `;
  const pos = src.lineCounter.linePos(range.start);
  return `${src.display}:${pos.line}:${pos.col}: `;
}

/** The document's value; an alias bomb (more than 100 alias expansions) is a config error, not a crash. */
export function yamlValue(src: YamlSource): unknown {
  try {
    return src.doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw configError(src, [], "the document expands more than 100 aliases; write it out");
  }
}
