import path from "node:path";
import type { InputProblem, OtherDocument, ResourceSource } from "../model/model.js";
import type { Target } from "../engine/rule.js";
import { documentLocator } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import { KustomizationLoader, kustomizationFileIn, type Kustomization, type KustomizeGraph } from "./kustomization.js";
import { buildRoots, buildRootsAsync, findKustomizeTool, forgetRenderedDocuments, type KustomizeTool, type RootBuild } from "./kustomize.js";
import { chartTemplateFiles, findHelm, isChartDir, renderChartsWithHelm } from "./helm.js";
import { helmFailureProblem } from "./helm-failure.js";
import { realPath, SourceCache } from "./source-cache.js";
import { cpuCount, DEFAULT_RENDER_TIMEOUT_MS } from "./tool.js";
import { chartHome, helmCharts, remoteBaseProblem } from "./remote-bases.js";
import type { KeptBuilds } from "./kept-builds.js";
import { ROOT_FILE_NAMES } from "./root-files.js";
import type { WalkedDirectory } from "../load/discover.js";
import type { ParseInput } from "../load/parse-pool.js";
import type { ParsedFile } from "../load/parse.js";

/** How Kustomize roots and Helm charts are rendered (library and CLI options). */
export interface RenderOptions {
  /** False lints every file as written: nothing is rendered (default true). */
  render?: boolean;
  /** kubectl or kustomize executable (name on PATH or path). */
  kustomizeBin?: string;
  /** helm executable (name on PATH or path). */
  helmBin?: string;
  /** Release name for `helm template` (default "release-name", as Helm's). */
  helmRelease?: string;
  /** Values files passed to `helm template --values`. */
  helmValues?: string[];
  renderTimeoutMs?: number;
  /** Build kustomizations that name remote bases (git or HTTP URLs), fetching them (default false: k8slint runs offline). */
  allowRemoteBases?: boolean;
  /** Told how many roots or charts were just rendered (the CLI's progress line on long runs). */
  onRendered?: (count: number) => void;
  /** Kustomize outputs kept between the runs of one fix loop (src/render/kept-builds.ts). */
  keptBuilds?: KeptBuilds;
}

/** The objects of one rendered root: cross-resource rules see them as one set. */
export interface RenderedUnit {
  /** "kustomize overlays/production" or "helm deploy/chart": how findings name the set. */
  label: string;
  /** Display path of the root directory. */
  root: string;
  /** Real path of the root directory (the kustomization's or the chart's). */
  rootDir: string;
  tool: "kustomize" | "helm";
  sources: ResourceSource[];
  /** Real paths of its directories (the kustomizations it builds on, or the chart). */
  dirs: string[];
}

export interface RenderOutcome {
  units: RenderedUnit[];
  /** Failed builds (kustomize-build findings), for the plain files' unit. */
  problems: InputProblem[];
  /** Kustomization files of roots that were not rendered: credential rules still read them. */
  others: OtherDocument[];
  /** Real paths of files that must not be linted as plain manifests. */
  exclude: Set<string>;
  /** Files consumed by a successful render (counted as linted). */
  consumed: Set<string>;
  skipped: Array<{ file: string; reason: string }>;
  notices: string[];
  /** Real paths of Kustomize generator inputs (configMapGenerator/secretGenerator files and envs): data, not objects to apply. */
  data: Set<string>;
  /** chartHome directories of built roots with helmCharts: their charts were rendered through the kustomization, with its values. */
  inflatedCharts: Set<string>;
}

export interface RenderContext {
  cwd: string;
  namespace: string;
  maxFileBytes: number;
  /** Display path of a real path (as the user named it when discovery found it). */
  display: (realFile: string) => string;
  /** Real paths of the files discovery found. */
  discovered: ReadonlySet<string>;
  /** What the walk learnt of its directories (src/load/discover.ts): their real paths, and which cannot render. */
  walked?: ReadonlyMap<string, WalkedDirectory>;
  /** How the run parses a file (the editor's ParseCache: a base unchanged since the last keystroke is not parsed again). */
  parse?: (input: ParseInput) => ParsedFile;
}

/** How messages name a root: its display path, or its own name when it is the working directory. */
function label(dirDisplay: string, dir: string, cwd: string): string {
  return dirDisplay === "" || dirDisplay === "." || dir === realPath(cwd) ? path.basename(dir) : dirDisplay;
}

