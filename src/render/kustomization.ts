import fs from "node:fs";
import path from "node:path";
import type { ObjectPath } from "../types.js";
import type { ParsedFile } from "../load/parse.js";
import { isRecord } from "../model/pod-spec.js";
import { generatorSources } from "../model/generator-sources.js";
import { realPath, type SourceCache } from "./source-cache.js";
import { remoteEntries, type RemoteEntry } from "./remote-bases.js";

/** File names kustomize accepts for a kustomization, in the order it looks for them. */
export const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** The kustomization file of a directory, or undefined when the directory is not a Kustomize root. */
export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const f = path.join(dir, name);
    try {
      if (fs.statSync(f).isFile()) return f;
    } catch {
      // not this name
    }
  }
  return undefined;
}

/** A patch's `target:` (kustomize's Selector): name, namespace, group, version and kind are anchored regular expressions. */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** A label selector in kubectl's text form (`app=web,tier in (a,b)`). */
  labelSelector?: string;
  annotationSelector?: string;
}

/** A patch a kustomization applies: a file, or text written inline in the kustomization. */
export interface PatchRef {
  owner: Kustomization;
  /** Real path of the patch file; undefined for an inline patch. */
  file?: string;
  /** The inline patch text. */
  inline?: string;
  /** Path of the entry in the kustomization document (inline patches are pointed at there). */
  entryPath: ObjectPath;
  target?: PatchTarget;
  /**
   * From `patchesJson6902`, which kustomize applies after the kustomization's namespace and name
   * affixes (`patches` and `patchesStrategicMerge` come before them): its target sees those names too.
   */
  late?: boolean;
}

/** A parsed kustomization and the local files it names. */
export interface Kustomization {
  /** Real path of the directory. */
  dir: string;
  /** Real path of the kustomization file. */
  file: string;
  parsed: ParsedFile | undefined;
  value: Record<string, unknown>;
  /** Local resource files (real paths). */
  resourceFiles: string[];
  /** Local directories it builds on (resources, bases, components), as kustomizations. */
  children: Kustomization[];
  patches: PatchRef[];
  /** Files that configure the build rather than describe objects: patches and transformer configs. */
  configFiles: string[];
  /** Generator inputs (configMapGenerator and secretGenerator files, envs, env; real paths, whether they exist or not). */
  inputFiles: string[];
  /** Directories listed as transformers, generators, validators, configurations or crds: kustomizations built for their output. */
  inputKustomizations: Kustomization[];
  /** True when it lists a remote base (a git or HTTP URL): building it needs the network. */
  remote: boolean;
  /** Its remote entries (src/render/remote-bases.ts), in field order. */
  remoteEntries: RemoteEntry[];
}

/** Every kustomization reachable from a root, and for each file the chain of kustomizations that carry it. */
export interface KustomizeGraph {
  root: Kustomization;
  /** Real path of a resource file or kustomization file → kustomizations from the root down to the one that lists it (the first path found). */
  chains: Map<string, Kustomization[]>;
  /**
   * Every such chain of a file: one base built by two overlays (blue and green, each with its own
   * namePrefix and patches) gives its objects twice, each copy through its own chain. At most
   * MAX_CHAINS per file, the first found first.
   */
  allChains: Map<string, Kustomization[][]>;
  /** Every local file the build reads (real paths). */
  files: Set<string>;
  /** Files that configure the build (never linted as plain manifests). */
  configFiles: Set<string>;
  /**
   * The other local paths the output depends on: generator inputs (linted as plain files where they
   * are YAML, so not in `files`) and every kustomization's directory (a kustomization file added or
   * renamed there changes the build). A build kept between runs is made again when one of these or
   * of `files` changes (src/render/kept-builds.ts).
   */
  inputs: Set<string>;
  /** True when some kustomization of the build lists a remote base. */
  remote: boolean;
  /** The first kustomization of the build (root first) that lists one: where the notice points. */
  remoteIn?: Kustomization;
}


function strings(v: unknown): Array<[string, number]> {
  if (!Array.isArray(v)) return [];
  const out: Array<[string, number]> = [];
  v.forEach((s, i) => {
    if (typeof s === "string" && s.trim() !== "") out.push([s.trim(), i]);
  });
  return out;
}

const TARGET_FIELDS = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"] as const;

function targetOf(v: unknown): PatchTarget | undefined {
  if (!isRecord(v)) return undefined;
  const t: PatchTarget = {};
  for (const f of TARGET_FIELDS) if (typeof v[f] === "string") t[f] = v[f];
  return t;
}

/** Chains kept per file: a graph of many diamonds has exponentially many paths, and real trees have a few. */
const MAX_CHAINS = 16;

/** Loads kustomizations from a root, following local bases and components (each directory once). */
export class KustomizationLoader {
  private readonly byDir = new Map<string, Kustomization | null>();

  constructor(private readonly cache: SourceCache) {}

