import fs from "node:fs";
import path from "node:path";
import { supportsColor } from "chalk";
import { displayPath, lintAsync, type LintProgress, type LintResult } from "../lint.js";
import { formatters, FORMAT_NAMES, formatForFile, JSON_FORMATS } from "../report/formatters.js";
import { formatContext } from "../report/context.js";
import { stepSummaryMarkdown } from "../report/step-summary.js";
import { severityRank, type Severity } from "../types.js";
import { resolveRunAsync } from "../config/resolve-run.js";
import { ConfigError } from "../config/config-error.js";
import { baselineMatcher, readBaseline, writeBaseline, BaselineError } from "../engine/baseline.js";
import { expandInContext } from "./in-context.js";
import { stagedTree, type StagedTree } from "./staged.js";
import type { Finding } from "../engine/finding.js";
import { checkFixFlags, runFixes } from "./fix-mode.js";
import { kubeVersionProblem } from "../kube-version.js";
import type { LintArgs } from "./lint-options.js";
import { writeFailure } from "./write-failure.js";
import type { FailOn } from "../config/config-types.js";
import { ProgressLine, progressWanted } from "./progress.js";
import { printConfig } from "./print-config.js";
import { commandHint } from "./command-hint.js";
import { expandGlobArguments } from "../load/glob-arguments.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, STDIN_TOKEN, UsageError } from "./usage.js";
import { visible } from "../report/sanitize.js";
import { reportFlagOrder, type ReportFlag } from "./report-flag-order.js";
import { outputOverInput } from "./output-over-input.js";
import { ignoredPathMessage } from "./ignored-path.js";

export async function runLint(args: LintArgs): Promise<number> {
  if (args.printConfig !== undefined) return printConfig(args, process.cwd());
  if (!args.staged) return lintPaths(args, process.cwd());
  // Paths with --staged are the files pre-commit names: see stagedTree.
  const staged = stagedTree(process.cwd(), args.paths ?? []);
  if (!staged) return EXIT_OK; // the commit changes no manifest
  try {
    return await lintPaths(args, staged.cwd, staged);
  } finally {
    staged.cleanup();
  }
}

