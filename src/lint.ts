import "./regexp-guard.js";
import path from "node:path";
import { LineCounter } from "yaml";
import type { RuleMeta } from "./types.js";
import { discover, type Discovery, type DiscoveryProblem } from "./load/discover.js";
import { readManifest, DEFAULT_MAX_FILE_BYTES, type ReadResult } from "./load/read.js";
import { parseSource, isTemplate, useParser, type ParsedFile, type ParserChoice } from "./load/parse.js";
import { ParsePool, type ParseAllOptions, type ParseInput } from "./load/parse-pool.js";
import type { SourceFile } from "./load/source-file.js";
import { focusModels } from "./model/focus-model.js";
import { buildModel, collectSources, type InputProblem, type ModelSettings, type OtherDocument, type ResourceSource } from "./model/model.js";
import { runRules, applySeverities, type RawFinding, type RuleRunStats } from "./engine/run-rules.js";
import { SharedObjectRules } from "./engine/shared-objects.js";
import { dropExplained } from "./engine/caused-by.js";
import { dropStatedRefusals, escalateRefused } from "./engine/pod-security.js";
import { mergeAcrossUnits, problemKey, variantLabel, type UnitFinding } from "./engine/merge-units.js";
import { splitAlternatives, type PlainSet } from "./model/alternatives.js";
import { applySuppressions } from "./engine/suppress.js";
import { targetIdentity } from "./engine/identity-path.js";
import { defaultRuleSettings, type RuleSettings } from "./engine/rule-settings.js";
import type { Rule } from "./engine/rule.js";
import { compareFindings, type Finding } from "./engine/finding.js";
import { scopeFindings, type ReportScope } from "./engine/report-scope.js";
import { builtinRules } from "../rules/index.js";
import { attachChanges } from "./fix/plan-changes.js";
import { DEFAULT_KUBE_VERSION, kubeVersionProblem } from "./kube-version.js";
import { unvalidatedKinds, unvalidatedNotice } from "./schema/schema-for.js";
import { givenCrdFiles, knownCrds } from "./model/known-crds.js";
import { isCrd } from "./schema/crd-schemas.js";
import { loadAjv } from "./schema/ajv-loader.js";
import { loadCel, mayNeedCel } from "./cel/load.js";
import { givenObjects, readGivenFiles, type GivenFiles } from "./load/given-objects.js";
import { ROOT_FILE_NAMES } from "./render/root-files.js";
import { renderDiscovered, renderDiscoveredAsync, isContextTarget, contextSources, type RenderOptions } from "./render/render.js";
import { gitopsAppliedDirsOf } from "./model/gitops-roots.js";
import { joinFluxComponents } from "./render/flux-components.js";

