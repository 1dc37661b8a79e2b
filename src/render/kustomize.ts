import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LineCounter, parse as parseYaml } from "yaml";
import { parseSource } from "../load/parse.js";
import { escapeRegExp } from "../escape-regexp.js";
import { documentRanges } from "../load/fast-parse.js";
import type { InputProblem, ResourceSource } from "../model/model.js";
import type { KubeObject } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import type { Kustomization, KustomizeGraph } from "./kustomization.js";
import { originLocator, type Origin } from "./origin-map.js";
import { realPath, type SourceCache } from "./source-cache.js";
import { findExecutable, runTool, runToolAsync, runTools, type ToolJob, type ToolRun } from "./tool.js";
import { summarizeKustomizeError } from "./kustomize-error.js";
import { KeptBuilds, type KeptBuild, type Stamps } from "./kept-builds.js";
import { buildDocuments, generatorSecrets, withoutSecrets } from "./generator-secrets.js";
import { withoutValuesOf } from "../engine/message-values.js";
import { withoutInflatedChartValues } from "./inflated-chart-failure.js";
import { withoutUrlCredentials } from "./remote-bases.js";

const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";

export interface KustomizeTool {
  bin: string;
  /** "kubectl kustomize" or "kustomize build". */
  name: string;
  args(dir: string): string[];
  /** The helm executable the builds inflate helmCharts with (--enable-helm), when the run has one. */
  helm?: string;
}

/**
 * The tool that builds kustomizations: the one named with --kustomize-bin (kubectl or kustomize,
 * told apart by name), else kubectl on PATH, else a standalone kustomize on PATH.
 */
export function findKustomizeTool(explicit?: string, helm?: string): KustomizeTool | undefined {
  // kustomize runs helm only when told to: a kustomization with helmCharts fails to build without it.
  const helmFlags = helm ? ["--enable-helm", "--helm-command", helm] : [];
  const make = (bin: string): KustomizeTool =>
    /^kubectl/i.test(path.basename(bin))
      ? { bin, name: "kubectl kustomize", args: (dir) => ["kustomize", ...helmFlags, dir], ...(helm ? { helm } : {}) }
      : { bin, name: "kustomize build", args: (dir) => ["build", ...helmFlags, dir], ...(helm ? { helm } : {}) };
  if (explicit) {
    const bin = findExecutable(explicit);
    return bin ? make(bin) : undefined;
  }
  for (const name of ["kubectl", "kustomize"]) {
    const bin = findExecutable(name);
    if (bin) return make(bin);
  }
  return undefined;
}

export type RootBuild =
  | { ok: true; sources: ResourceSource[] }
  | { ok: false; missingTool: boolean; problem: InputProblem };

/** One root's build: the wrapper that turns on origin annotations, and the command to run. */
interface PreparedBuild {
  root: Kustomization;
  /** Real path of the temporary wrapper directory; "" when the root is built as it is. */
  wrapper: string;
  job: ToolJob;
  /** Set when the wrapper could not be written. */
  error?: string;
  /** With builds to keep: what the build's paths were before it ran (src/render/kept-builds.ts). */
  stamps?: Stamps;
}