/** One wave of Kustomize roots to build: a driver (spawnSync for lint(), child processes for lintAsync) answers with their builds. */
interface BuildWave {
  roots: Array<{ root: Kustomization; graph: KustomizeGraph; label: string }>;
  tool: KustomizeTool;
  cache: SourceCache;
  timeoutMs: number;
  cwd: string;
  kept?: KeptBuilds;
}

/** Rendering written once for both drivers: it yields each wave and is resumed with its builds. */
type Rendering<T> = Generator<BuildWave, T, RootBuild[]>;

function driveSync<T>(rendering: Rendering<T>): T {
  for (let step = rendering.next(); ; ) {
    if (step.done) return step.value;
    const w = step.value;
    step = rendering.next(buildRoots(w.roots, w.tool, w.cache, w.timeoutMs, w.cwd, w.kept));
  }
}

/** Builds as many roots at once as there are cores (at least 2: a build mostly waits on its own I/O and start-up). */
async function driveAsync<T>(rendering: Rendering<T>): Promise<T> {
  const concurrency = Math.max(2, cpuCount());
  for (let step = rendering.next(); ; ) {
    if (step.done) return step.value;
    const w = step.value;
    step = rendering.next(await buildRootsAsync(w.roots, w.tool, w.cache, w.timeoutMs, w.cwd, w.kept, concurrency));
  }
}

/** Finds the Kustomize roots and Helm charts among the walked directories and renders them. */
export function renderDirectories(directories: readonly string[], options: RenderOptions, ctx: RenderContext): RenderOutcome {
  return driveSync(rendering(directories, options, ctx));
}

function* rendering(directories: readonly string[], options: RenderOptions, ctx: RenderContext): Rendering<RenderOutcome> {
  const out: RenderOutcome = { units: [], problems: [], others: [], exclude: new Set(), consumed: new Set(), skipped: [], notices: [], data: new Set(), inflatedCharts: new Set() };
  const render = options.render !== false;
  const timeoutMs = options.renderTimeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const cache = new SourceCache(ctx.display, ctx.maxFileBytes, ctx.parse);
  const seen = new Set<string>();
  const rootDirs: string[] = [];
  const chartDirs: string[] = [];
  for (const d of directories) {
    const known = ctx.walked?.get(d);
    const real = known?.real ?? realPath(d);
    if (seen.has(real)) continue;
    seen.add(real);
    if (known && !known.mayRender) continue;
    if (kustomizationFileIn(real)) rootDirs.push(real);
    if (isChartDir(real)) chartDirs.push(real);
  }
  if (rootDirs.length > 0) yield* renderKustomize(rootDirs, render, options, ctx, cache, timeoutMs, out);
  if (chartDirs.length > 0) renderCharts(chartDirs, render, options, ctx, timeoutMs, out);
  return out;
}