export interface LintOptions {
  /** Files and directories to lint; "-" reads standard input. */
  paths?: string[];
  /** Files and directories of ValidatingAdmissionPolicies, bindings and params to enforce (--policy, `policies:`): used, not linted. */
  policies?: string[];
  /**
   * Files and directories of CustomResourceDefinitions the cluster has (--crds, `crds:`): they validate the
   * set's custom resources as its own CRDs would; used, not linted.
   */
  crds?: string[];
  /** Manifests given as text (library use): each is linted as if read from a file of that name. */
  sources?: Array<{ name: string; text: string }>;
  /** Text of standard input when "-" is among the paths (the CLI reads it; tests may pass it). */
  stdin?: string;
  /** The file standard input stands for (`--stdin-filename`): findings name it, and config overrides match it. */
  stdinName?: string;
  cwd?: string;
  /** Namespace of namespaced objects that set none (default "default"). */
  namespace?: string;
  kubeVersion?: string;
  external?: string[];
  maxFileBytes?: number;
  /** The rules to run (default: every built-in rule). */
  rules?: Rule[];
  settings?: RuleSettings;
  /** Files and directories not to lint (the config's ignore: and .k8slintignore); gets absolute paths. */
  ignore?: (absPath: string, isDirectory: boolean) => boolean;
  /** Report only findings in these files; the other paths are linted for context (pre-commit's changed files). */
  reportOnly?: ReportScope["reportOnly"];
  /** Marks findings that a baseline accepts (`baselined: true`): reports leave them out, the exit code ignores them. */
  baseline?: ReportScope["baseline"];
  /** How Kustomize roots and Helm charts found among the paths are rendered (src/render). */
  render?: RenderOptions;
  /** "yaml": parse with the `yaml` package alone, not the fast path (src/load/fast-parse.ts); for comparing and bisecting. */
  parser?: ParserChoice;
  /**
   * Give findings their fixes and suggestions as edits (finding.fix, finding.suggestions): --fix, JSON,
   * SARIF. "lazy": only when `result.attachFixes()` is called (the editor asks for them on a code action,
   * not on every keystroke).
   */
  fixes?: boolean | "lazy";
  /**
   * Give findings their identity path (finding.identity: list items by name, src/engine/identity-path.ts),
   * which baselines and the SARIF and GitLab fingerprints key on (default true; the CLI turns it off
   * for reports that use neither, where it is only cost).
   */
  identities?: boolean;
  /** With `fixes`, also the suggestions' edits (default true; --fix needs only the fixes). */
  suggestions?: boolean;
  /** Text to lint instead of what is on disk, by absolute path (unsaved editor buffers, files being fixed). */
  overrides?: ReadonlyMap<string, string>;
  /** Told of the run's progress as files are read and roots rendered (the CLI's progress line on long runs). */
  onProgress?: (progress: LintProgress) => void;
  /**
   * Findings are wanted in this file alone (absolute path; the editor's keystroke): rules that declare
   * a `meta.scope` run on its objects only, the others over the whole set, and reports on other plain
   * files are dropped. Findings elsewhere may be missing from the result; those in the file are the
   * same as without it.
   */
  focus?: string;
  /** Parses files, reusing earlier parses of unchanged text (the editor's runs); default: parse each file anew. */
  parseCache?: { parse(input: ParseInput): ParsedFile };
  /** Keeps what discovery and reading found between runs (the editor's, told by the client when files change). */
  contextCache?: ContextCache;
}

/**
 * What the editor keeps between keystrokes besides parses: the walk of the context's paths and the
 * files' contents. Its owner forgets an entry when the file changes on disk; `walk` and `read` do
 * the work when nothing is kept.
 */
export interface ContextCache {
  /** The discovery of these inputs; the run changes what it gets, so each call returns a copy. */
  discover(inputs: readonly string[], walk: () => Discovery): Discovery;
  read(file: string, read: () => ReadResult): ReadResult;
}