async function lintPaths(args: LintArgs, cwd: string, staged?: StagedTree): Promise<number> {
  let paths = staged ? staged.paths : await expandGlobArguments((args.paths ?? []).map((p) => (p === STDIN_TOKEN ? "-" : p)), cwd);
  if (args.stdinFilename !== undefined && !paths.includes("-")) throw new UsageError("--stdin-filename names what standard input stands for: give - among the paths");
  if (args.output?.includes(STDIN_TOKEN)) throw new UsageError('--output needs a file name ("-" is not one: leave --output out to write to standard output)');
  if (paths.length === 0) throw new UsageError("no paths given: k8slint <file|directory|->...");
  if (args.baseline && args.writeBaseline) throw new UsageError("--baseline and --write-baseline do not go together: write the baseline first, then use it");
  const outputs = planOutputs(args.format ?? [], args.output ?? [], reportFlagOrder(process.argv.slice(2)));
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
  let reportOnly: string[] | undefined = staged && [...staged.changed, ...(staged.removal?.unchanged ?? [])];
  if (args.inContext && !staged) ({ paths, reportOnly } = expandInContext(paths, cwd));
  const { policies = [], crds = [], ignore } = run.lintOptions;
  const clash = outputOverInput(outputs.flatMap((o) => (o.file ? [o.file] : [])), [...paths, ...policies, ...crds, ...(args.helmValues ?? [])], cwd, ignore);
  if (clash !== undefined) throw new UsageError(`--output ${clash} is a file this run lints: the report would replace it; write it outside the linted paths`);
  // Standard input ("-") is read by lint() itself, with the same size and binary checks as a file.
  checkNumericFlags(args);
  const fixing = checkFixFlags(args, paths, Boolean(args.writeBaseline));
  // The diff goes to standard output: a machine-read report there would be unreadable after it.
  const machine = args.fixDryRun ? outputs.find((o) => !o.file && o.format !== "text") : undefined;
  if (machine) throw new UsageError(`--fix-dry-run prints its diff on standard output: write the ${machine.format} report to a file with -o FILE`);
  if (fixing && staged) throw new UsageError("--fix edits the working tree, not the staged copy --staged lints: run it without --staged");
  const progress = progressWanted(process.stderr, process.env) ? new ProgressLine((t) => process.stderr.write(t)) : undefined;
  const options = {
    ...run.lintOptions,
    stdinName: args.stdinFilename,
    onProgress: progress && ((p: LintProgress) => progress.update(p)),
    jobs: args.jobs,
    // Hidden, for the fuzzer (test/fuzz): workers parse every file, however small the input, so that
    // --jobs 1 and --jobs 2 are compared on worker results rather than on what the main thread got to first.
    ...(process.env.K8SLINT_PARSE_ON_WORKERS === "1" ? { mainParses: false } : {}),
    parser: args.parser,
    baseline,
    maxFileBytes: Math.round(args.maxFileSize * 1024 * 1024),
    render: { render: args.render, kustomizeBin: args.kustomizeBin, helmBin: args.helmBin, helmRelease: args.helmRelease, helmValues: args.helmValues, allowRemoteBases: args.allowRemoteBases ?? run.config?.config.allowRemoteBases ?? false },
    // JSON and SARIF carry each finding's fix and suggestions as edits.
    fixes: outputs.some((o) => o.format === "json" || o.format === "sarif"),
    // Baselines and the SARIF and GitLab fingerprints key on identity paths; other runs skip making them.
    identities: Boolean(args.baseline || args.writeBaseline) || outputs.some((o) => o.format === "sarif" || o.format === "gitlab"),
  };
  let result = fixing ? await runFixes({ ...options, paths, cwd, reportOnly }, args, run.lintOptions.rules) : await lintAsync({ ...options, paths, cwd, reportOnly });
  if (staged?.removal) {
    // Files the commit leaves alone are reported only for what it breaks in them (a reference to an object it deletes).
    const { head } = staged.removal;
    const before = await lintAsync({ ...options, paths: head.paths, cwd: head.cwd, reportOnly: staged.removal.unchanged.map((f) => path.join(head.cwd, path.relative(cwd, f))) });
    result = withoutOldFindings(result, before, new Set(staged.changed.map((f) => path.relative(cwd, f))));
  }
  progress?.clear();
  // Paths come from the command line and from directory walks: a file name may hold a newline or an escape.
  for (const p of result.problems) process.stderr.write(`k8slint: ${visible(p.path)}: ${visible(p.message)}${p.kind === "missing" ? commandHint(p.path, args.paths ?? []) : ""}\n`);
  if (args.writeBaseline) {
    const n = writeBaseline(result.findings, cwd, args.writeBaseline);
    process.stderr.write(`k8slint: wrote ${n} ${n === 1 ? "finding" : "findings"} to ${args.writeBaseline}; run with --baseline ${args.writeBaseline} to report only new ones\n`);
    return result.problems.length > 0 ? EXIT_USAGE : EXIT_OK;
  }
  // Every named path missing: a report of "no problems in 0 files" would read as a pass.
  const nothingRead = result.summary.files === 0 && result.problems.some((p) => p.kind === "missing");
  // Likewise an empty or mistyped directory, or YAML that is no manifest: say so instead of passing.
  // The pre-commit hook accepts it (a commit of docker-compose files has nothing for k8slint).
  if (!nothingRead && result.problems.length === 0 && !args.allowEmpty && !staged && isEmptyRun(result)) {
    const ignored = result.summary.files === 0 ? ignoredPathMessage(paths, cwd, run) : undefined;
    process.stderr.write(`k8slint: ${visible(ignored ?? emptyRunMessage(result))}; check the paths, or pass --allow-empty to accept it\n`);
    return EXIT_USAGE;
  }
  const written = nothingRead || writeReports(result, args, outputs);
  if (!nothingRead) appendStepSummary(result, args);
  if (args.stats) printStats(result);
  if (result.problems.length > 0 || !written) return EXIT_USAGE;
  // The limit is the flag's, else the config file's: the message names the one that set it.
  const configFile = args.maxWarnings === undefined && run.config ? displayPath(run.config.file, cwd) : undefined;
  const limit = configFile === undefined ? undefined : (n: number) => `maxWarnings: ${n} (${configFile})`;
  return exitCodeFor(result, run.failOn, run.maxWarnings, limit);
}

/** Nothing a linter could look at: no Kubernetes object, no finding, no template skipped. */
function isEmptyRun(result: LintResult): boolean {
  return result.summary.resources === 0 && result.findings.length === 0 && result.summary.skipped.length === 0;
}