  load(dir: string): Kustomization | undefined {
    const real = realPath(dir);
    if (this.byDir.has(real)) return this.byDir.get(real) ?? undefined;
    const file = kustomizationFileIn(real);
    if (!file) {
      this.byDir.set(real, null);
      return undefined;
    }
    const parsed = this.cache.get(realPath(file));
    const doc = parsed?.documents.find((d) => !d.broken && isRecord(d.value));
    const value = (doc?.value as Record<string, unknown> | undefined) ?? {};
    const remote = remoteEntries(value, real);
    const k: Kustomization = { dir: real, file: realPath(file), parsed, value, resourceFiles: [], children: [], patches: [], configFiles: [], inputFiles: [], inputKustomizations: [], remote: remote.length > 0, remoteEntries: remote };
    const remoteSet = new Set(remote.map((r) => r.entry.trim()));
    const isRemote = (entry: string) => remoteSet.has(entry.trim());
    this.byDir.set(real, k);
    const local = (entry: string) => path.resolve(real, entry);

    for (const field of ["resources", "bases", "components"]) {
      for (const [entry] of strings(value[field])) {
        if (isRemote(entry)) continue;
        const abs = local(entry);
        let st: fs.Stats | undefined;
        try {
          st = fs.statSync(abs);
        } catch {
          continue;
        }
        if (st.isDirectory()) {
          const child = this.load(abs);
          if (child) k.children.push(child);
        } else if (st.isFile()) {
          k.resourceFiles.push(realPath(abs));
        }
      }
    }
    const addPatch = (entry: unknown, entryPath: ObjectPath, target?: PatchTarget, late?: boolean) => {
      if (typeof entry !== "string" || entry.trim() === "") return;
      const when = late ? { late } : {};
      if (entry.includes("\n") || /^\s*(apiVersion|kind|-\s*op)\s*:/.test(entry)) {
        k.patches.push({ owner: k, inline: entry, entryPath, target, ...when });
      } else {
        const f = realPath(local(entry.trim()));
        k.patches.push({ owner: k, file: f, entryPath, target, ...when });
        k.configFiles.push(f);
      }
    };
    for (const [entry, i] of strings(value.patchesStrategicMerge)) addPatch(entry, ["patchesStrategicMerge", i]);
    for (const field of ["patches", "patchesJson6902"]) {
      const list = value[field];
      if (!Array.isArray(list)) continue;
      const late = field === "patchesJson6902";
      list.forEach((p, i) => {
        // A bare file name (patchesStrategicMerge's form): kustomize refuses it here, but the file is
        // still a patch, never an object of its own to lint beside the ones it patches.
        if (typeof p === "string") return addPatch(p, [field, i]);
        if (!isRecord(p)) return;
        const target = targetOf(p.target);
        if (typeof p.path === "string") addPatch(p.path, [field, i, "path"], target, late);
        else if (typeof p.patch === "string") k.patches.push({ owner: k, inline: p.patch, entryPath: [field, i, "patch"], target, ...(late ? { late } : {}) });
      });
    }
    // Generator inputs (application config, .env files) stay plain files: credential rules read them.
    for (const field of ["configurations", "crds", "transformers", "generators", "validators"]) {
      for (const [entry] of strings(value[field])) {
        if (isRemote(entry)) continue;
        const abs = local(entry);
        try {
          const st = fs.statSync(abs);
          if (st.isFile()) k.configFiles.push(realPath(abs));
          else if (st.isDirectory()) {
            // A kustomization whose output configures the build (transformer configs): what it reads is the build's input.
            const made = this.load(abs);
            if (made) k.inputKustomizations.push(made);
          }
        } catch {
          // kustomize reports a missing file itself
        }
      }
    }
    if (Array.isArray(value.replacements)) {
      for (const r of value.replacements) if (isRecord(r) && typeof r.path === "string") k.configFiles.push(realPath(local(r.path)));
    }
    if (isRecord(value.openapi) && typeof value.openapi.path === "string") k.configFiles.push(realPath(local(value.openapi.path)));
    for (const entry of generatorSources(value)) k.inputFiles.push(realPath(local(entry)));
    return k;
  }

  graph(root: Kustomization): KustomizeGraph {
    const chains = new Map<string, Kustomization[]>();
    const allChains = new Map<string, Kustomization[][]>();
    const addChain = (file: string, chain: Kustomization[]) => {
      const list = allChains.get(file);
      if (!list) allChains.set(file, [chain]);
      else if (list.length < MAX_CHAINS) list.push(chain);
    };
    const files = new Set<string>();
    const configFiles = new Set<string>();
    const inputs = new Set<string>();
    const seen = new Set<Kustomization>();
    const seenInputs = new Set<Kustomization>();
    let remoteIn: Kustomization | undefined;
    // Kustomizations built for their output only: every path they read is an input, none is linted as theirs.
    const read = (k: Kustomization) => {
      if (seenInputs.has(k)) return;
      seenInputs.add(k);
      for (const f of [k.file, ...k.resourceFiles, ...k.configFiles, ...k.inputFiles, k.dir]) inputs.add(f);
      for (const c of [...k.children, ...k.inputKustomizations]) read(c);
    };
    // Every path is followed for allChains (a kustomization on the path is not entered again: kustomize
    // refuses that cycle); what a kustomization reads is gathered the first time it is reached.
    const walk = (k: Kustomization, chain: Kustomization[]) => {
      if (chain.includes(k) || (allChains.get(k.file)?.length ?? 0) >= MAX_CHAINS) return;
      const here = [...chain, k];
      addChain(k.file, here);
      for (const f of k.resourceFiles) addChain(f, here);
      if (!seen.has(k)) visit(k, here);
      for (const c of k.children) walk(c, here);
    };
    const visit = (k: Kustomization, here: Kustomization[]) => {
      seen.add(k);
      if (k.remote && !remoteIn) remoteIn = k;
      if (!chains.has(k.file)) chains.set(k.file, here);
      files.add(k.file);
      for (const f of k.resourceFiles) {
        files.add(f);
        if (!chains.has(f)) chains.set(f, here);
      }
      for (const f of k.configFiles) {
        files.add(f);
        configFiles.add(f);
      }
      inputs.add(k.dir);
      for (const f of k.inputFiles) inputs.add(f);
      for (const i of k.inputKustomizations) read(i);
    };
    walk(root, []);
    return { root, chains, allChains, files, configFiles, inputs, remote: remoteIn !== undefined, remoteIn };
  }
}
