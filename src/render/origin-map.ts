import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { LineCounter, parseAllDocuments, isScalar, Scalar, type Node } from "yaml";
import { locate } from "../model/locate.js";
import { positionOf } from "../load/source-file.js";
import type { ObjectPath, SourceRange } from "../types.js";
import type { ParsedFile } from "../load/parse.js";
import type { SourceFile } from "../load/source-file.js";
import { documentLocator as locatorOf, type EditTarget, type KubeObject, type NewObjectTarget, type ResourceLocator } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import { parseImage } from "../model/image.js";
import type { Kustomization, KustomizeGraph, PatchRef } from "./kustomization.js";
import { realPath, type SourceCache } from "./source-cache.js";
import { existingDepth, translatePath, valueAt } from "./path-match.js";
import { json6902Candidates, type Candidate } from "./json-patch.js";
import { nameOf, patchIdMatches, stateBeforeOwn, targetSelects, transformersAt, type ObjectState } from "./object-states.js";
import { placeObject } from "./source-object.js";
import { replacementOf, type ReplacementHit } from "./replacements.js";
import { removedField, strategicRemoval } from "./patch-removals.js";
import { generatorChain } from "./generator-chain.js";

/** Where kustomize says an object comes from (config.kubernetes.io/origin), paths made absolute. */
export interface Origin {
  /** The resource file that defines the object. */
  path?: string;
  /** The kustomization whose generator made the object. */
  configuredIn?: string;
  /** Set for objects from a remote base: their files are not here. */
  repo?: string;
  /** The kind of generator that made it (ConfigMapGenerator, SecretGenerator, HelmChartInflationGenerator). */
  configuredBy?: string;
}

export interface OriginContext {
  cache: SourceCache;
  graph: KustomizeGraph;
}

const documentLocators = new WeakMap<ParsedFile, ResourceLocator | null>();

/** Locator of the first mapping document of a file (a kustomization). */
function documentLocator(parsed: ParsedFile | undefined): ResourceLocator | undefined {
  if (!parsed) return undefined;
  if (documentLocators.has(parsed)) return documentLocators.get(parsed) ?? undefined;
  const d = parsed.documents.find((x) => !x.broken && isRecord(x.value));
  const loc = d ? locatorOf(parsed.file, d) : null;
  documentLocators.set(parsed, loc);
  return loc ?? undefined;
}

function kustomizationRange(k: Kustomization, p: ObjectPath): SourceRange | undefined {
  return documentLocator(k.parsed)?.range(p);
}

/** A patch on a rendered object's chain, and the chain's index of the kustomization that applies it. */
interface PatchOnChain {
  ref: PatchRef;
  level: number;
}

/** Patches of the kustomizations (and the components they run on the object) on a chain, latest applied first. */
function patchesOf(chain: readonly Kustomization[]): PatchOnChain[] {
  const out: PatchOnChain[] = [];
  // The root applies its patches last, after its components; within a kustomization, later patches win.
  chain.forEach((_, level) => {
    for (const k of transformersAt(chain, level).reverse()) out.push(...[...k.patches].reverse().map((ref) => ({ ref, level })));
  });
  return out;
}

/**
 * What a patch says about the field at `p`, when kustomize applies it to the object: a `target:`
 * selects the object as it is at the patch's kustomization (its name and namespace as written or as
 * the kustomizations below made them, its labels then: `seen[0]`); a strategic merge patch without
 * one is the object's when its own kind, name and namespace are the object's at some point until then (`seen`).
 */