function prepareBuild(root: Kustomization, tool: KustomizeTool, timeoutMs: number, cwd: string): PreparedBuild {
  let wrapper = "";
  try {
    wrapper = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-kustomize-")));
  } catch {
    // No writable temporary directory: build without origins (findings then point at the kustomization).
  }
  if (!wrapper || root.dir === wrapper || wrapper.startsWith(root.dir + path.sep)) {
    // Without a wrapper, or when the root holds the temporary directory (a wrapper there would be a cycle).
    if (wrapper) fs.rmSync(wrapper, { recursive: true, force: true });
    return { root, wrapper: "", job: { bin: tool.bin, args: tool.args(root.dir), cwd, timeoutMs } };
  }
  const prepared: PreparedBuild = { root, wrapper, job: { bin: tool.bin, args: tool.args(wrapper), cwd, timeoutMs } };
  try {
    const rel = path.relative(wrapper, root.dir).split(path.sep).join("/");
    fs.writeFileSync(
      path.join(wrapper, "kustomization.yaml"),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`,
    );
  } catch (e) {
    prepared.error = `could not prepare the build: ${(e as Error)?.message ?? String(e)}`;
  }
  return prepared;
}

/**
 * Builds Kustomize roots that do not depend on each other, concurrently. Each goes through a
 * temporary wrapper kustomization that turns on origin annotations (the user's files are never
 * touched); every object is then mapped back to its source.
 */
export function buildRoots(
  roots: ReadonlyArray<{ root: Kustomization; graph: KustomizeGraph; label: string }>,
  tool: KustomizeTool,
  cache: SourceCache,
  timeoutMs: number,
  cwd: string,
  kept?: KeptBuilds,
): RootBuild[] {
  const { reused, prepared } = prepareBuilds(roots, tool, timeoutMs, cwd, kept);
  let runs: ToolRun[];
  try {
    const todo = prepared.filter((p, i) => !p.error && !reused[i]);
    const done = runTools(todo.map((p) => p.job));
    runs = prepared.map((p, i) => reused[i]?.run ?? (p.error ? wrapperFailure(p.error) : done[todo.indexOf(p)]));
  } finally {
    for (const [i, p] of prepared.entries()) if (p.wrapper && !reused[i]) fs.rmSync(p.wrapper, { recursive: true, force: true });
  }
  return roots.map((r, i) => finishRoot(r, prepared[i], runs[i], reused[i], tool, cache, timeoutMs, cwd, kept));
}

/**
 * buildRoots for lintAsync: up to `concurrency` builds run as child processes at once, and each root's
 * output is parsed as soon as its build ends, while the others still run. Same results, same order.
 */
export async function buildRootsAsync(
  roots: ReadonlyArray<{ root: Kustomization; graph: KustomizeGraph; label: string }>,
  tool: KustomizeTool,
  cache: SourceCache,
  timeoutMs: number,
  cwd: string,
  kept: KeptBuilds | undefined,
  concurrency: number,
): Promise<RootBuild[]> {
  const { reused, prepared } = prepareBuilds(roots, tool, timeoutMs, cwd, kept);
  const results = new Array<RootBuild>(roots.length);
  let next = 0;
  const start = (i: number) => {
    const p = prepared[i];
    const run = reused[i]?.run ?? (p.error ? wrapperFailure(p.error) : undefined);
    return { i, run: run ? Promise.resolve(run) : runToolAsync(p.job.bin, p.job.args, p.job) };
  };
  const worker = async () => {
    for (let pending = next < roots.length ? start(next++) : undefined; pending; ) {
      const { i } = pending;
      let run: ToolRun;
      try {
        run = await pending.run;
      } finally {
        if (prepared[i].wrapper && !reused[i]) fs.rmSync(prepared[i].wrapper, { recursive: true, force: true });
      }
      // The next build starts before this one's output is parsed (~0.5 s for an Argo CD install): the core is not left idle meanwhile.
      pending = next < roots.length ? start(next++) : undefined;
      results[i] = finishRoot(roots[i], prepared[i], run, reused[i], tool, cache, timeoutMs, cwd, kept);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, roots.length)) }, worker));
  return results;
}

/** A kept output is read as it was: its origins are relative to the wrapper it was built through. */
function prepareBuilds(roots: ReadonlyArray<{ root: Kustomization; graph: KustomizeGraph }>, tool: KustomizeTool, timeoutMs: number, cwd: string, kept: KeptBuilds | undefined) {
  // Kept per tool too: the editor reads the configuration again at each keystroke, and it may name another.
  const reused = roots.map((r) => kept?.get(keptKey(tool, r.root)));
  const prepared = roots.map((r, i): PreparedBuild => {
    const k = reused[i];
    if (k) return { root: r.root, wrapper: k.wrapper, job: { bin: tool.bin, args: [], cwd, timeoutMs } };
    const p = prepareBuild(r.root, tool, timeoutMs, cwd);
    if (kept) p.stamps = KeptBuilds.stamp(r.graph);
    return p;
  });
  return { reused, prepared };
}

function keptKey(tool: KustomizeTool, root: Kustomization): string {
  return `${tool.bin}\u0000${tool.helm ?? ""}\u0000${root.dir}`;
}

function wrapperFailure(message: string): ToolRun {
  return { ok: false, reason: "failed", message, stderr: "" };
}

function finishRoot(
  r: { root: Kustomization; graph: KustomizeGraph; label: string },
  prepared: PreparedBuild,
  run: ToolRun,
  reused: KeptBuild | undefined,
  tool: KustomizeTool,
  cache: SourceCache,
  timeoutMs: number,
  cwd: string,
  kept: KeptBuilds | undefined,
): RootBuild {
  const entry = reused ?? (kept && run.ok && prepared.stamps ? kept.keep(keptKey(tool, r.root), prepared.stamps, run, prepared.wrapper) : undefined);
  return finishBuild(prepared, run, r.graph, tool, cache, r.label, timeoutMs, cwd, entry);
}

/** One root (kept for callers that build a single root). */
export function buildRoot(root: Kustomization, graph: KustomizeGraph, tool: KustomizeTool, cache: SourceCache, label: string, timeoutMs: number, cwd: string): RootBuild {
  return buildRoots([{ root, graph, label }], tool, cache, timeoutMs, cwd)[0];
}

/** `kept`: the build as kept between runs, whose objects are read once for all of them. */
function finishBuild(prepared: PreparedBuild, result: ToolRun, graph: KustomizeGraph, tool: KustomizeTool, cache: SourceCache, label: string, timeoutMs: number, cwd: string, kept?: KeptBuild): RootBuild {
  const { root, wrapper } = prepared;
  let run = result;
  if (!run.ok && run.reason === "failed" && wrapper && !prepared.error) {
    // Report the error people get from their own command, not the wrapper's: kustomize nests it
    // after "recursed accumulation of path '<root>': "; else ask the tool again without the wrapper.
    const marker = `recursed accumulation of path '${root.dir}': `;
    const at = run.message.indexOf(marker);
    if (at !== -1) run = { ...run, message: run.message.slice(at + marker.length) };
    else {
      const direct = runTool(tool.bin, tool.args(root.dir), { cwd, timeoutMs });
      if (!direct.ok) run = direct;
    }
  }
  if (!run.ok) {
    // Before the message is summarised or cut: a cut could leave part of a value behind.
    const documents = buildDocuments(graph, cache);
    const message = withoutUrlCredentials(withoutInflatedChartValues(withoutValuesOf(withoutSecrets(run.message, generatorSecrets(graph)), documents), graph, documents));
    return { ok: false, missingTool: run.reason === "missing", problem: buildProblem(root, cache, message, tool, cwd) };
  }

  const sources: ResourceSource[] = [];
  const ctx = { cache, graph };
  const objects = kept?.objects ?? renderedObjects(run.stdout, `<${tool.name} ${label}>`, wrapper, cache);
  if (kept) kept.objects = objects;
  for (const d of objects) {
    const locator = originLocator(ctx, d.object, d.origin);
    sources.push({ file: locator.file, docIndex: d.index, object: d.object, locator, renderedFrom: `kustomize ${label}` });
  }
  return { ok: true, sources };
}

/** An object of a build's output, with the origin its annotation gave (the annotation removed). */
export interface RenderedObject {
  index: number;
  object: KubeObject;
  origin: Origin | undefined;
}

/**
 * Objects of the builds of one run, by the text of their document: overlays of one base print its
 * objects alike (Argo CD's install variants each print the same CRDs), so each distinct document is
 * parsed once and its object shared by the roots that print it (rules never change objects).
 */
const renderedDocuments = new WeakMap<SourceCache, Map<string, RenderedObject | null>>();

/** Forgets the documents of a run's builds once every root is built: the texts are not kept for the rules. */
export function forgetRenderedDocuments(cache: SourceCache): void {
  renderedDocuments.delete(cache);
}

/** The objects of a build's output, each document parsed once per run (see renderedDocuments). */
function renderedObjects(stdout: string, name: string, wrapper: string, cache: SourceCache): RenderedObject[] {
  let seen = renderedDocuments.get(cache);
  if (!seen) renderedDocuments.set(cache, (seen = new Map()));
  // Origins are relative to the wrapper: the same text means the same origin only from the same place.
  const prefix = `${wrapper ? path.dirname(wrapper) : ""}\u0000`;
  // Cut at the `---` lines as the fast parse path cuts a stream, so the indices are the documents'.
  const chunks = documentRanges(stdout).map(([start, end]) => stdout.slice(start, end));
  const out: RenderedObject[] = [];
  for (const [index, text] of chunks.entries()) {
    const key = prefix + text;
    let d = seen.get(key);
    if (d === undefined) {
      const parsed = parseSource({ path: name, display: name, text });
      // A document that does not parse as one whole document on its own: the output is parsed as it was printed.
      if (parsed.documents.length !== 1 || parsed.problems.length > 0) return parsedObjects(stdout, name, wrapper);
      d = objectOf(parsed.documents[0].value, parsed.documents[0].broken, index, wrapper);
      seen.set(key, d);
    }
    if (d) out.push(d.index === index ? d : { ...d, index });
  }
  return out;
}

/** The objects of a whole output parsed at once (no sharing). */
function parsedObjects(stdout: string, name: string, wrapper: string): RenderedObject[] {
  const parsed = parseSource({ path: name, display: name, text: stdout });
  return parsed.documents.map((d) => objectOf(d.value, d.broken, d.index, wrapper)).filter((d): d is RenderedObject => d !== null);
}

function objectOf(value: unknown, broken: boolean, index: number, wrapper: string): RenderedObject | null {
  if (broken || !isRecord(value) || typeof value.kind !== "string" || typeof value.apiVersion !== "string") return null;
  const object = value as KubeObject;
  // Origins are paths relative to the wrapper (resolved as text: the wrapper is gone by now).
  return { index, object, origin: wrapper ? takeOrigin(object, wrapper) : undefined };
}

/** Reads and removes the origin annotation, so rules see the object as it is applied. */
function takeOrigin(object: KubeObject, wrapper: string): Origin | undefined {
  const annotations = object.metadata?.annotations as Record<string, unknown> | undefined;
  const raw = annotations?.[ORIGIN_ANNOTATION];
  if (!annotations || typeof raw !== "string") return undefined;
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0 && object.metadata) delete object.metadata.annotations;
  let o: unknown;
  try {
    o = parseYaml(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(o)) return undefined;
  const local = (p: unknown) => (typeof p === "string" && p !== "" ? realPath(path.resolve(wrapper, p)) : undefined);
  return {
    path: o.repo ? undefined : local(o.path),
    configuredIn: o.repo ? undefined : local(o.configuredIn),
    repo: typeof o.repo === "string" ? o.repo : undefined,
    ...(isRecord(o.configuredBy) && typeof o.configuredBy.kind === "string" ? { configuredBy: o.configuredBy.kind } : {}),
  };
}

/**
 * Longest error text kept. kustomize nests its causes outermost first ("accumulating resources from
 * '../base': … recursed accumulation of path 'base': … security; file '…' is not in or below 'base'"),
 * so a long one keeps its start (where) and its end (the cause), without the middle.
 */
const MAX_MESSAGE = 400;
const KEPT_START = 100;

/**
 * A failed build as a problem at the kustomization: at the entry the error names (`'secrets.yaml'`,
 * `'../../'`) or the field of the wrong shape (`patches:`) when there is one, else at the top of the file.
 */
function buildProblem(kustomization: Kustomization, cache: SourceCache, message: string, tool: KustomizeTool, cwd: string): InputProblem {
  const parsed = kustomization.parsed ?? cache.get(kustomization.file);
  const file = parsed?.file ?? { path: kustomization.file, display: cache.displayOf(kustomization.file), text: "", lineCounter: new LineCounter() };
  const rootDir = kustomization.dir;
  const summary = summarizeKustomizeError(message);
  // Paths as the user names them, from the working directory, the root too (kubectl names it absolute);
  // outside the working directory both stay absolute, as kubectl names the files there.
  const fromCwd = path.relative(cwd, rootDir);
  const root = fromCwd.startsWith("..") || path.isAbsolute(fromCwd) ? rootDir : fromCwd;
  let text = summary.text.split(rootDir + path.sep).join(root === "" ? "" : root + path.sep).split(rootDir).join(root === "" ? "." : root);
  text = text.split(cwd + path.sep).join("");
  if (text.length > MAX_MESSAGE) text = `${text.slice(0, KEPT_START)}…${text.slice(text.length - (MAX_MESSAGE - KEPT_START))}`;
  let start = 0;
  let end = 0;
  const content = file.text;
  if (summary.entry && content) {
    // A list entry as written: `- base`, or a patch's `- path: p.yaml` (or `path: p.yaml` below its target).
    const entry = new RegExp(`^\\s*(?:-\\s*)?(?:path:\\s*)?["']?${escapeRegExp(summary.entry)}["']?\\s*(#.*)?$`, "m").exec(content);
    if (entry) {
      start = entry.index + entry[0].indexOf(summary.entry);
      end = start + summary.entry.length;
    }
  }
  if (end === 0 && content && summary.field) {
    const key = new RegExp(`^${escapeRegExp(summary.field)}\\s*:`, "m").exec(content);
    if (key) {
      start = key.index;
      end = start + summary.field.length;
    }
  }
  if (end === 0 && content) {
    const first = /^(apiVersion|kind|resources|bases)\s*:/m.exec(content);
    if (first) {
      start = first.index;
      end = start + first[1].length;
    }
  }
  const problem: InputProblem = { kind: "kustomize-build", message: `${tool.name} failed: ${text}`, start, end, file };
  if (summary.base) problem.base = path.resolve(rootDir, summary.base);
  return problem;
}
