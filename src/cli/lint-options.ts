import type { Argv } from "yargs";
import { FORMAT_NAMES } from "../report/format-names.js";
import { canonicalSeverity } from "../config/config-types.js";
import type { RunFlags } from "../config/resolve-run.js";
import { DEFAULT_MAX_FILE_BYTES } from "../load/read.js";
import { lastValue, oneOrMore } from "./usage.js";
import type { FixFlags } from "./fix-mode.js";
import { DEFAULT_KUBE_VERSION, MAX_KUBE_VERSION, MIN_KUBE_VERSION } from "../kube-version.js";

/** The flags of `k8slint [paths..]`, as yargs hands them over (those that configure the run are RunFlags). */
export interface LintArgs extends RunFlags, FixFlags {
  paths?: string[];
  format?: string[];
  output?: string[];
  baseline?: string;
  writeBaseline?: string;
  inContext: boolean;
  staged?: boolean;
  color?: boolean;
  verbose: boolean;
  showSuppressed: boolean;
  sarifIncludeSuppressed: boolean;
  sarifCategory?: string;
  maxFileSize: number;
  render: boolean;
  kustomizeBin?: string;
  helmBin?: string;
  helmRelease?: string;
  helmValues?: string[];
  allowRemoteBases?: boolean;
  quiet: boolean;
  stats: boolean;
  allowEmpty: boolean;
  stdinFilename?: string;
  printConfig?: string;
  jobs?: number;
  parser?: "fast" | "yaml";
}

/** `--fail-on` values: the severities, ESLint's "warn", and "never" for report-only runs. */
const FAIL_ON = ["error", "warning", "warn", "info", "never"];

const OUTPUT = "Output:";
const CONFIG = "Configuration (flags win over the config file):";
const INPUT = "Input:";
const RENDER = "Kustomize and Helm:";
const FIX = "Fixing:";

/** Options of the config file that other commands (rules, explain) also take. */
export function configOptions<T>(y: Argv<T>) {
  return y.option("config", {
    alias: "c",
    type: "string",
    coerce: lastValue,
    requiresArg: true,
    group: CONFIG,
    describe: "config file (default: the nearest .k8slint.yaml, .k8slint.yml or k8slint.config.yaml from the working directory up); --no-config for none",
  });
}

