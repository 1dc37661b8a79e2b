import fs from "node:fs";
import type { LintResult } from "../lint.js";
import type { FileChange, TextEdit } from "../engine/fix.js";
import type { Finding } from "../engine/finding.js";
import { applyEdits } from "./yaml-edit.js";
import { fastValues, parseTrees } from "../load/parse.js";
import { LineTable } from "../load/line-table.js";

/** ESLint's bound: fixes that make room for others are applied over a few passes, never forever. */
export const MAX_FIX_PASSES = 10;

export interface FixedFile {
  /** Absolute path. */
  file: string;
  display: string;
  before: string;
  after: string;
}

export interface FixOutcome {
  /** The run after the last pass: what remains. */
  result: LintResult;
  files: FixedFile[];
  /** Fixes applied, over all passes. */
  applied: number;
  /** Each applied change with the text it was applied to, in order. */
  changes: Array<{ change: FileChange; before: string }>;
}

/**
 * Lints, applies every selected fix whose edits do not overlap another's, and lints the edited text
 * again, until nothing is left to fix. `lintWith` lints with the given texts in place of the files'
 * (nothing is written here: the caller writes or prints a diff).
 */
export async function fixUntilStable(lintWith: (overrides: ReadonlyMap<string, string>) => Promise<LintResult>, selected: (f: Finding) => boolean): Promise<FixOutcome> {
  const texts = new Map<string, string>();
  const originals = new Map<string, { display: string; text: string }>();
  let applied = 0;
  const log: FixOutcome["changes"] = [];
  let result = await lintWith(texts);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const byFile = new Map<string, FileChange[]>();
    for (const f of result.findings) {
      if (!f.fix || f.suppressed || f.baselined || !selected(f)) continue;
      const list = byFile.get(f.fix.file) ?? [];
      list.push(f.fix);
      byFile.set(f.fix.file, list);
    }
    let changed = false;
    for (const [file, changes] of byFile) {
      if (file === "-" || file.startsWith("<")) continue;
      const current = texts.get(file) ?? readText(file);
      if (current === undefined) continue;
      const chosen = safely(current, nonOverlapping(current, changes));
      if (chosen.edits.length === 0) continue;
      if (!originals.has(file)) originals.set(file, { display: changes[0].display, text: current });
      texts.set(file, applyEdits(current, chosen.edits));
      applied += chosen.changes.length;
      for (const change of chosen.changes) log.push({ change, before: current });
      changed = true;
    }
    if (!changed) break;
    result = await lintWith(texts);
  }
  const files: FixedFile[] = [];
  for (const [file, o] of originals) {
    const after = texts.get(file)!;
    if (after !== o.text) files.push({ file, display: o.display, before: o.text, after });
  }
  return { result, files, applied, changes: log };
}

/** Standard input's text is not on disk: a fix of it is computed on `stdin` (--fix-dry-run). */
export async function fixStdin(lintText: (text: string) => Promise<LintResult>, text: string, selected: (f: Finding) => boolean, display = "<stdin>"): Promise<FixOutcome> {
  let current = text;
  let applied = 0;
  const log: FixOutcome["changes"] = [];
  let result = await lintText(current);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const changes = result.findings.filter((f) => f.fix && !f.suppressed && !f.baselined && selected(f) && f.file === display).map((f) => f.fix!);
    const chosen = safely(current, nonOverlapping(current, changes));
    if (chosen.edits.length === 0) break;
    for (const change of chosen.changes) log.push({ change, before: current });
    current = applyEdits(current, chosen.edits);
    applied += chosen.changes.length;
    result = await lintText(current);
  }
  return { result, files: current === text ? [] : [{ file: "-", display, before: text, after: current }], applied, changes: log };
}

/**
 * The changes to make in one pass: in order, each whose edits touch none already taken. Two findings
 * with the same fix (one pod-level seccompProfile for two containers) count once. An insertion at
 * the very offset of another edit waits for the next pass, so their order never depends on chance.
 */
function nonOverlapping(text: string, changes: readonly FileChange[]): Chosen {
  const taken: TextEdit[] = [];
  const seen = new Set<string>();
  const chosen: FileChange[] = [];
  const lines = new LineTable(text);
  // Lines that taken edits touch: a List of ten thousand items has as many fixes in one file, and
  // comparing each with every edit taken before was quadratic.
  const touched = new Set<number>();
  const sorted = [...changes].sort((a, b) => a.edits[0].start - b.edits[0].start || a.edits[0].end - b.edits[0].end);
  for (const c of sorted) {
    const key = JSON.stringify(c.edits);
    if (seen.has(key)) continue;
    if (c.edits.some((e) => near(lines, e, touched))) continue;
    seen.add(key);
    taken.push(...c.edits);
    for (const e of c.edits) {
      const [first, last] = lineSpan(lines, e);
      for (let line = first; line <= last; line++) touched.add(line);
    }
    chosen.push(c);
  }
  return { edits: taken.sort((a, b) => a.start - b.start), changes: chosen };
}

interface Chosen {
  edits: TextEdit[];
  changes: FileChange[];
}

/**
 * Two edits on the same or neighbouring lines wait for separate passes: each was made against the
 * text as it was, and two insertions into one mapping (two new `securityContext:` keys) would each be
 * right alone and wrong together. Whether `e` touches or neighbours a line of `touched`.
 */
function near(lines: LineTable, e: TextEdit, touched: ReadonlySet<number>): boolean {
  const [first, last] = lineSpan(lines, e);
  for (let line = first - 1; line <= last + 1; line++) if (touched.has(line)) return true;
  return false;
}

function lineSpan(lines: LineTable, e: TextEdit): [number, number] {
  return [lines.linePos(e.start).line, lines.linePos(Math.max(e.start, e.end - 1)).line];
}

/** The pass's changes together must parse as well as the text did; else only the first is made this pass. */
function safely(text: string, chosen: Chosen): Chosen {
  if (chosen.changes.length <= 1) return chosen;
  // A text the fast path reads exactly has no errors (test/fast-parse.test.ts): most passes parse no tree.
  const errors = (t: string) => (fastValues(t) ? 0 : parseTrees(t).reduce((n, d) => n + d.errors.length, 0));
  if (errors(applyEdits(text, chosen.edits)) <= errors(text)) return chosen;
  return { edits: [...chosen.changes[0].edits], changes: [chosen.changes[0]] };
}

function readText(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** Writes fixed files, keeping a byte-order mark the file had. Returns the files that could not be written. */
export function writeFixedFiles(files: readonly FixedFile[]): string[] {
  const failed: string[] = [];
  for (const f of files) {
    try {
      const onDisk = fs.readFileSync(f.file, "utf8");
      const bom = onDisk.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
      // Changed by someone else while we linted: leave it.
      if (onDisk.slice(bom.length) !== f.before) {
        failed.push(`${f.display}: changed while being fixed; not written`);
        continue;
      }
      fs.writeFileSync(f.file, bom + f.after);
    } catch (e) {
      failed.push(`${f.display}: ${(e as Error).message}`);
    }
  }
  return failed;
}