export interface LintProgress {
  filesRead: number;
  rootsRendered: number;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface LintSummary {
  files: number;
  resources: number;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  baselined: number;
  skipped: SkippedFile[];
  /** Resources the schema rule could not validate: kinds with no built-in schema and no CRD in the set. */
  notValidated?: number;
}

export interface LintResult {
  /** Every finding, suppressed ones included (marked), sorted by file, line, column, rule. */
  findings: Finding[];
  /** Metadata of the rules that ran. */
  rules: RuleMeta[];
  summary: LintSummary;
  /** Paths that were missing or unreadable: the CLI exits 2 when there are any. */
  problems: DiscoveryProblem[];
  /** Things people should know that are not findings (a rule that failed, a tool that is missing). */
  notices: string[];
  stats: RuleRunStats[];
  /** Root for SARIF URIs and relative paths. */
  cwd: string;
  /** Labels of the sets the run linted apart (Kustomize roots, Helm charts, variants): findings name them when there are several. */
  units: string[];
  /** With `fixes: "lazy"`: fills the findings' fixes and suggestions (once; later calls do nothing). */
  attachFixes?: () => void;
  /**
   * With `overrides`: those of their files that a rendered root read from disk instead (a build reads
   * saved files only), so that their findings are at the positions of the text on disk.
   */
  readFromDisk?: string[];
}

/** One set of resources that cross-resource rules see together. */
export interface LintUnit {
  sources: ResourceSource[];
  others: OtherDocument[];
  problems: InputProblem[];
  settings: ModelSettings;
  /** A rendered root's label (its objects' renderedFrom); objects of other units in it are context only. */
  label?: string;
  /** For a set of the plain files split by alternatives: its index among them and how findings name it. */
  plainSet?: { index: number; label?: string };
}

export function displayPath(file: string, cwd: string): string {
  if (file === "-" || file.startsWith("<")) return file === "-" ? "<stdin>" : file;
  // The common case, a discovered file under the working directory: path.relative resolves both
  // paths again, a tenth of a millisecond per file (~60 ms of CPU for 5,700 files).
  if (path.sep === "/" && file.length > cwd.length + 1 && file.startsWith(cwd) && file[cwd.length] === "/" && isNormalAbsolute(cwd) && isNormalAbsolute(file)) return file.slice(cwd.length + 1);
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  // Relative even above the working directory (../k8s/app.yaml), as editors and terminals link it.
  return rel && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : abs;
}

/** An absolute POSIX path that path.resolve leaves as it is: no empty, `.` or `..` segment, no trailing slash. */
function isNormalAbsolute(p: string): boolean {
  return p.startsWith("/") && !p.endsWith("/") && !p.includes("//") && !p.includes("/./") && !p.includes("/../") && !p.endsWith("/.") && !p.endsWith("/..");
}

/** A file to parse (its text), or why it could not be read. */
interface ReadInput {
  file: string;
  display: string;
  abs: string;
  text?: string;
  failure?: { reason: "binary" | "too-large" | "unreadable"; message: string };
}

function readInput(file: string, text: string | undefined, cwd: string, maxFileBytes: number, stdinName?: string, cache?: ContextCache): ReadInput {
  const display = displayPath(file === "-" && stdinName ? stdinName : file, cwd);
  const abs = file === "-" || file.startsWith("<") ? file : path.resolve(cwd, file);
  if (text !== undefined) return { file, display, abs, text };
  const read = cache && file !== "-" ? cache.read(abs, () => readManifest(file, maxFileBytes)) : readManifest(file, maxFileBytes);
  return read.ok ? { file, display, abs, text: read.text } : { file, display, abs, failure: { reason: read.reason, message: read.message } };
}

/** Sorts one read and parsed file's documents into a unit. Returns false when the file is a template. */
function addParsed(unit: LintUnit, input: ReadInput, parsed: ParsedFile | undefined, skipped: SkippedFile[], unreadable?: DiscoveryProblem[], data = false): boolean {
  if (input.text === undefined || !parsed) {
    const failure = input.failure ?? { reason: "unreadable", message: "cannot read file" };
    const sf: SourceFile = { path: input.abs, display: input.display, text: "", lineCounter: new LineCounter() };
    unit.problems.push({ kind: "unreadable", message: failure.message, start: 0, end: 0, file: sf });
    // A file that cannot be read at all (permissions, I/O) is an input error as well as a finding: exit 2.
    if (failure.reason === "unreadable") unreadable?.push({ path: input.file, message: failure.message, kind: "unreadable" });
    return true;
  }
  if (isTemplate(input.text, parsed)) {
    skipped.push({ file: input.display, reason: "template placeholders ({{ … }})" });
    return false;
  }
  for (const p of parsed.problems) unit.problems.push({ ...p, file: parsed.file });
  const { resources, others } = collectSources(parsed, data);
  // Loops, not push(...array): a spread of 130,000 documents overflows the stack.
  for (const r of resources) unit.sources.push(r);
  for (const o of others) unit.others.push(o);
  return true;
}

function parseInputOf(input: ReadInput): ParseInput {
  return { path: input.abs, display: input.display, text: input.text ?? "" };
}

/** Reads, parses and sorts one file's documents into a unit. Returns false when the file is a template. */
export function loadFile(
  unit: LintUnit,
  file: string,
  text: string | undefined,
  cwd: string,
  maxFileBytes: number,
  skipped: SkippedFile[],
): boolean {
  const input = readInput(file, text, cwd, maxFileBytes);
  return addParsed(unit, input, input.text === undefined ? undefined : parseSource(parseInputOf(input)), skipped);
}

/** Discovered, rendered and read: what is left is parsing the files (`toParse`, in order), then finishRun. */
interface RunPlan {
  options: LintOptions;
  cwd: string;
  maxFileBytes: number;
  modelSettings: ModelSettings;
  discovery: ReturnType<typeof discover>;
  rendered: ReturnType<typeof renderDiscovered>;
  reads: ReadInput[];
  toParse: ParseInput[];
  /** Text of the --policy files (whether the CEL engine is needed). */
  policyTexts: string[];
  /** The --crds files, read; parsed once the set's custom kinds are known, only those that may define one. */
  crdFiles: GivenFiles["files"];
}

/** `onRead` gets each file to parse as soon as it is read (lintAsync's workers start on them meanwhile). */
function planRun(options: LintOptions, onRead?: (input: ParseInput) => void): RunPlan {
  const found = discoverRun(options);
  return readRun(found, renderDiscovered(...found.render), onRead);
}

/** planRun with the Kustomize builds run as child processes, each root parsed while the others build. */
async function planRunAsync(options: LintOptions, onRead?: (input: ParseInput) => void): Promise<RunPlan> {
  const found = discoverRun(options);
  return readRun(found, await renderDiscoveredAsync(...found.render), onRead);
}

type FoundRun = ReturnType<typeof discoverRun>;

/** Policies loaded and files discovered: what is to render, and what the run reads after. */
function discoverRun(options: LintOptions) {
  const cwd = options.cwd ?? process.cwd();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // A target outside the versions the bundled schemas and deprecation table cover would be checked
  // against the wrong API silently: library callers get the same refusal as the CLI's exit 2.
  const versionProblem = options.kubeVersion === undefined ? undefined : kubeVersionProblem(options.kubeVersion);
  if (versionProblem) throw new RangeError(versionProblem);
  const modelSettings: ModelSettings = {
    defaultNamespace: options.namespace ?? "default",
    external: options.external ?? [],
    kubeVersion: options.kubeVersion ?? DEFAULT_KUBE_VERSION,
  };
  const inputs = (options.paths ?? []).map((p) => (p === "-" ? p : path.resolve(cwd, p)));
  const ignore = options.ignore;
  const walk = () => discover(inputs, { rootFiles: ROOT_FILE_NAMES, ...(ignore ? { skipDirectory: (dir: string) => ignore(path.resolve(dir), true) } : {}) });
  const discovery = options.contextCache ? options.contextCache.discover(inputs, walk) : walk();
  if (options.overrides) addUnsaved(discovery, inputs, options.overrides);
  if (ignore) discovery.files = discovery.files.filter((f) => f.path === "-" || !ignore(path.resolve(f.path), false));
  const { onProgress } = options;
  const progress: LintProgress = { filesRead: 0, rootsRendered: 0 };
  const renderOptions: RenderOptions = { ...options.render };
  if (onProgress) renderOptions.onRendered = (n) => onProgress({ ...progress, rootsRendered: (progress.rootsRendered += n) });
  const parseCache = options.parseCache;
  const parse = parseCache ? (input: ParseInput) => parseCache.parse(input) : undefined;
  const policyFiles = readGivenFiles(options.policies ?? [], "--policy", cwd, maxFileBytes, displayPath);
  const policies = givenObjects(policyFiles.files, modelSettings, parse);
  if (policies.length > 0) modelSettings.policies = policies;
  const crdFiles = readGivenFiles(options.crds ?? [], "--crds", cwd, maxFileBytes, displayPath);
  for (const p of [...policyFiles.problems, ...crdFiles.problems]) discovery.problems.push(p);
  const given = { policyTexts: policyFiles.files.map((f) => f.text), crdFiles: crdFiles.files };
  const render: Parameters<typeof renderDiscovered> = [discovery, renderOptions, { cwd, namespace: modelSettings.defaultNamespace, maxFileBytes, displayPath, ...(parse ? { parse } : {}) }];
  return { options, cwd, maxFileBytes, modelSettings, discovery, given, progress, render };
}

/**
 * Named files that are not on disk yet but whose text is given (an editor's new, unsaved buffer): linted
 * from that text, in their place among the inputs, instead of reported missing.
 */
function addUnsaved(discovery: Discovery, inputs: readonly string[], overrides: ReadonlyMap<string, string>): void {
  const unsaved = discovery.problems.filter((p) => p.kind === "missing" && overrides.has(p.path));
  if (unsaved.length === 0) return;
  discovery.problems = discovery.problems.filter((p) => !unsaved.includes(p));
  for (const p of unsaved) {
    const at = discovery.files.findIndex((f) => f.explicit && inputs.indexOf(f.path) > inputs.indexOf(p.path));
    discovery.files.splice(at < 0 ? discovery.files.length : at, 0, { path: p.path, explicit: true });
  }
}

function readRun(found: FoundRun, rendered: RunPlan["rendered"], onRead?: (input: ParseInput) => void): RunPlan {
  const { options, cwd, maxFileBytes, modelSettings, discovery, given, progress } = found;
  const { onProgress } = options;
  const reads: ReadInput[] = [];
  const toParse: ParseInput[] = [];
  for (const f of discovery.files) {
    if (rendered.excludes(f.path)) continue;
    const text = f.path === "-" ? (options.stdin ?? undefined) : options.overrides?.get(path.resolve(f.path));
    const read = readInput(f.path, text, cwd, maxFileBytes, options.stdinName, options.contextCache);
    reads.push(read);
    if (onProgress) onProgress({ ...progress, filesRead: ++progress.filesRead });
    if (read.text === undefined) continue;
    toParse.push(parseInputOf(read));
    onRead?.(toParse[toParse.length - 1]);
  }
  return { options, cwd, maxFileBytes, modelSettings, discovery, rendered, reads, toParse, ...given };
}

/** Lints discovered, rendered and read files; `parsed` holds parseSource of each of `toParse`, in order. */
function finishRun(plan: RunPlan, parsed: ParsedFile[]): LintResult {
  const { options, cwd, maxFileBytes, modelSettings, discovery, rendered } = plan;
  const rules = options.rules ?? builtinRules;
  const ruleSettings = options.settings ?? defaultRuleSettings();
  const skipped: SkippedFile[] = [];
  const notices: string[] = [];
  const unit: LintUnit = { sources: [], others: [], problems: [], settings: modelSettings };
  let files = 0;
  let next = 0;
  for (const input of plan.reads) {
    if (addParsed(unit, input, input.text === undefined ? undefined : parsed[next++], skipped, discovery.problems, rendered.isData(input.abs))) files++;
  }
  files += rendered.consumedFiles;
  for (const s of rendered.skipped) skipped.push(s);
  for (const n of rendered.notices) notices.push(n);
  for (const p of rendered.problems) unit.problems.push(p);
  for (const o of rendered.others) unit.others.push(o);
  // Plain files and the roots they sit in see each other as context (an HPA in a plain file scaling a
  // Deployment of the kustomization beside it; rendered objects come first in apply order); findings
  // on context objects come from their own unit. Unrelated directories do not share context.
  const plainSources = [...unit.sources];
  const neighbours = rendered.units.map((r) => contextSources(r, plainSources));
  unit.sources = [...rendered.units.filter((_, i) => neighbours[i].length > 0).flatMap((r) => r.sources), ...unit.sources];
  for (const s of options.sources ?? []) {
    if (loadFile(unit, `<${s.name}>`, s.text, cwd, maxFileBytes, skipped)) files++;
  }
  const problems = discovery.problems.map((p) => ({ ...p, path: displayPath(p.path, cwd) }));

  const everySource = [...unit.sources, ...rendered.units.flatMap((r) => r.sources)];
  // CRDs the cluster has, for the custom kinds of the set (every set below gets them through the settings).
  if (plan.crdFiles.length > 0) {
    const crds = givenCrdFiles(plan.crdFiles, everySource.map((s) => s.object));
    if (crds.length > 0) modelSettings.crds = givenObjects(crds, modelSettings, options.parseCache && ((input) => options.parseCache!.parse(input))).filter(isCrd);
  }

  // A directory a GitOps controller of any set applies is applied on its own in every set, into the
  // namespace the controller names.
  modelSettings.gitopsApplied = gitopsAppliedDirsOf(everySource, rendered.units.map((r) => r.rootDir));
  if (modelSettings.gitopsApplied.length > 0) modelSettings.renderedRoots = new Map(rendered.units.map((r) => [r.label, r.rootDir]));
  // Kustomize Components a Flux Kustomization adds to a rendered root's build: linted as its objects.
  const components = joinFluxComponents(plainSources, rendered.units, modelSettings.gitopsApplied);
  if (components && components.taken.size > 0) unit.sources = unit.sources.filter((s) => !components.taken.has(s));
  // Alternative bundles and variant files among the plain files are linted each as its own set.
  const plainSets = splitAlternatives(unit.sources, modelSettings);
  // Every plain set gets the input problems and other documents: they belong to their files, so a
  // finding on them is reported by all sets alike and named by no variant.
  const units: LintUnit[] = plainSets.map((p, index) => ({
    ...(index === 0 ? unit : { others: unit.others, problems: unit.problems }),
    sources: p.sources,
    settings: p.variant ? { ...modelSettings, variant: p.variant } : modelSettings,
    plainSet: { index, label: plainSets.length > 1 ? variantLabel(p.label ?? "") : undefined },
  }));
  for (const [i, r] of rendered.units.entries()) {
    // Each Kustomize root and Helm chart is its own set: overlays are linted separately.
    const sources = [...r.sources, ...neighbours[i], ...(components?.byUnit.get(i) ?? [])];
    units.push({ sources, others: [], problems: [], label: r.label, settings: { ...modelSettings, ...(r.tool === "kustomize" ? { kustomizeRoot: r.root } : {}) } });
  }
  let found: UnitFinding[] = [];
  let fixable: RawFinding[] = [];
  const usedJustifications = new Set<string>();
  const unusedIn = new Map<Finding, string>();
  const stats: RuleRunStats[] = [];
  let resources = 0;
  const schemaOn = rules.some((r) => r.meta.id === "schema" && ruleSettings.enabled(r));
  const notValidated = new Map<string, number>();
  // Objects that several Kustomize roots render alike: rules that look at one object run once on each.
  // A run that makes no fixes (a text report) keeps no report's edits.
  const edits = Boolean(options.fixes);
  const sharing = new SharedObjectRules(rules, ruleSettings, edits);
  for (const u of units) {
    const model = buildModel(u.sources, u.others, u.problems, u.settings);
    // Objects the plain files' sets share are counted once, with the first set.
    const variantFile = u.settings.variant?.file;
    const own = model.resources.filter((r) => r.renderedFrom === u.label && (variantFile === undefined || r.file.path === variantFile));
    resources += own.length;
    if (schemaOn) for (const [k, n] of unvalidatedKinds(own, knownCrds(model))) notValidated.set(k, (notValidated.get(k) ?? 0) + n);
    // A rendered root's objects map into the files people edit through its origins: linted whole.
    const focus = options.focus !== undefined && u.label === undefined ? focusModels(model, options.focus) : undefined;
    const run = u.label !== undefined ? sharing.run(model, (r) => r.renderedFrom === u.label) : runRules(model, rules, ruleSettings, focus, edits);
    for (const n of run.failures) notices.push(n);
    mergeStats(stats, run.stats);
    // Consequences are dropped after suppression: a justification of one still counts as used. What a
    // namespace's Pod Security level refuses is graded before it, one finding per setting.
    const escalated = escalateRefused(applySeverities(run.findings, ruleSettings), ruleSettings);
    const suppressed = applySuppressions(escalated.findings, model, rules, ruleSettings, { own: (r) => r.renderedFrom === u.label, used: usedJustifications });
    const raw = dropStatedRefusals(dropExplained(suppressed), escalated.stated);
    for (const f of raw) {
      if (isContextTarget(f.report.target, u.label)) continue;
      if (f.justifies !== undefined) unusedIn.set(f.finding, f.justifies);
      if (options.identities !== false) {
        const identity = targetIdentity(f.report.target, f.finding.objectPath);
        if (identity !== undefined) f.finding.identity = identity;
      }
      found.push({ finding: f.finding, unit: u.label ?? u.plainSet?.label, plainSet: u.plainSet?.index, ...(f.listed ? { listed: f.listed } : {}) });
      if (options.fixes) fixable.push(f);
    }
  }
  // A justification in a base that one overlay uses and another does not is used: not reported by the other.
  if (unusedIn.size > 0) {
    const usedElsewhere = (f: Finding) => usedJustifications.has(unusedIn.get(f) ?? "");
    found = found.filter((u) => !usedElsewhere(u.finding));
    fixable = fixable.filter((r) => !usedElsewhere(r.finding));
  }

  let attachFixes: (() => void) | undefined;
  if (options.fixes) {
    attachFixes = () => {
      attachFixes = undefined;
      // Edits only for what is reported: context files of --in-context and the editor are not fixed.
      const reported = new Set(scopeFindings(fixable.map((r) => r.finding), { reportOnly: options.reportOnly }, cwd));
      // The run's parse says where each document begins, so only the documents being fixed are parsed again.
      const documents = new Map(parsed.map((p) => [p.file, p.documents]));
      attachChanges(fixable.filter((r) => reported.has(r.finding)), options.suggestions ?? true, (file) => documents.get(file), options.overrides);
    };
    if (options.fixes !== "lazy") attachFixes();
  }
  const schemaNote = unvalidatedNotice(notValidated);
  if (schemaNote) notices.push(schemaNote);
  const mergedByKey = options.fixes === "lazy" ? new Map<string, Finding>() : undefined;
  const findings = scopeFindings(mergeAcrossUnits(found, plainSets.length, plainSetsHolding(plainSets), mergedByKey).sort(compareFindings), options, cwd);
  const active = findings.filter((f) => !f.suppressed && !f.baselined);
  return {
    findings,
    rules: rules.filter((r) => ruleSettings.enabled(r)).map((r) => r.meta),
    summary: {
      files,
      resources,
      errors: active.filter((f) => f.severity === "error").length,
      warnings: active.filter((f) => f.severity === "warning").length,
      infos: active.filter((f) => f.severity === "info").length,
      suppressed: findings.filter((f) => f.suppressed).length,
      baselined: findings.filter((f) => f.baselined && !f.suppressed).length,
      skipped,
      ...(schemaOn ? { notValidated: [...notValidated.values()].reduce((a, b) => a + b, 0) } : {}),
    },
    problems,
    notices,
    stats,
    cwd,
    units: units.map((u) => u.label ?? u.plainSet?.label).filter((l): l is string => l !== undefined),
    ...(options.overrides ? { readFromDisk: [...options.overrides.keys()].filter((f) => rendered.excludes(f)) } : {}),
    ...(options.fixes === "lazy"
      ? {
          attachFixes: () => {
            if (!attachFixes) return;
            attachFixes();
            // Findings merged across sets are copies: each gets the edits of the first set's finding that has any.
            const given = new Set<string>();
            for (const r of fixable) {
              const m = r.finding;
              const key = problemKey(m, r.listed);
              if (!(m.fix || m.suggestions || m.noFix) || given.has(key)) continue;
              given.add(key);
              const f = mergedByKey!.get(key);
              if (!f || f === m) continue;
              if (m.fix) f.fix = m.fix;
              if (m.suggestions) f.suggestions = m.suggestions;
              if (m.noFix) f.noFix = m.noFix;
            }
          },
        }
      : {}),
  };
}

export function lint(options: LintOptions = {}): LintResult {
  useParser(options.parser ?? "fast");
  const plan = planRun(options);
  const cache = options.parseCache;
  return finishRun(plan, plan.toParse.map((input) => (cache ? cache.parse(input) : parseSource(input))));
}

/**
 * lint(), with files parsed on `jobs` threads (src/load/parse-pool.ts; 0 or 1, the default: the main
 * thread only). Same findings, same order, same result.
 */
export async function lintAsync(options: LintOptions & ParseAllOptions = {}): Promise<LintResult> {
  if (options.parseCache) {
    await loadCel(); // the editor's runs: loaded once for the server's life
    return lint(options);
  }
  const { jobs, workerUrl, mainParses, onWorkers } = options;
  useParser(options.parser ?? "fast");
  const pool = new ParsePool({ jobs, workerUrl, mainParses, onWorkers, parser: options.parser ?? "fast" });
  const plan = await planRunAsync(options, (input) => pool.add(input));
  const parsed = await pool.parseAll();
  if (mayHoldCrd(plan)) await loadAjv();
  if (mayNeedCelEngine(plan)) await loadCel();
  return finishRun(plan, parsed);
}

/**
 * Whether the set may hold a CustomResourceDefinition, whose schemas the schema rule compiles with ajv
 * (loaded only then). Text that names the kind counts: cheap, and it never misses one inside a List.
 */
function mayHoldCrd(plan: RunPlan): boolean {
  const named = (text: string) => text.includes("CustomResourceDefinition");
  return plan.crdFiles.length > 0 || plan.toParse.some((i) => named(i.text)) || (plan.options.sources ?? []).some((s) => named(s.text)) || plan.rendered.units.some((u) => u.sources.some((s) => s.object.kind === "CustomResourceDefinition"));
}

/** Whether the set, the --policy or the --crds files may hold something CEL evaluates (src/cel/load.ts). */
function mayNeedCelEngine(plan: RunPlan): boolean {
  return (
    plan.policyTexts.length > 0 ||
    plan.crdFiles.some((f) => mayNeedCel(f.text)) ||
    plan.toParse.some((i) => mayNeedCel(i.text)) ||
    (plan.options.sources ?? []).some((s) => mayNeedCel(s.text)) ||
    plan.rendered.units.some((u) => u.sources.some((s) => s.object.kind.startsWith("ValidatingAdmissionPolicy") || s.object.kind === "CustomResourceDefinition"))
  );
}

/** How many of the plain sets hold each plain file (by display path): only needed when alternatives split them. */
function plainSetsHolding(plainSets: readonly PlainSet[]): ((file: string) => number) | undefined {
  if (plainSets.length < 2) return undefined;
  const count = new Map<string, number>();
  for (const p of plainSets) {
    const files = new Set<string>();
    for (const s of p.sources) if (s.renderedFrom === undefined) files.add(s.file.display);
    for (const f of files) count.set(f, (count.get(f) ?? 0) + 1);
  }
  return (file) => count.get(file) ?? 0;
}

function mergeStats(into: RuleRunStats[], more: RuleRunStats[]): void {
  for (const s of more) {
    const existing = into.find((x) => x.ruleId === s.ruleId);
    if (existing) {
      existing.millis += s.millis;
      existing.findings += s.findings;
    } else into.push({ ...s });
  }
}