function* renderKustomize(rootDirs: string[], render: boolean, options: RenderOptions, ctx: RenderContext, cache: SourceCache, timeoutMs: number, out: RenderOutcome): Rendering<void> {
  const loader = new KustomizationLoader(cache);
  const roots: Array<{ k: Kustomization; graph: KustomizeGraph }> = [];
  for (const dir of rootDirs) {
    const k = loader.load(dir);
    if (k) roots.push({ k, graph: loader.graph(k) });
  }
  generatorInputs(roots, out.data);
  // A base that an overlay in the run builds on is linted through that overlay, not again on its own.
  const usedBy = new Map<Kustomization, Kustomization[]>();
  for (const r of roots) {
    for (const [file, chain] of r.graph.chains) {
      const k = chain[chain.length - 1];
      if (k !== r.k && k.file === file) usedBy.set(k, [...(usedBy.get(k) ?? []), r.k]);
    }
  }
  const waves = usersFirst(roots, usedBy);
  const withCharts = new Set(roots.filter((r) => inflatesCharts(r.graph)).map((r) => r.k));
  const helm = render && withCharts.size > 0 ? findHelm(options.helmBin) : undefined;
  const tool = render ? findKustomizeTool(options.kustomizeBin, helm) : undefined;
  if (render && !tool) {
    out.notices.push(
      options.kustomizeBin
        ? `${options.kustomizeBin} not found: ${plural(roots.length, "Kustomize root")} linted as plain files, not rendered`
        : `neither kubectl nor kustomize is installed: ${plural(roots.length, "Kustomize root")} linted as plain files, not rendered (install kubectl or pass --kustomize-bin)`,
    );
  }
  const built = new Set<Kustomization>();
  /** The chartHome of each kustomization of a build with helmCharts: kustomize renders those charts. */
  const inflatedBy = (graph: KustomizeGraph) => {
    for (const k of new Set([...graph.chains.values()].flat())) if (helmCharts(k.value).length > 0) out.inflatedCharts.add(realPath(path.resolve(k.dir, chartHome(k.value))));
  };
  // Roots the tool was run on: a failed build's message says what is wrong with its kustomization.
  const attempted = new Set<Kustomization>();
  let toolMissing = !tool;
  for (const wave of waves) {
    if (toolMissing || !tool) break;
    // Roots of one wave do not build on each other: they are built concurrently.
    const todo = wave
      .filter((r) => r.k.value.kind !== "Component" && !(usedBy.get(r.k) ?? []).some((u) => built.has(u)))
      .filter((r) => {
        // Found before any build: kubectl would fetch the base. Not built, the root's files are linted as plain files.
        if (r.graph.remoteIn && !options.allowRemoteBases) {
          out.problems.push(remoteBaseProblem(r.graph.remoteIn, cache));
          return false;
        }
        if (withCharts.has(r.k) && !helm) {
          // Not a fault of the manifests: the machine lacks helm, as it may lack kubectl.
          out.notices.push(`${label(ctx.display(r.k.dir), r.k.dir, ctx.cwd)} was not rendered: its helmCharts need ${options.helmBin ?? "helm"}, which is not installed (install helm or pass --helm-bin); its local files were linted as plain files`);
          return false;
        }
        return true;
      })
      .map((r) => ({ ...r, root: r.k, label: label(ctx.display(r.k.dir), r.k.dir, ctx.cwd) }));
    for (const r of todo) attempted.add(r.root);
    const results = yield { roots: todo, tool, cache, timeoutMs, cwd: ctx.cwd, kept: options.keptBuilds };
    options.onRendered?.(todo.length);
    todo.forEach((r, i) => {
      const res = results[i];
      const rootLabel = r.label;
      if (res.ok) {
        built.add(r.k);
        // Everything the build read was linted as part of it (and, through usedBy, its bases are too).
        for (const f of r.graph.files) {
          out.exclude.add(f);
          out.consumed.add(f);
        }
        out.units.push({ label: `kustomize ${rootLabel}`, root: rootLabel, rootDir: r.root.dir, tool: "kustomize", sources: res.sources, dirs: [...new Set([...r.graph.chains.values()].flat().map((k) => k.dir))] });
        inflatedBy(r.graph);
        for (const k of r.graph.chains.values()) for (const c of k) built.add(c);
      } else if (res.missingTool) {
        if (!toolMissing) out.notices.push(`${tool.bin} could not be run: ${plural(roots.length, "Kustomize root")} linted as plain files, not rendered`);
        toolMissing = true;
      } else if (r.graph.remote) {
        // Offline (CI without network), a remote base cannot be fetched: not a fault of the manifests.
        out.notices.push(`${rootLabel} was not rendered: it builds on a remote base, and ${res.problem.message}; its local files were linted as plain files`);
      } else {
        out.problems.push(res.problem);
        // Its charts are its own, rendered with its values: a build error already says what failed, and
        // the chart rendered alone, with other values, would fail again or fail where it does not.
        inflatedBy(r.graph);
      }
    });
  }
  forgetRenderedDocuments(cache);
  for (const r of roots) {
    // A kustomization is the build's configuration, not an object to apply.
    out.exclude.add(r.k.file);
    if (!built.has(r.k)) out.others.push(...kustomizationDocuments(r.k));
    // Never built (no kubectl, --no-render, a remote base): a kustomization that does not parse is said as any file's syntax error is.
    if (!attempted.has(r.k) && r.k.parsed) for (const p of r.k.parsed.problems) out.problems.push({ ...p, file: r.k.parsed.file });
    for (const f of r.graph.configFiles) {
      if (out.consumed.has(f) || !ctx.discovered.has(f) || out.exclude.has(f)) continue;
      // A patch is a fragment of an object: as a manifest of its own it would be reported as incomplete.
      out.exclude.add(f);
      out.skipped.push({ file: f, reason: "Kustomize patch or transformer config (linted only through a successful build)" });
    }
  }
}

/** Whether a kustomization of the build inflates Helm charts (helmCharts): kustomize then runs helm. */
function inflatesCharts(graph: KustomizeGraph): boolean {
  for (const chain of graph.chains.values()) for (const k of chain) if (helmCharts(k.value).length > 0) return true;
  return false;
}

/**
 * The files a generator of any kustomization of the run reads (a Deployment kept as a ConfigMap's
 * template is the ConfigMap's data, not an object anyone applies), except those some kustomization
 * also lists as a resource.
 */
