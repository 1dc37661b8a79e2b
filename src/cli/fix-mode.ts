import fs from "node:fs";
import { displayPath, lintAsync, type LintOptions, type LintResult } from "../lint.js";
import type { Finding } from "../engine/finding.js";
import type { Rule } from "../engine/rule.js";
import { builtinRules } from "../../rules/index.js";
import { fixStdin, fixUntilStable, MAX_FIX_PASSES, writeFixedFiles, type FixOutcome, type FixedFile } from "../fix/fix-files.js";
import { UsageError } from "./usage.js";
import { readManifest } from "../load/read.js";
import { KeptBuilds } from "../render/kept-builds.js";
import { credentialLines, fileObjects, redactDiff } from "./diff-redaction.js";

export interface FixFlags {
  fix?: boolean;
  fixDryRun?: boolean;
  fixType?: string[];
}

/** Refuses flag combinations that cannot mean anything; returns true when the run fixes. */
export function checkFixFlags(args: FixFlags, paths: readonly string[], writeBaseline: boolean): boolean {
  if (args.fixType && !args.fix && !args.fixDryRun) throw new UsageError("--fix-type selects what --fix or --fix-dry-run fixes: give one of them");
  if (!args.fix && !args.fixDryRun) return false;
  if (writeBaseline) throw new UsageError("--fix and --write-baseline do not go together: fix first, then record what remains");
  if (paths.includes("-") && !args.fixDryRun) throw new UsageError("--fix cannot write to standard input: use --fix-dry-run to see the changes as a diff");
  if (paths.includes("-") && paths.length > 1) throw new UsageError("--fix-dry-run reads standard input alone: name files or -, not both");
  return true;
}

/** `--fix-type a,b`: rule ids or categories; a finding is fixed when its rule is one or is in one. */
export function fixSelector(types: readonly string[] | undefined, rules: readonly Rule[] = builtinRules): (f: Finding) => boolean {
  const wanted = (types ?? []).flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
  if (wanted.length === 0) return () => true;
  const categories = new Set(rules.map((r) => r.meta.category as string));
  const ids = new Set(rules.map((r) => r.meta.id));
  for (const w of wanted) {
    if (!ids.has(w) && !categories.has(w)) throw new UsageError(`--fix-type ${w}: neither a rule id nor a category (categories: ${[...categories].sort().join(", ")})`);
  }
  const category = new Map(rules.map((r) => [r.meta.id, r.meta.category as string]));
  const set = new Set(wanted);
  return (f) => set.has(f.ruleId) || set.has(category.get(f.ruleId) ?? "");
}

/**
 * Runs the fix loop with `options` (the lint run as configured), then writes the files (--fix) or
 * prints a unified diff (--fix-dry-run). Returns the run after fixing: what remains to report.
 */
export async function runFixes(given: LintOptions & { jobs?: number }, args: FixFlags, rules?: readonly Rule[]): Promise<LintResult> {
  const selected = fixSelector(args.fixType, rules);
  // Kustomize builds read the files on disk, which change only where this loop writes them: a root
  // is built again only then, not at every pass (Argo CD's 7 builds cost ~13 s of wall time each lint).
  const keptBuilds = new KeptBuilds();
  const options = { ...given, render: { ...given.render, keptBuilds } };
  const paths = options.paths ?? [];
  let outcome: FixOutcome;
  if (paths.includes("-")) {
    const read = options.stdin === undefined ? readManifest("-", options.maxFileBytes) : { ok: true as const, text: options.stdin };
    // Binary or too large: the run reports it as it would without fixing.
    if (!read.ok) return lintAsync({ ...options, stdin: "" });
    const display = options.stdinName ? displayPath(options.stdinName, options.cwd ?? process.cwd()) : "<stdin>";
    outcome = await fixStdin((text) => lintAsync({ ...options, stdin: text, fixes: true, suggestions: false }), read.text, selected, display);
  } else if (args.fixDryRun) {
    outcome = await fixUntilStable((overrides) => lintAsync({ ...options, overrides, fixes: true, suggestions: false }), selected);
  } else {
    // Kustomize renders from the files on disk, and a fix of a rendered object waits until the base it
    // edits is saved: the fixed files are written and the loop runs again, a bounded number of times.
    const written = new Set<string>();
    let applied = 0;
    for (let round = 0; ; round++) {
      outcome = await fixUntilStable((overrides) => lintAsync({ ...options, overrides, fixes: true, suggestions: false }), selected);
      for (const failure of writeFixedFiles(outcome.files)) process.stderr.write(`k8slint: ${failure}\n`);
      keptBuilds.written(outcome.files.map((f) => f.file));
      applied += outcome.applied;
      for (const f of outcome.files) written.add(f.file);
      if (outcome.files.length === 0 || round + 1 >= MAX_FIX_PASSES || !outcome.result.units.some((u) => u.startsWith("kustomize "))) break;
    }
    if (applied > 0) process.stderr.write(`k8slint: fixed ${plural(applied, "problem")} in ${plural(written.size, "file")}\n`);
    return outcome.result;
  }
  // --fix-dry-run (standard input is only ever diffed). Loaded here: an ordinary run does not pay for the diff library.
  const { createTwoFilesPatch } = await import("diff");
  let redacted = 0;
  for (const f of outcome.files) {
    // Credentials the run found never reach the output, the diff's context lines included.
    const shown = redactDiff(unifiedDiff(f, createTwoFilesPatch), credentialLines(f, outcome.result.findings, outcome.result.rules), fileObjects(f));
    redacted += shown.redacted;
    process.stdout.write(shown.patch);
  }
  if (redacted > 0) process.stderr.write(`k8slint: --fix-dry-run: ${plural(redacted, "line")} holding a credential ${redacted === 1 ? "is" : "are"} shown with the value hidden: those hunks do not apply as printed (--fix writes the files)\n`);
  // What remains is linted in the text as fixed: its lines are those the files would have after the diff.
  const remains = outcome.files.length > 0 ? "; what remains is reported at its lines after these fixes" : "";
  process.stderr.write(`k8slint: --fix-dry-run: would fix ${plural(outcome.applied, "problem")} in ${plural(outcome.files.length, "file")}; nothing was written${remains}\n`);
  // Kustomize builds from the files on disk, which a dry run leaves as they are: --fix's later rounds are not in the diff.
  if (outcome.files.length > 0 && outcome.result.units.some((u) => u.startsWith("kustomize "))) {
    process.stderr.write("k8slint: --fix-dry-run: this is --fix's first round: Kustomize builds from the files on disk, and --fix builds again after writing them, which may fix more\n");
  }
  return outcome.result;
}

/** `diff -u` of one file, as `git apply` and `patch -p1` take it. */
export function unifiedDiff(f: FixedFile, createTwoFilesPatch: typeof import("diff").createTwoFilesPatch): string {
  const name = f.display.replace(/^<|>$/g, "");
  // The texts were read without the file's byte-order mark, which --fix keeps: so does the diff, or
  // `git apply` finds the first line changed.
  const bom = hasByteOrderMark(f.file) ? "\ufeff" : "";
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, bom + f.before, bom + f.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, "");
}

function hasByteOrderMark(file: string): boolean {
  try {
    const fd = fs.openSync(file, "r");
    try {
      const head = Buffer.alloc(3);
      return fs.readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false; // standard input, or a file gone: no mark to keep
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
