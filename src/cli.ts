import fs from "node:fs";
import path from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { lint, type LintResult } from "./lint.js";
import { formatters, FORMAT_NAMES, formatForFile } from "./report/formatters.js";
import { formatContext } from "./report/context.js";
import { SEVERITIES, severityRank, type Severity } from "./types.js";
import { toolVersion } from "./version.js";
import { DEFAULT_MAX_FILE_BYTES } from "./load/read.js";

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

const STDIN_TOKEN = "\u0000stdin";

/**
 * Repeatable options take one value per flag (`-f json -o a.json -f text`), never the words after it:
 * `array: true` would swallow the paths in `k8slint -f json k8s/`.
 */
function oneOrMore(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const parser = yargs(argv)
    .scriptName("k8slint")
    .usage("$0 [paths..]\n\nLint Kubernetes manifests: files, directories (recursive) or - for standard input.")
    .command("$0 [paths..]", "lint manifests", (y) => y.positional("paths", { type: "string", array: true, describe: "files or directories; - reads stdin" }), async (args) => {
      exitCode = await runLint(args as unknown as LintArgs);
    })
    .option("format", { alias: "f", type: "string", requiresArg: true, coerce: oneOrMore, describe: `report format (${FORMAT_NAMES.join(", ")}); repeat with --output for several reports` })
    .option("output", { alias: "o", type: "string", requiresArg: true, coerce: oneOrMore, describe: "write the report to a file (pairs with --format in order)" })
    .option("fail-on", { type: "string", choices: SEVERITIES as unknown as string[], default: "error", describe: "exit 1 when a finding is at or above this severity" })
    .option("namespace", { alias: "n", type: "string", default: "default", describe: "namespace of namespaced objects that set none" })
    .option("kube-version", { type: "string", describe: "target Kubernetes version (e.g. 1.30)" })
    .option("external", { type: "string", requiresArg: true, coerce: oneOrMore, describe: "objects that exist outside these manifests: Kind/namespace/name or Kind/name" })
    .option("color", { type: "boolean", describe: "colour text output (default: when stdout is a terminal and NO_COLOR is unset)" })
    .option("verbose", { alias: "v", type: "boolean", default: false, describe: "show the fix under every finding" })
    .option("show-suppressed", { type: "boolean", default: false, describe: "list suppressed findings in text output" })
    .option("sarif-include-suppressed", { type: "boolean", default: false, describe: "emit suppressed findings in SARIF, marked with their justification" })
    .option("sarif-category", { type: "string", describe: "SARIF automation category (several k8s directories in one repository)" })
    .option("max-file-size", { type: "number", default: DEFAULT_MAX_FILE_BYTES / (1024 * 1024), describe: "largest file to lint, in MiB" })
    .option("quiet", { alias: "q", type: "boolean", default: false, describe: "report errors only" })
    .option("stats", { type: "boolean", default: false, describe: "print the time each rule took (stderr)" })
    .strictOptions()
    .version(toolVersion())
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg || err?.message || "invalid arguments");
    });
  try {
    // yargs drops a lone "-" (standard input): carry it through as a token no real path can be.
    await parser.parseAsync(argv.map((a) => (a === "-" ? STDIN_TOKEN : a)));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`k8slint: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  return exitCode;
}

export interface LintArgs {
  paths?: string[];
  format?: string[];
  output?: string[];
  failOn: Severity;
  namespace: string;
  kubeVersion?: string;
  external?: string[];
  color?: boolean;
  verbose: boolean;
  showSuppressed: boolean;
  sarifIncludeSuppressed: boolean;
  sarifCategory?: string;
  maxFileSize: number;
  quiet: boolean;
  stats: boolean;
}

async function runLint(args: LintArgs): Promise<number> {
  const paths = (args.paths ?? []).map((p) => (p === STDIN_TOKEN ? "-" : p));
  if (args.output?.includes(STDIN_TOKEN)) throw new UsageError('--output needs a file name ("-" is not one: leave --output out to write to standard output)');
  if (paths.length === 0) throw new UsageError("no paths given: k8slint <file|directory|->...");
  const outputs = planOutputs(args.format ?? [], args.output ?? []);
  const stdin = paths.includes("-") ? fs.readFileSync(0, "utf8") : undefined;
  const result = lint({
    paths,
    stdin,
    namespace: args.namespace,
    kubeVersion: args.kubeVersion,
    external: args.external,
    maxFileBytes: Math.round(args.maxFileSize * 1024 * 1024),
  });
  for (const p of result.problems) process.stderr.write(`k8slint: ${p.path}: ${p.message}\n`);
  writeReports(result, args, outputs);
  if (args.stats) printStats(result);
  if (result.problems.length > 0) return EXIT_USAGE;
  const threshold = severityRank(args.failOn);
  const failing = result.findings.some((f) => !f.suppressed && !f.baselined && severityRank(f.severity) >= threshold);
  return failing ? EXIT_FINDINGS : EXIT_OK;
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
  process.stderr.write("rule                              time (ms)  findings\n");
  for (const s of rows) process.stderr.write(`${s.ruleId.padEnd(34)}${s.millis.toFixed(1).padStart(9)}  ${String(s.findings).padStart(8)}\n`);
}

/** Entry point of bin/k8slint: never a stack trace, whatever happens. */
export function run(): void {
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`k8slint: internal error: ${msg.split("\n")[0]}\n`);
      if (process.env.K8SLINT_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