function generatorInputs(roots: ReadonlyArray<{ graph: KustomizeGraph }>, out: Set<string>): void {
  const resources = new Set<string>();
  for (const { graph } of roots) {
    for (const chain of graph.chains.values()) {
      for (const k of chain) {
        for (const f of k.inputFiles) out.add(f);
        for (const f of k.resourceFiles) resources.add(f);
      }
    }
  }
  for (const f of resources) out.delete(f);
}

/**
 * Roots in waves where every root comes after the roots that build on it, so an overlay is tried
 * before its base (which is then skipped when the overlay built). Reference cycles keep walk order.
 */
function usersFirst<T extends { k: Kustomization }>(roots: readonly T[], usedBy: ReadonlyMap<Kustomization, Kustomization[]>): T[][] {
  const inRun = new Set(roots.map((r) => r.k));
  const done = new Set<Kustomization>();
  const waves: T[][] = [];
  let left = roots.length;
  while (left > 0) {
    const ready = roots.filter((r) => !done.has(r.k) && (usedBy.get(r.k) ?? []).every((u) => done.has(u) || !inRun.has(u)));
    const wave = ready.length > 0 ? ready : roots.filter((r) => !done.has(r.k)).slice(0, 1);
    for (const r of wave) done.add(r.k);
    left -= wave.length;
    waves.push(wave);
  }
  return waves;
}

function kustomizationDocuments(k: Kustomization): OtherDocument[] {
  const parsed = k.parsed;
  if (!parsed) return [];
  return parsed.documents
    .filter((d) => !d.broken && isRecord(d.value))
    .map((d) => ({ file: parsed.file, docIndex: d.index, value: d.value, locator: documentLocator(parsed.file, d) }));
}