/** Every flag of the lint command, grouped for --help. Add new lint flags here. */
export function lintOptions<T>(y: Argv<T>) {
  return configOptions(y)
    .option("format", { alias: "f", type: "string", requiresArg: true, coerce: oneOrMore, group: OUTPUT, describe: `report format (${FORMAT_NAMES.join(", ")}); repeat with --output for several reports` })
    .option("output", { alias: "o", type: "string", requiresArg: true, coerce: oneOrMore, group: OUTPUT, describe: "write the report to a file, in the --format given just before it (else as the name says: .sarif, .json, .xml, text)" })
    .option("color", { type: "boolean", group: OUTPUT, describe: "colour text output, or not with --no-color (default: as chalk detects: a colour terminal, FORCE_COLOR; never with NO_COLOR or TERM=dumb)" })
    .option("verbose", { alias: "v", type: "boolean", default: false, group: OUTPUT, describe: "show the fix under every finding" })
    .option("quiet", { alias: "q", type: "boolean", default: false, group: OUTPUT, describe: "report errors only" })
    .option("show-suppressed", { type: "boolean", default: false, group: OUTPUT, describe: "list suppressed findings in text output" })
    .option("sarif-include-suppressed", { type: "boolean", default: false, group: OUTPUT, describe: "emit suppressed findings in SARIF, marked with their justification" })
    .option("sarif-category", { type: "string", coerce: lastValue, group: OUTPUT, describe: "SARIF automation category (several k8s directories in one repository)" })
    .option("stats", { type: "boolean", default: false, group: OUTPUT, describe: "print the time each rule took (stderr)" })
    .option("rule", { type: "string", requiresArg: true, coerce: oneOrMore, group: CONFIG, describe: "set a rule's severity: --rule id=off|info|warning|error (repeatable)" })
    .option("disable", { type: "string", requiresArg: true, coerce: oneOrMore, group: CONFIG, describe: "turn rules off: --disable id[,id] (repeatable)" })
    .option("enable", { type: "string", requiresArg: true, coerce: oneOrMore, group: CONFIG, describe: "turn on opt-in or disabled rules at their own severity (repeatable)" })
    .option("fail-on", {
      type: "string",
      choices: FAIL_ON,
      // The last of repeated --fail-on flags decides, as for every single-value option.
      coerce: (given: string | string[]) => {
        const v = lastValue(given);
        return FAIL_ON.includes(v) ? canonicalSeverity(v) : v;
      },
      group: CONFIG,
      describe: "exit 1 when a finding is at or above this severity (default: error); never: report only, exit 0",
    })
    .option("max-warnings", { type: "number", coerce: lastValue, requiresArg: true, group: CONFIG, describe: "exit 1 when there are more than this many warnings (-1: no limit)" })
    .option("print-config", { type: "string", coerce: lastValue, requiresArg: true, group: CONFIG, describe: "print the settings that apply to this file (rules, severities, options) as JSON, and lint nothing" })
    .option("baseline", { type: "string", coerce: lastValue, requiresArg: true, group: CONFIG, describe: "hide findings recorded in this baseline file: fail only on new ones" })
    .option("write-baseline", { type: "string", coerce: lastValue, requiresArg: true, group: CONFIG, describe: "record today's findings in this file (then use --baseline)" })
    .option("namespace", { alias: "n", type: "string", coerce: lastValue, group: INPUT, describe: 'namespace of namespaced objects that set none (default: "default")' })
    .option("kube-version", { type: "string", coerce: lastValue, group: INPUT, describe: `target Kubernetes version, ${MIN_KUBE_VERSION} to ${MAX_KUBE_VERSION} (default ${DEFAULT_KUBE_VERSION})` })
    .option("external", { type: "string", requiresArg: true, coerce: oneOrMore, group: INPUT, describe: "objects that exist outside these manifests: Kind/namespace/name or Kind/name" })
    .option("crds", { type: "string", requiresArg: true, coerce: oneOrMore, group: INPUT, describe: "CustomResourceDefinitions the cluster has (e.g. an operator's, installed apart), from a file or directory: custom resources are validated against them; used, not linted (repeatable)" })
    .option("policy", { type: "string", requiresArg: true, coerce: oneOrMore, group: INPUT, describe: "ValidatingAdmissionPolicies (with bindings and params) to enforce on the manifests, from a file or directory; used, not linted (repeatable)" })
    .option("jobs", { alias: "j", type: "number", coerce: lastValue, requiresArg: true, group: INPUT, describe: "threads that parse files (default 1: the main thread only; more cost CPU for little time saved)" })
    // The `yaml` package alone, without the fast path: for the differential test and for bisecting.
    .option("parser", { type: "string", coerce: lastValue, choices: ["fast", "yaml"], hidden: true })
    .option("stdin-filename", { type: "string", coerce: lastValue, requiresArg: true, group: INPUT, describe: "the file standard input (-) stands for: findings name it and config overrides match it" })
    .option("allow-empty", { type: "boolean", default: false, group: INPUT, describe: "accept a run that finds no Kubernetes object (default: exit 2, a mistyped or empty path)" })
    .option("max-file-size", { type: "number", coerce: lastValue, default: DEFAULT_MAX_FILE_BYTES / (1024 * 1024), group: INPUT, describe: "largest file to lint, in MiB" })
    .option("render", { type: "boolean", default: true, group: RENDER, describe: "render Kustomize roots and Helm charts (--no-render lints every file as written)" })
    .option("kustomize-bin", { type: "string", coerce: lastValue, requiresArg: true, group: RENDER, describe: "kubectl or kustomize executable that builds kustomizations (default: kubectl, else kustomize, on PATH)" })
    .option("helm-bin", { type: "string", coerce: lastValue, requiresArg: true, group: RENDER, describe: "helm executable that renders charts (default: helm on PATH)" })
    .option("helm-release", { type: "string", coerce: lastValue, requiresArg: true, group: RENDER, describe: 'release name for helm template (default: "release-name")' })
    .option("allow-remote-bases", { type: "boolean", group: RENDER, describe: "build kustomizations with remote bases (git or HTTP URLs), which fetches them (default: not built, a notice; config: allowRemoteBases)" })
    .option("helm-values", { type: "string", requiresArg: true, coerce: oneOrMore, group: RENDER, describe: "values file for helm template --values (repeatable)" })
    .option("fix", { type: "boolean", group: FIX, describe: "apply the safe fixes to the files (suggestions are never applied), then report what remains" })
    .option("fix-dry-run", { type: "boolean", group: FIX, describe: "print the fixes as a unified diff and change nothing (works on standard input)" })
    .option("fix-type", { type: "string", requiresArg: true, coerce: oneOrMore, group: FIX, describe: "fix only these rules or categories: --fix-type security,deprecated-api (repeatable)" })
    .option("in-context", {
      type: "boolean",
      default: false,
      group: INPUT,
      describe: "lint the named files together with the other manifests of their directories, reporting only the named files",
    })
    .option("staged", {
      type: "boolean",
      default: false,
      group: INPUT,
      describe: "lint what git has staged for commit, with the manifests of its directories and their parents as context (the pre-commit hook; files it names that are not all staged, as with --all-files, are linted as on disk)",
    });
}