function patchCandidates({ ref }: PatchOnChain, ctx: OriginContext, rendered: KubeObject, written: ObjectState, seen: readonly ObjectState[], p: ObjectPath): Candidate[] {
  const out: Candidate[] = [];
  const target = ref.target;
  const selected = () => target !== undefined && targetSelects(target, rendered.apiVersion, rendered.kind, written, seen[0]);
  const consider = (values: Array<{ value: unknown; at: (docPath: ObjectPath) => SourceRange }>) => {
    for (const { value, at } of values) {
      if (Array.isArray(value)) {
        if (selected()) out.push(...json6902Candidates(value, rendered, p, at));
        continue;
      }
      if (!isRecord(value)) continue;
      if (target ? !selected() : !patchIdMatches(value, rendered.kind, seen)) continue;
      const t = translatePath(rendered, value, p);
      // A `null` or `$patch: delete` that took the field away decides it, as a JSON patch's `remove` does.
      const removal = strategicRemoval(value, t, p, rendered);
      out.push({
        depth: t.length,
        value: valueAt(value, t),
        range: () => at(removal ?? t),
        ...(replacesAlong(value, t) ? { replaces: true } : {}),
        ...(removal ? { operation: { removes: true } } : {}),
      });
    }
  };
  if (ref.file) {
    const parsed = ctx.cache.get(ref.file);
    if (!parsed) return out;
    consider(
      parsed.documents
        .filter((d) => !d.broken)
        .map((d) => {
          const loc = locatorOf(parsed.file, d);
          return { value: d.value, at: (docPath: ObjectPath) => loc.range(docPath) };
        }),
    );
  } else if (ref.inline !== undefined) {
    consider(inlinePatchDocuments(ref, ref.inline));
  }
  return out;
}

/**
 * Whether a strategic merge patch replaces or deletes a node on the way to `t` (its own path to the
 * field): a `$patch: replace` or `delete` in a mapping there, or a `- $patch: replace` item in a list
 * there. A directive elsewhere in the patch (deleting a probe's handler in one container) leaves the
 * rest merging with the base, so it does not make the patch the writer of an unrelated field.
 */
function replacesAlong(patch: unknown, t: ObjectPath): boolean {
  let node = patch;
  for (let i = 0; ; i++) {
    if (isRecord(node) && (node.$patch === "replace" || node.$patch === "delete")) return true;
    if (Array.isArray(node) && node.some((item) => isRecord(item) && item.$patch === "replace")) return true;
    if (i === t.length) return false;
    node = valueAt(node, [t[i]]);
  }
}

type PatchDocument = { value: unknown; at: (docPath: ObjectPath) => SourceRange };

/** Inline patches parsed, once each: every position asked of every object the patch may touch looked at them (~0.1 s of Argo CD's rules). */
const inlinePatches = new WeakMap<PatchRef, PatchDocument[]>();

/**
 * The documents of an inline patch, text inside the kustomization: a literal block (`patch: |-`) maps
 * line for line into it; any other form is pointed at by its entry.
 */
function inlinePatchDocuments(ref: PatchRef, inline: string): PatchDocument[] {
  const kept = inlinePatches.get(ref);
  if (kept) return kept;
  const entry = () => kustomizationRange(ref.owner, ref.entryPath) ?? zeroRange(ref.owner.parsed?.file.display ?? ref.owner.file);
  const block = literalBlockStart(ref.owner, ref.entryPath);
  const lineCounter = new LineCounter();
  let docs: PatchDocument[] = [];
  try {
    docs = parseAllDocuments(inline, { version: "1.1", lineCounter })
      .filter((d) => d.errors.length === 0)
      .map((d) => ({
        value: d.toJS({ maxAliasCount: 100 }) as unknown,
        at: (docPath: ObjectPath) => {
          const r = block && locate(d, d.contents as Node | null, docPath);
          if (!block || !r) return entry();
          const s = lineCounter.linePos(r.start);
          const e = lineCounter.linePos(Math.max(r.start, r.end));
          return { file: block.display, line: block.line + s.line, column: block.indent + s.col, endLine: block.line + e.line, endColumn: block.indent + e.col };
        },
      }));
  } catch {
    docs = [];
  }
  inlinePatches.set(ref, docs);
  return docs;
}

/** Where a literal block scalar's text starts in a kustomization: the line before its first line, and its indentation. */
function literalBlockStart(k: Kustomization, entryPath: ObjectPath): { display: string; line: number; indent: number } | undefined {
  const parsed = k.parsed;
  const d = parsed?.documents.find((x) => !x.broken && isRecord(x.value));
  if (!parsed || !d) return undefined;
  const node = d.doc.getIn(entryPath, true);
  if (!isScalar(node) || node.type !== Scalar.BLOCK_LITERAL || !node.range) return undefined;
  const header = positionOf(parsed.file, node.range[0]).line;
  const lines = parsed.file.text.split("\n");
  const first = lines.slice(header).find((l) => l.trim() !== "");
  if (first === undefined) return undefined;
  return { display: parsed.file.display, line: header, indent: first.length - first.trimStart().length };
}

