import { assembleParsed, type ParsedFile, type ParseProblem } from "./parse.js";
import { tableOf, type PositionTable } from "../model/positions.js";
import { sourceFile, type SourceFile } from "./source-file.js";
import { LineTable } from "./line-table.js";

/**
 * A ParsedFile as it crosses between threads (structured clone): plain values, typed arrays (moved,
 * not copied), no methods. The LineCounter travels as its line starts; the `yaml` trees do not travel
 * (a document's `doc` is parsed again from the text on the receiving side, as it is after parseSource),
 * nor does the text, which the receiving side already has (position tables point at it again there).
 */
export interface WireFile {
  lineStarts: Int32Array;
  documents: Array<{ value: unknown; broken: boolean; positions?: Omit<PositionTable, "text">; root: number; start: number }>;
  problems: ParseProblem[];
  templateScalars?: Array<[number, number, boolean]>;
}

export function toWire(parsed: ParsedFile): { wire: WireFile; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const documents = parsed.documents.map((d) => {
    if (!d.positions) return { value: d.value, broken: d.broken, root: d.root, start: d.start };
    const { data, pairsAt, itemsAt, keys, fastPath } = d.positions;
    transfer.push(data.buffer as ArrayBuffer);
    return { value: d.value, broken: d.broken, positions: { data, pairsAt, itemsAt, keys, ...(fastPath ? { fastPath } : {}) }, root: d.root, start: d.start };
  });
  const lineStarts = Int32Array.from(parsed.file.lineCounter.lineStarts);
  transfer.push(lineStarts.buffer);
  const wire: WireFile = { lineStarts, documents, problems: parsed.problems, ...(parsed.templateScalars ? { templateScalars: parsed.templateScalars } : {}) };
  return { wire, transfer };
}

/** The ParsedFile of `input` (what was given to parseSource) from the wire form of its parse. */
export function fromWire(wire: WireFile, input: Omit<SourceFile, "lineCounter">): ParsedFile {
  // As parseSource: offsets are into the text without a byte-order mark.
  const text = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  const file = sourceFile({ path: input.path, display: input.display, text }, new LineTable(text, wire.lineStarts));
  const documents = wire.documents.map((d) => ({ ...d, positions: d.positions && tableOf(d.positions.data, d.positions.pairsAt, d.positions.itemsAt, d.positions.keys, text, d.positions.fastPath) }));
  return assembleParsed(file, documents, wire.problems, wire.templateScalars);
}
