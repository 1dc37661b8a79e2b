import fs from "node:fs";
import path from "node:path";
import { lintAsync, type LintResult } from "../lint.js";
import { formatters, FORMAT_NAMES, formatForFile } from "../report/formatters.js";
import { formatContext } from "../report/context.js";
import { severityRank, type Severity } from "../types.js";
import { resolveRunAsync } from "../config/resolve-run.js";
import { ConfigError } from "../config/config-error.js";
import { baselineMatcher, readBaseline, writeBaseline, BaselineError } from "../engine/baseline.js";
import { expandInContext } from "./in-context.js";
import { kubeVersionProblem } from "../kube-version.js";
import type { LintArgs } from "./lint-options.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, STDIN_TOKEN, UsageError } from "./usage.js";

export async function runLint(args: LintArgs): Promise<number> {
  const cwd = process.cwd();
  let paths = (args.paths ?? []).map((p) => (p === STDIN_TOKEN ? "-" : p));
  if (args.output?.includes(STDIN_TOKEN)) throw new UsageError('--output needs a file name ("-" is not one: leave --output out to write to standard output)');
  if (paths.length === 0) throw new UsageError("no paths given: k8slint <file|directory|->...");
  if (args.baseline && args.writeBaseline) throw new UsageError("--baseline and --write-baseline do not go together: write the baseline first, then use it");
  const outputs = planOutputs(args.format ?? [], args.output ?? []);
  let run;
  let baseline;
  try {
    run = await resolveRunAsync(args, cwd);
    baseline = args.baseline ? baselineMatcher(readBaseline(cwd, args.baseline), cwd, args.baseline) : undefined;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof BaselineError) throw new UsageError(e.message);
    throw e;
  }
  const kubeProblem = run.lintOptions.kubeVersion === undefined ? undefined : kubeVersionProblem(run.lintOptions.kubeVersion);
  if (kubeProblem) throw new UsageError(kubeProblem);
  let reportOnly: string[] | undefined;
  if (args.inContext) ({ paths, reportOnly } = expandInContext(paths, cwd));
  // Standard input ("-") is read by lint() itself, with the same size and binary checks as a file.
  if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 0)) throw new UsageError(`--jobs needs a whole number of threads (0 or 1: no workers), not ${args.jobs}`);
  const result = await lintAsync({
    ...run.lintOptions,
    jobs: args.jobs,
    parser: args.parser,
    paths,
    cwd,
    reportOnly,
    baseline,
    maxFileBytes: Math.round(args.maxFileSize * 1024 * 1024),
    render: { render: args.render, kustomizeBin: args.kustomizeBin, helmBin: args.helmBin, helmRelease: args.helmRelease, helmValues: args.helmValues },
  });
  for (const p of result.problems) process.stderr.write(`k8slint: ${p.path}: ${p.message}\n`);
  if (args.writeBaseline) {
    const n = writeBaseline(result.findings, cwd, args.writeBaseline);
    process.stderr.write(`k8slint: wrote ${n} ${n === 1 ? "finding" : "findings"} to ${args.writeBaseline}; run with --baseline ${args.writeBaseline} to report only new ones\n`);
    return result.problems.length > 0 ? EXIT_USAGE : EXIT_OK;
  }
  // Every named path missing: a report of "no problems in 0 files" would read as a pass.
  const nothingRead = result.summary.files === 0 && result.problems.some((p) => p.kind === "missing");
  if (!nothingRead) writeReports(result, args, outputs);
  if (args.stats) printStats(result);
  if (result.problems.length > 0) return EXIT_USAGE;
  return exitCodeFor(result, run.failOn, run.maxWarnings);
}

/** 1 when an active finding is at or above failOn, or when there are more warnings than allowed. */
export function exitCodeFor(result: LintResult, failOn: Severity, maxWarnings: number | undefined): number {
  const threshold = severityRank(failOn);
  const failing = result.findings.some((f) => !f.suppressed && !f.baselined && severityRank(f.severity) >= threshold);
  if (failing) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) {
    process.stderr.write(`k8slint: ${result.summary.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

interface PlannedOutput {
  format: string;
  file?: string;
}

/** Pairs --format and --output in order; extra outputs take their format from the file name. */
function planOutputs(formats: string[], outputs: string[]): PlannedOutput[] {
  for (const f of formats) if (!formatters[f]) throw new UsageError(`unknown format "${f}" (choose from ${FORMAT_NAMES.join(", ")})`);
  const planned: PlannedOutput[] = [];
  const n = Math.max(formats.length, outputs.length);
  for (let i = 0; i < n; i++) planned.push({ format: formats[i] ?? formatForFile(outputs[i]), file: outputs[i] });
  if (planned.length === 0) planned.push({ format: "text" });
  if (planned.filter((p) => !p.file).length > 1) throw new UsageError("only one report can go to standard output: give --output for the others");
  return planned;
}

function writeReports(result: LintResult, args: LintArgs, outputs: PlannedOutput[]): void {
  for (const out of outputs) {
    const toTty = !out.file && process.stdout.isTTY === true;
    const color = out.file ? false : (args.color ?? (toTty && !process.env.NO_COLOR));
    const ctx = formatContext(result, {
      color,
      verbose: args.verbose,
      showSuppressed: args.showSuppressed,
      sarifIncludeSuppressed: args.sarifIncludeSuppressed,
      sarifCategory: args.sarifCategory,
      quiet: args.quiet,
    });
    const text = formatters[out.format].format(ctx, (m) => process.stderr.write(`k8slint: ${m}\n`));
    if (out.file) {
      fs.mkdirSync(path.dirname(path.resolve(out.file)), { recursive: true });
      fs.writeFileSync(out.file, text);
    } else {
      process.stdout.write(text);
    }
  }
}

function printStats(result: LintResult): void {
  const rows = [...result.stats].sort((a, b) => b.millis - a.millis);
  const total = rows.reduce((n, s) => n + s.millis, 0);
  process.stderr.write("rule                              time (ms)  findings\n");
  for (const s of rows) process.stderr.write(`${s.ruleId.padEnd(34)}${s.millis.toFixed(1).padStart(9)}  ${String(s.findings).padStart(8)}\n`);
  process.stderr.write(`${"all rules".padEnd(34)}${total.toFixed(1).padStart(9)}\n`);
}