function zeroRange(display: string): SourceRange {
  return { file: display, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

const LABEL_PARENTS = new Set(["labels", "matchLabels"]);

/**
 * Fields that kustomize transformers set from the kustomization itself (namespace, commonLabels,
 * images, replicas): when a rendered value was not written in any source, it is written there.
 */
function transformerRange(chain: readonly Kustomization[], rendered: KubeObject, sourceValue: unknown, states: readonly ObjectState[] | undefined, p: ObjectPath): SourceRange | undefined {
  const last = p[p.length - 1];
  const parent = p[p.length - 2];
  // Latest run first: a kustomization's namespace over its components'.
  for (const [level, k] of chain.flatMap((_, i) => transformersAt(chain, i).reverse().map((c) => [i, c] as const))) {
    const v = k.value;
    if (p.length === 2 && p[0] === "metadata" && last === "namespace" && typeof v.namespace === "string") return kustomizationRange(k, ["namespace"]);
    if (typeof last === "string" && typeof parent === "string" && LABEL_PARENTS.has(parent)) {
      if (isRecord(v.commonLabels) && last in v.commonLabels) return kustomizationRange(k, ["commonLabels", last]);
      if (Array.isArray(v.labels)) {
        const i = v.labels.findIndex((l) => isRecord(l) && isRecord(l.pairs) && last in l.pairs);
        if (i !== -1) return kustomizationRange(k, ["labels", i, "pairs", last]);
      }
    }
    if (typeof last === "string" && parent === "annotations" && isRecord(v.commonAnnotations) && last in v.commonAnnotations) {
      return kustomizationRange(k, ["commonAnnotations", last]);
    }
    if (last === "image" && Array.isArray(v.images)) {
      const written = typeof sourceValue === "string" ? sourceValue : String(valueAt(rendered, p) ?? "");
      const repo = parseImage(written).repository;
      const i = v.images.findIndex((e) => isRecord(e) && typeof e.name === "string" && (e.name === repo || repo.endsWith(`/${e.name}`)));
      if (i !== -1) {
        const e = v.images[i] as Record<string, unknown>;
        const field = e.digest !== undefined ? "digest" : e.newTag !== undefined ? "newTag" : e.newName !== undefined ? "newName" : undefined;
        return kustomizationRange(k, field ? ["images", i, field] : ["images", i]);
      }
    }
    if (p.length === 2 && p[0] === "spec" && last === "replicas" && Array.isArray(v.replicas) && states) {
      // Runs after the kustomization's affixes, and names the object by any name it has had.
      const names = new Set(states.slice(level).map((s) => s.name));
      const i = v.replicas.findIndex((e) => isRecord(e) && typeof e.name === "string" && names.has(e.name));
      if (i !== -1) return kustomizationRange(k, ["replicas", i, "count"]);
    }
  }
  return undefined;
}

/** Locator of an object made by a generator (configMapGenerator, secretGenerator): its entry in the kustomization. */
function generatedLocator(ctx: OriginContext, rendered: KubeObject, configuredIn: string, fallback: SourceFile): ResourceLocator {
  const field = rendered.kind === "Secret" ? "secretGenerator" : "configMapGenerator";
  // Not the first chain found: a base under two overlays of the root generates a copy through each.
  const chain = generatorChain(ctx.graph.allChains.get(configuredIn) ?? [], rendered, field) ?? ctx.graph.chains.get(configuredIn) ?? [ctx.graph.root];
  const owner = chain[chain.length - 1];
  const renderedName = nameOf(rendered);
  const entryIn = (k: Kustomization, exactName?: string): number => {
    const list = k.value[field];
    if (!Array.isArray(list)) return -1;
    let best = -1;
    list.forEach((e, i) => {
      if (!isRecord(e) || typeof e.name !== "string") return;
      if (exactName !== undefined ? e.name === exactName : renderedName.includes(e.name)) {
        if (best === -1 || e.name.length > String((list[best] as Record<string, unknown>).name).length) best = i;
      }
    });
    return best;
  };
  const ownEntry = entryIn(owner);
  const genName = ownEntry === -1 ? undefined : String(((owner.value[field] as unknown[])[ownEntry] as Record<string, unknown>).name);
  const file = owner.parsed?.file ?? fallback;
  return {
    file,
    range(p: ObjectPath): SourceRange {
      if (p[0] === "metadata") {
        const tr = transformerRange(chain, rendered, undefined, undefined, p);
        if (tr) return tr;
      }
      const key = p.length >= 2 && (p[0] === "data" || p[0] === "stringData" || p[0] === "binaryData") ? String(p[1]) : undefined;
      if (key !== undefined && genName !== undefined) {
        // A merge in an overlay may set the key: the root's generators come first.
        for (const k of chain) {
          const i = entryIn(k, genName);
          if (i === -1) continue;
          const e = (k.value[field] as unknown[])[i] as Record<string, unknown>;
          const lit = Array.isArray(e.literals) ? e.literals.findIndex((l) => typeof l === "string" && l.trim().startsWith(`${key}=`)) : -1;
          if (lit !== -1) return kustomizationRange(k, [field, i, "literals", lit]) ?? zeroRange(file.display);
          const fi = Array.isArray(e.files)
            ? e.files.findIndex((f) => typeof f === "string" && (f.startsWith(`${key}=`) || path.basename(f) === key))
            : -1;
          if (fi !== -1) return kustomizationRange(k, [field, i, "files", fi]) ?? zeroRange(file.display);
          if (Array.isArray(e.envs) && e.envs.length > 0) return kustomizationRange(k, [field, i, "envs"]) ?? zeroRange(file.display);
        }
      }
      return kustomizationRange(owner, ownEntry === -1 ? [] : [field, ownEntry]) ?? zeroRange(file.display);
    },
  };
}

/** The fields that name an object, which a patch repeats to say which object it is for. */
const IDENTITY_PATHS: ReadonlySet<string> = new Set(["apiVersion", "kind", "metadata.name", "metadata.namespace"]);

/**
 * An object a kustomization's helmCharts inflated: its fields are written in the chart's templates,
 * with the kustomization's values; a finding points at the helmCharts entry that names the chart
 * (by its releaseName or name when several do; else the helmCharts key), where a disable comment
 * or a values change is made.
 */
function inflatedLocator(ctx: OriginContext, rendered: KubeObject, configuredIn: string, fallback: SourceFile): ResourceLocator {
  const chain = ctx.graph.chains.get(configuredIn) ?? [ctx.graph.root];
  const owner = chain[chain.length - 1];
  const charts = Array.isArray(owner.value.helmCharts) ? owner.value.helmCharts : [];
  const name = nameOf(rendered);
  const named = (key: string) => charts.findIndex((c) => isRecord(c) && typeof c[key] === "string" && c[key] !== "" && name.includes(c[key] as string));
  const entry = charts.length === 1 ? 0 : named("releaseName") !== -1 ? named("releaseName") : named("name");
  const file = owner.parsed?.file ?? fallback;
  const at = entry === -1 ? ["helmCharts"] : ["helmCharts", entry];
  return { file, range: () => kustomizationRange(owner, at) ?? zeroRange(file.display) };
}

/**
 * Locator of a rendered object: every field maps to the base file or patch that writes it. A mapping
 * that fails on an unforeseen shape points at the root kustomization rather than losing the finding.
 */
export function originLocator(ctx: OriginContext, rendered: KubeObject, origin: Origin | undefined): ResourceLocator {
  const root = ctx.graph.root;
  const rootFile = root.parsed?.file ?? { path: root.file, display: ctx.cache.displayOf(root.file), text: "", lineCounter: new LineCounter() };
  const atRoot: ResourceLocator = { file: rootFile, range: () => kustomizationRange(root, []) ?? zeroRange(rootFile.display) };
  const loc = mapOrigin(ctx, rendered, origin, rootFile, atRoot);
  const range = (p: ObjectPath): SourceRange => {
    try {
      return loc.range(p);
    } catch {
      return atRoot.range(p);
    }
  };
  // Comments that suppress a finding are read from the file it points into (a patch, a kustomization).
  const editTarget = guarded(loc.editTarget, "where the field is written could not be worked out; change it where it is set");
  const newObjectTarget = guarded(loc.newObjectTarget, "where the object is written could not be worked out");
  const removedField = guarded(loc.removedField, undefined);
  return {
    ...(removedField ? { removedField } : {}),
    ...(newObjectTarget ? { newObjectTarget } : {}),
    file: loc.file,
    range,
    fileAt: (p) => ctx.cache.fileShownAs(range(p).file)?.file ?? loc.file,
    ...(editTarget ? { editTarget } : {}),
  };
}

/** A locator's question that answers `failed` where the mapping fails on an unforeseen shape, rather than losing the finding. */
function guarded<A extends unknown[], R, F>(ask: ((...args: A) => R) | undefined, failed: F): ((...args: A) => R | F) | undefined {
  if (!ask) return undefined;
  return (...args: A) => {
    try {
      return ask(...args);
    } catch {
      return failed;
    }
  };
}

/** A remove, move or copy that decides the field, unless a patch applied after it wrote the field itself. */
function decidingOperation(fromPatches: readonly Candidate[], p: ObjectPath): Candidate | undefined {
  const i = fromPatches.findIndex((c) => c.operation);
  if (i === -1 || fromPatches.slice(0, i).some((c) => c.depth === p.length)) return undefined;
  return fromPatches[i];
}

/** Where a replacement's field path is written: in the kustomization, or in the file its entry names. */
function replacementRange(ctx: OriginContext, hit: ReplacementHit): SourceRange | undefined {
  if (hit.file === undefined) return kustomizationRange(hit.owner, hit.at);
  const parsed = ctx.cache.get(hit.file);
  const d = parsed?.documents.find((x) => x.index === hit.docIndex);
  return parsed && d && !d.broken ? locatorOf(parsed.file, d).range(hit.at) : kustomizationRange(hit.owner, []);
}

function mapOrigin(ctx: OriginContext, rendered: KubeObject, origin: Origin | undefined, rootFile: SourceFile, atRoot: ResourceLocator): ResourceLocator {
  const root = ctx.graph.root;
  if (!origin || origin.repo) return atRoot;
  if (!origin.path && origin.configuredIn && origin.configuredBy === "HelmChartInflationGenerator") return inflatedLocator(ctx, rendered, origin.configuredIn, rootFile);
  if (!origin.path) return origin.configuredIn ? generatedLocator(ctx, rendered, origin.configuredIn, rootFile) : atRoot;
  const parsed = ctx.cache.get(origin.path);
  if (!parsed) return atRoot;
  const chains = ctx.graph.allChains.get(origin.path) ?? [ctx.graph.chains.get(origin.path) ?? [root]];
  const placed = placeObject(parsed, chains, rendered);
  if (!placed) return { file: parsed.file, range: () => kustomizationRange(root, []) ?? zeroRange(rootFile.display) };
  const { source, chain, states } = placed;
  const patches = patchesOf(chain);
  // What each level's patches see of the object: patchesJson6902 runs after its kustomization's
  // namespace and affixes; the other patches before them, and after those of the components it runs.
  const seenBefore = chain.map((_, level) => {
    const own = stateBeforeOwn(chain, states, level, rendered.kind);
    return own === states[level + 1] ? states.slice(level + 1) : [own, ...states.slice(level + 1)];
  });
  const seenBy = ({ ref, level }: PatchOnChain) => (ref.late ? states.slice(level) : seenBefore[level]);
  const written = states[states.length - 1];
  const candidatesAt = (p: ObjectPath) => patches.flatMap((patch) => patchCandidates(patch, ctx, rendered, written, seenBy(patch), p));
  const replacementAt = (p: ObjectPath) =>
    replacementOf(
      chain,
      states,
      rendered,
      p,
      (file) => (ctx.cache.get(file)?.documents ?? []).filter((d) => !d.broken).map((d) => ({ value: d.value, docIndex: d.index })),
      (k, entry) => realPath(path.resolve(k.dir, entry)),
    );
  return {
    file: parsed.file,
    newObjectTarget(): NewObjectTarget | string {
      // The kustomization that lists the file: a new file beside it is built when it is listed there too.
      const owner = chain[chain.length - 1];
      if (!owner.parsed || !owner.resourceFiles.includes(origin.path!)) return `${parsed.file.display} is not listed in a kustomization's resources`;
      if (source.listIndex !== undefined) return "the object is an item of a List";
      const dir = path.relative(owner.dir, path.dirname(origin.path!));
      const entry = (fileName: string) => (dir === "" ? fileName : `${dir.split(path.sep).join("/")}/${fileName}`);
      return { object: source.object, file: parsed.file, documents: parsed.documents, docIndex: source.docIndex, kustomization: { file: owner.parsed.file, documents: owner.parsed.documents, entry } };
    },
    ...(patches.length > 0 ? { removedField: (q: ObjectPath) => removedField(rendered, source.object, q, candidatesAt, decidingOperation) } : {}),
    editTarget(paths: readonly ObjectPath[]): EditTarget | string {
      const display = parsed.file.display;
      if (chain.some((_, level) => transformersAt(chain, level).some((k) => ["replacements", "vars", "transformers"].some((f) => k.value[f] !== undefined)))) {
        return "the kustomization has replacements, vars or transformers, which may set the field; change it where it is set";
      }
      const inBase = (p: ObjectPath): ObjectPath => {
        const t = translatePath(rendered, source.object, p);
        return [...t, ...p.slice(t.length)];
      };
      for (const p of paths) {
        const t = translatePath(rendered, source.object, p);
        const field = p.join(".");
        if (p.slice(t.length).some((s) => typeof s === "number")) return `${field} is not written in ${display} (a patch or generator adds it); change it where it is set`;
        const fromPatches = candidatesAt(p);
        const operation = decidingOperation(fromPatches, p);
        if (operation?.operation?.removes) {
          // A change in the base would be removed again by the build.
          const at = operation.range();
          return `a patch (${at.file}:${at.line}) removes ${field} or what holds it; change it there`;
        }
        const patch = fromPatches.find((c) => c.replaces || c.depth === p.length || !isRecord(c.value));
        if (patch) {
          const at = patch.range();
          return `a patch (${at.file}:${at.line}) sets ${field} or what holds it; change it there`;
        }
        // The base alone decides the value when it is what the base says (nothing changed or removed it on
        // the way), or when neither has it: mappings a patch adds above it merge with the base's.
        const same = t.length === p.length ? isDeepStrictEqual(valueAt(rendered, p), valueAt(source.object, t)) : existingDepth(rendered, p) < p.length;
        if (!same || transformerRange(chain, rendered, valueAt(source.object, t), states, p)) return `the kustomization changes ${field} after ${display}; change it where it is set`;
      }
      return { file: parsed.file, documents: parsed.documents, docIndex: source.docIndex, listIndex: source.listIndex, path: inBase };
    },
    range(p: ObjectPath): SourceRange {
      // A replacement runs after its kustomization's patches and transformers: the field is its target's.
      const replaced = replacementAt(p);
      const replacedAt = replaced && replacementRange(ctx, replaced);
      if (replacedAt) return replacedAt;
      const full = existingDepth(rendered, p);
      const leaf = valueAt(rendered, p.slice(0, full));
      const scalar = leaf === null || typeof leaf !== "object";
      const t = translatePath(rendered, source.object, p);
      const base: Candidate = { depth: t.length, value: valueAt(source.object, t), range: () => source.locator.range(t) };
      const fromPatches = candidatesAt(p);
      // A field a patch removed (the base still has it) or moved there is the operation's.
      const operation = decidingOperation(fromPatches, p);
      if (operation) return operation.range();
      const top = Math.max(base.depth, ...fromPatches.map((c) => c.depth));
      // A value is where it was last set to what it is (a patch; a patch's metadata.name only selects
      // its target); an object is where it is defined (the base).
      // A strategic merge patch writes the object's apiVersion, kind, name and namespace to select it: where the base has the same, they are the base's.
      if (IDENTITY_PATHS.has(p.join(".")) && base.depth === full && base.value === leaf) return base.range();
      const patchAtTop = fromPatches.find((c) => c.depth === top && (!scalar || top !== full || c.value === leaf));
      const best: Candidate = base.depth === top && !(scalar && top === full && patchAtTop) ? base : (patchAtTop ?? base);
      if (best.depth < full || (scalar && best.depth === full && best.value !== leaf)) {
        const tr = transformerRange(chain, rendered, base.value, states, p);
        if (tr) return tr;
      }
      return best.range();
    },
  };
}