function renderCharts(allChartDirs: string[], render: boolean, options: RenderOptions, ctx: RenderContext, timeoutMs: number, out: RenderOutcome): void {
  // A chart a kustomization inflates (helmCharts) is rendered by its build, with its values (or its
  // build failed, and says why).
  const inflated = (c: string) => [...out.inflatedCharts].some((home) => c.startsWith(home + path.sep));
  for (const chart of allChartDirs.filter(inflated)) {
    for (const f of chartTemplateFiles(chart)) {
      const real = realPath(f);
      out.exclude.add(real);
      out.skipped.push({ file: real, reason: "Helm template (rendered by its kustomization's helmCharts)" });
    }
  }
  const chartDirs = allChartDirs.filter((c) => !inflated(c));
  // Subcharts (chart/charts/<sub>) are rendered by their parent chart.
  const top = chartDirs.filter((c) => !chartDirs.some((p) => p !== c && c.startsWith(p + path.sep)));
  const helm = render ? findHelm(options.helmBin) : undefined;
  const unrendered: string[] = [];
  const failed = new Map<string, string>();
  const charts = top.map((dir) => ({ dir, label: label(ctx.display(dir), dir, ctx.cwd) }));
  if (!helm) unrendered.push(...charts.map((c) => c.label));
  else {
    const settings = { bin: helm, release: options.helmRelease ?? "release-name", namespace: ctx.namespace, values: options.helmValues ?? [], timeoutMs, cwd: ctx.cwd, display: ctx.display };
    const results = renderChartsWithHelm(charts, settings);
    options.onRendered?.(charts.length);
    results.forEach((res, i) => {
      const { dir, label: chartLabel } = charts[i];
      if (res.ok) out.units.push({ label: `helm ${chartLabel}`, root: chartLabel, rootDir: dir, tool: "helm", sources: res.sources, dirs: [dir] });
      else {
        // A chart that does not render is not linted at all: a finding (helm-template), not a passing run.
        failed.set(dir, res.message);
        out.problems.push(helmFailureProblem(dir, res.message, ctx.display, (options.helmValues ?? []).map((v) => path.resolve(ctx.cwd, v))));
      }
    });
  }
  for (const chart of chartDirs) {
    const owner = top.find((t) => chart === t || chart.startsWith(t + path.sep)) ?? chart;
    const rendered = helm !== undefined && !failed.has(owner);
    for (const f of chartTemplateFiles(chart)) {
      const real = realPath(f);
      out.exclude.add(real);
      out.skipped.push({ file: real, reason: rendered ? "Helm template (linted as rendered by helm template)" : "Helm template (not rendered)" });
    }
  }
  if (render && !helm && unrendered.length > 0) {
    out.notices.push(
      `${options.helmBin ?? "helm"} not found: ${plural(unrendered.length, "Helm chart")} not rendered (${unrendered.join(", ")}); templates skipped, values files linted as plain YAML (install helm or pass --helm-bin)`,
    );
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** What lint() needs from rendering: the rendered units, and which discovered files it must not load itself. */
export interface DiscoveryRender {
  units: RenderedUnit[];
  problems: InputProblem[];
  others: OtherDocument[];
  skipped: Array<{ file: string; reason: string }>;
  notices: string[];
  /** Files linted through a render (counted among the run's files). */
  consumedFiles: number;
  /** True for a discovered file that rendering consumed or skips. */
  excludes(file: string): boolean;
  /** True for a Kustomize generator's input: its documents are data (credential scanning), never objects. */
  isData(file: string): boolean;
}

type Discovered = { files: ReadonlyArray<{ path: string; explicit: boolean }>; directories: readonly string[]; walked?: ReadonlyMap<string, WalkedDirectory> };
type DisplayBase = { cwd: string; namespace: string; maxFileBytes: number; displayPath: (file: string, cwd: string) => string; parse?: (input: ParseInput) => ParsedFile };

/** Renders what discovery found, with display paths as lint() shows them. */
export function renderDiscovered(discovery: Discovered, options: RenderOptions, base: DisplayBase): DiscoveryRender {
  return driveSync(renderingDiscovered(discovery, options, base));
}

/** renderDiscovered with the builds run as child processes, each root parsed as soon as it is built (lintAsync). */
export function renderDiscoveredAsync(discovery: Discovered, options: RenderOptions, base: DisplayBase): Promise<DiscoveryRender> {
  return driveAsync(renderingDiscovered(discovery, options, base));
}

function* renderingDiscovered(discovery: Discovered, options: RenderOptions, base: DisplayBase): Rendering<DiscoveryRender> {
  // Real paths of what discovery found, made on first use: a tree with no kustomization or chart
  // never needs them, and a realpath per file was ~4% of lint() at 10,000 resources.
  let reals: { byReal: Map<string, string>; discovered: Set<string> } | undefined;
  const realPaths = () => {
    if (reals) return reals;
    const byReal = new Map<string, string>();
    for (const f of discovery.files) if (f.path !== "-") byReal.set(realPath(f.path), f.path);
    for (const d of discovery.directories) {
      const real = discovery.walked?.get(d)?.real ?? realPath(d);
      if (!byReal.has(real)) byReal.set(real, d);
    }
    return (reals = { byReal, discovered: new Set(byReal.keys()) });
  };
  const display = (real: string) => base.displayPath(realPaths().byReal.get(real) ?? real, base.cwd);
  // A kustomization.yaml or Chart.yaml named on the command line stands for its directory.
  const named = discovery.files.filter((f) => f.explicit && f.path !== "-" && ROOT_FILE_NAMES.includes(path.basename(f.path)));
  const directories = [...discovery.directories, ...named.map((f) => path.dirname(f.path))];
  const out = yield* rendering(directories, options, {
    cwd: base.cwd,
    namespace: base.namespace,
    maxFileBytes: base.maxFileBytes,
    display,
    walked: discovery.walked,
    ...(base.parse ? { parse: base.parse } : {}),
    get discovered() {
      return realPaths().discovered;
    },
  });
  return {
    units: out.units,
    problems: out.problems,
    others: out.others,
    skipped: out.skipped.map((s) => ({ file: display(s.file), reason: s.reason })),
    notices: out.notices,
    consumedFiles: out.consumed.size,
    excludes: (file) => file !== "-" && out.exclude.size > 0 && out.exclude.has(realPath(file)),
    isData: (file) => file !== "-" && out.data.size > 0 && out.data.has(realPath(file)),
  };
}

/** True when a finding targets an object that is only context in the unit labelled so (undefined: the plain files). */
export function isContextTarget(target: Target, unitLabel: string | undefined): boolean {
  return "resource" in target && target.resource.renderedFrom !== unitLabel;
}

/** Plain objects written in a rendered unit's directories: context for its cross-resource rules. */
export function contextSources(unit: RenderedUnit, plain: readonly ResourceSource[]): ResourceSource[] {
  const real = new Map<string, string>();
  return plain.filter((s) => {
    let r = real.get(s.file.path);
    if (r === undefined) real.set(s.file.path, (r = realPath(s.file.path)));
    return unit.dirs.some((d) => r.startsWith(d + path.sep));
  });
}
