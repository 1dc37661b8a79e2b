import path from "node:path";
import type { Model, OtherDocument } from "./model.js";
import { isRecord } from "./pod-spec.js";

export const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

/**
 * Kustomization files read as plain YAML: the roots whose build failed or that were not rendered (a
 * rendered root's files are consumed by its build and are not among the model's other documents).
 */
export function unrenderedKustomizations(model: Model): Array<OtherDocument & { value: Record<string, unknown> }> {
  return model.otherDocuments.filter((d): d is OtherDocument & { value: Record<string, unknown> } => KUSTOMIZATION_NAMES.has(path.basename(d.file.path)) && isRecord(d.value));
}

/** A kustomization's directory and the local files and directories its resources, bases and components name. */
interface RootTargets {
  dir: string;
  files: Set<string>;
  /** With a trailing separator: everything under them. */
  dirs: string[];
}

function rootTargets(dir: string, value: Record<string, unknown>): RootTargets {
  const root: RootTargets = { dir, files: new Set(), dirs: [] };
  for (const field of ["resources", "bases", "components"]) {
    const entries = value[field];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      // A remote base names no file here.
      if (typeof entry !== "string" || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.includes("github.com/")) continue;
      const target = path.resolve(dir, entry);
      if (/\.(ya?ml|json)$/i.test(entry)) root.files.add(target);
      else root.dirs.push(target + path.sep);
    }
  }
  return root;
}

/** Whether a root takes a file (in directory `dir`): one in its directory, or one its entries name or hold. */
function takes(root: RootTargets, file: string, dir: string): boolean {
  return root.dir === dir || root.files.has(file) || root.dirs.some((d) => file.startsWith(d));
}

/**
 * Files that a kustomization in the set deploys: those in its directory and those its `resources:`
 * name (files, or directories and everything under them). Kustomize orders its output by kind, so
 * file order means nothing for them, even when the build could not be rendered and the files are
 * linted one by one. Files beside it that it does not list (Caracal's k8s/v03/) are applied by hand.
 */
export function kustomizeManagedFiles(model: Model): (file: string) => boolean {
  const roots = unrenderedKustomizations(model).map((doc) => rootTargets(path.dirname(doc.file.path), doc.value));
  if (roots.length === 0) return () => false;
  return (file) => {
    const dir = path.dirname(file);
    return roots.some((r) => takes(r, file, dir));
  };
}

/**
 * The unrendered Kustomize roots (their directories) whose build would take a file: those whose
 * `resources:` (or bases, components) name it or a directory it is under, and the root in whose
 * directory it is (a kustomization that does not parse or build names nothing, but its files are its own).
 * Roots are applied one by one (`kubectl apply -k`), so two roots that each define an object do not
 * define it twice, however the run had to lint their files when it could not build them. Empty for a
 * file no root takes.
 */
export function unrenderedRootsOf(model: Model): (file: string) => readonly string[] {
  const roots: RootTargets[] = [];
  for (const p of model.inputProblems) {
    if (KUSTOMIZATION_NAMES.has(path.basename(p.file.path)) && p.kind !== "unreadable") roots.push({ dir: path.dirname(p.file.path), files: new Set(), dirs: [] });
  }
  for (const doc of unrenderedKustomizations(model)) roots.push(rootTargets(path.dirname(doc.file.path), doc.value));
  const cache = new Map<string, string[]>();
  return (file) => {
    let out = cache.get(file);
    if (!out) {
      const dir = path.dirname(file);
      cache.set(file, (out = [...new Set(roots.filter((r) => takes(r, file, dir)).map((r) => r.dir))]));
    }
    return out;
  };
}

/**
 * ConfigMaps and Secrets that kustomizations in the set generate (configMapGenerator, secretGenerator),
 * as "Kind/name". When a build cannot be rendered its files are linted one by one, and references to
 * generated objects must not read as missing.
 */
export function kustomizeGeneratedNames(model: Model): Set<string> {
  const out = new Set<string>();
  for (const doc of unrenderedKustomizations(model)) {
    for (const [field, kind] of [["configMapGenerator", "ConfigMap"], ["secretGenerator", "Secret"]] as const) {
      const list = doc.value[field];
      if (!Array.isArray(list)) continue;
      for (const g of list) if (isRecord(g) && typeof g.name === "string") out.add(`${kind}/${g.name}`);
    }
  }
  return out;
}