function emptyRunMessage(result: LintResult): string {
  const files = result.summary.files;
  if (files === 0) return "no manifest found (no .yaml, .yml or .json file)";
  return `no Kubernetes object found in ${files} ${files === 1 ? "file" : "files"} (no document has an apiVersion and a kind)`;
}

const findingKey = (f: Finding) => `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;

/** `result` less the findings in files outside `changed` that `before` has too, with its counts redone. */
function withoutOldFindings(result: LintResult, before: LintResult, changed: ReadonlySet<string>): LintResult {
  const old = new Set(before.findings.map(findingKey));
  const findings = result.findings.filter((f) => changed.has(f.file) || !old.has(findingKey(f)));
  const active = findings.filter((f) => !f.suppressed && !f.baselined);
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  const summary = { ...result.summary, errors: count("error"), warnings: count("warning"), infos: count("info"), suppressed: findings.filter((f) => f.suppressed).length };
  return { ...result, findings, summary };
}

/** 1 when an active finding is at or above failOn, or when there are more warnings than allowed; never 1 with failOn "never". */
export function exitCodeFor(result: LintResult, failOn: FailOn, maxWarnings: number | undefined, limit = (n: number) => `--max-warnings ${n}`): number {
  if (failOn === "never") return EXIT_OK;
  const threshold = severityRank(failOn);
  const failing = result.findings.some((f) => !f.suppressed && !f.baselined && severityRank(f.severity) >= threshold);
  if (failing) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) {
    process.stderr.write(`k8slint: ${result.summary.warnings} warnings, more than ${limit(maxWarnings)}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

interface PlannedOutput {
  format: string;
  file?: string;
}

/**
 * Pairs each --output with the --format just before it on the command line (README: `-f sarif -o
 * k8slint.sarif -f text`); an --output with none takes its format from the file name, and a --format
 * with no --output after it goes to standard output. `order` is how the flags interleave in argv.
 */
function planOutputs(formats: string[], outputs: string[], order: readonly ReportFlag[]): PlannedOutput[] {
  for (const f of formats) if (!formatters[f]) throw new UsageError(`unknown format "${f}" (choose from ${FORMAT_NAMES.join(", ")})`);
  // yargs read the same argv: the counts always agree; were they not to, pair by position.
  const counted = order.filter((k) => k === "format").length === formats.length && order.filter((k) => k === "output").length === outputs.length;
  const sequence: readonly ReportFlag[] = counted ? order : byPosition(formats.length, outputs.length);
  const planned: PlannedOutput[] = [];
  let f = 0;
  let o = 0;
  let pending: string | undefined;
  for (const kind of sequence) {
    if (kind === "format") {
      if (pending !== undefined) planned.push({ format: pending });
      pending = formats[f++];
      continue;
    }
    const file = outputs[o++];
    const format = pending ?? formatForFile(file);
    pending = undefined;
    const problem = outputNameProblem(format, file);
    if (problem) throw new UsageError(problem);
    planned.push({ format, file });
  }
  if (pending !== undefined) planned.push({ format: pending });
  if (planned.length === 0) planned.push({ format: "text" });
  if (planned.filter((p) => !p.file).length > 1) throw new UsageError("only one report can go to standard output: give --output for the others");
  // Two reports to one file: the second would replace the first without a word.
  const seen = new Set<string>();
  for (const p of planned) {
    if (!p.file) continue;
    const abs = path.resolve(p.file);
    if (seen.has(abs)) throw new UsageError(`--output ${p.file} is given twice: each report needs a file of its own`);
    seen.add(abs);
  }
  return planned;
}

/** -f, -o, -f, -o…: the i-th --output with the i-th --format. */
function byPosition(formats: number, outputs: number): ReportFlag[] {
  const sequence: ReportFlag[] = [];
  for (let i = 0; i < Math.max(formats, outputs); i++) {
    if (i < formats) sequence.push("format");
    if (i < outputs) sequence.push("output");
  }
  return sequence;
}

/**
 * A .sarif, .json or .xml name promises that kind of file: `-f json -o out.sarif` would give code scanning
 * a file it cannot read. SARIF and GitLab Code Quality are JSON, so `.json` takes any of the three
 * (`-f gitlab -o gl-code-quality-report.json`); other names (.txt, .log, none) take any format.
 */
function outputNameProblem(format: string, file: string): string | undefined {
  const implied = formatForFile(file);
  if (implied === "text" || implied === format || (implied === "json" && JSON_FORMATS.has(format))) return undefined;
  const kind = implied === "sarif" ? "SARIF" : implied === "junit" ? "JUnit XML" : "JSON";
  return `--output ${file} is a ${kind} file name, but its --format is ${format}: use -f ${implied}, or another name`;
}

/** Most parse threads --jobs may ask for: more than the machine has only adds start-up time. */
export const MAX_JOBS = 64;
/** Largest --max-file-size, in MiB: JavaScript strings cannot hold much more than this. */
export const MAX_FILE_SIZE_MIB = 512;

/** yargs turns `--max-file-size abc` into NaN, which silently removed the limit: refuse it instead. */
function checkNumericFlags(args: LintArgs): void {
  if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 0 && args.jobs <= MAX_JOBS)) {
    throw new UsageError(`--jobs needs a whole number of threads from 0 to ${MAX_JOBS} (0 or 1: no workers), not ${shownNumber(args.jobs, "--jobs")}`);
  }
  if (!(Number.isFinite(args.maxFileSize) && args.maxFileSize > 0 && args.maxFileSize <= MAX_FILE_SIZE_MIB)) {
    throw new UsageError(`--max-file-size needs a size in MiB above 0 and at most ${MAX_FILE_SIZE_MIB}, not ${shownNumber(args.maxFileSize, "--max-file-size")}`);
  }
  if (args.maxWarnings !== undefined && !(Number.isInteger(args.maxWarnings) && args.maxWarnings >= -1)) {
    throw new UsageError(`--max-warnings needs a whole number of warnings (0 or more; -1 for no limit), not ${shownNumber(args.maxWarnings, "--max-warnings")}`);
  }
}

/**
 * Writes every report; one that cannot be written (a missing directory, a full disk) is a one-line
 * error and the others are still written. Returns false when any could not be.
 */
function writeReports(result: LintResult, args: LintArgs, outputs: PlannedOutput[]): boolean {
  let ok = true;
  for (const out of outputs) {
    const color = out.file ? false : (args.color ?? colorByDefault(process.env));
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
      try {
        fs.mkdirSync(path.dirname(path.resolve(out.file)), { recursive: true });
        fs.writeFileSync(out.file, text);
      } catch (e) {
        ok = false;
        process.stderr.write(`k8slint: cannot write ${out.format} report to ${out.file}: ${writeFailure(e)}\n`);
      }
    } else {
      process.stdout.write(text);
    }
  }
  return ok;
}

/**
 * Colour on standard output unless a flag says: chalk's detection (a colour terminal, FORCE_COLOR,
 * TERM=dumb, CI), and NO_COLOR (https://no-color.org), which chalk leaves to applications, unless
 * FORCE_COLOR asks for colour explicitly.
 */
function colorByDefault(env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR && env.FORCE_COLOR === undefined) return false;
  return supportsColor !== false && supportsColor.level > 0;
}

/** In GitHub Actions, a table of the findings for the job's summary page. */
function appendStepSummary(result: LintResult, args: LintArgs): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const rules = new Map(result.rules.map((r) => [r.id, r]));
  try {
    fs.appendFileSync(file, stepSummaryMarkdown(result, rules, args.sarifCategory ? `k8slint: ${args.sarifCategory}` : "k8slint"));
  } catch (e) {
    process.stderr.write(`k8slint: cannot write the job summary to $GITHUB_STEP_SUMMARY: ${(e as Error).message.split("\n")[0]}\n`);
  }
}

function printStats(result: LintResult): void {
  const rows = [...result.stats].sort((a, b) => b.millis - a.millis);
  const total = rows.reduce((n, s) => n + s.millis, 0);
  process.stderr.write("rule                              time (ms)  findings\n");
  for (const s of rows) process.stderr.write(`${s.ruleId.padEnd(34)}${s.millis.toFixed(1).padStart(9)}  ${String(s.findings).padStart(8)}\n`);
  process.stderr.write(`${"all rules".padEnd(34)}${total.toFixed(1).padStart(9)}\n`);
}

/**
 * A numeric option as the user wrote it: yargs reads `--max-warnings abc` as NaN, and "not NaN" names
 * nothing they typed. The text after the flag (or after its `=`) when it did not read as a number.
 */
function shownNumber(value: unknown, flag: string): string {
  if (typeof value !== "number" || !Number.isNaN(value)) return String(value);
  const argv = process.argv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag && i + 1 < argv.length) return JSON.stringify(argv[i + 1]);
    if (argv[i].startsWith(`${flag}=`)) return JSON.stringify(argv[i].slice(flag.length + 1));
  }
  return "a number";
}
