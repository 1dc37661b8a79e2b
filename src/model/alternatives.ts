import path from "node:path";
import type { ModelSettings, ResourceSource } from "./model.js";
import { namespaceOfSource } from "./gitops-roots.js";
import { apiGroup } from "./resource.js";
import { isRecord } from "./pod-spec.js";
import { isClusterScoped } from "./scope.js";

/** Kinds that moved out of the `extensions` group: the same object under either apiVersion. */
const MOVED_FROM_EXTENSIONS: Record<string, string> = {
  Deployment: "apps",
  DaemonSet: "apps",
  ReplicaSet: "apps",
  Ingress: "networking.k8s.io",
  NetworkPolicy: "networking.k8s.io",
  PodSecurityPolicy: "policy",
};

/** Group/kind/namespace/name: what the API server identifies an object by (versions of a group are one object). */
export function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  let group = apiGroup(apiVersion);
  if (group === "extensions" && MOVED_FROM_EXTENSIONS[kind]) group = MOVED_FROM_EXTENSIONS[kind];
  return `${group}\u0000${kind}\u0000${namespace ?? ""}\u0000${name}`;
}

/** A file of a family of alternatives and the earlier alternative it shares the most objects with. */
export interface VariantPair {
  /** Absolute path of the later file. */
  file: string;
  /** Display path of the earlier file. */
  other: string;
  shared: number;
  /** Identities of the objects both define. */
  sharedIds: ReadonlySet<string>;
}

/** One set of the plain files: what they share, plus one alternative of each family. */
export interface PlainSet {
  sources: ResourceSource[];
  /** The alternative files it holds (display paths): how findings that only this set reports name it. */
  label?: string;
  /** The pair whose later file this set holds (the duplicate-object warning between alternatives). */
  variant?: VariantPair;
}

/** An object defined by more files than this is an accident, not a family of variants: not paired. */
const MAX_DEFINITIONS_PAIRED = 32;
/** Fewer shared objects than this are a handful defined twice by accident, unless the names say variant. */
const MIN_SHARED_FOR_BUNDLE = 5;

function withoutNamespace(id: string): string {
  const parts = id.split("\u0000");
  return `${parts[0]}\u0000${parts[1]}\u0000${parts[3]}`;
}

function identityOf(s: ResourceSource, settings: ModelSettings): string | undefined {
  const meta = isRecord(s.object.metadata) ? s.object.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : "";
  if (name === "") return undefined;
  const ns = isClusterScoped(s.object.kind) ? undefined : namespaceOfSource(s, typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : undefined, settings);
  return objectIdentity(s.object.apiVersion, s.object.kind, ns, name);
}

/**
 * Files that define largely the same objects are alternatives (install.yaml and ha/install.yaml,
 * app.yaml and app.selinux.yaml), not an accident: each is linted as its own set, with the files that
 * are in no family. Two files are alternatives when at least half of each one's objects are in the
 * other (at least five, or any number when one file's name extends the other's: app.selinux.yaml),
 * or when one repeats at least five objects of the other and nearly all of its own (a committed piece
 * of a generated bundle; any number when the names say variant: db.yaml inside db-secure.yaml).
 * A handful of objects defined twice stays a duplicate.
 */
export function splitAlternatives(sources: readonly ResourceSource[], settings: ModelSettings): PlainSet[] {
  const idsOf = new Map<string, Set<string>>();
  const display = new Map<string, string>();
  const filesOf = new Map<string, string[]>();
  const renderedIds = new Map<string, Set<string>>();
  const filesOfName = new Map<string, string[]>();
  // Files by name across namespaces serve only to find bundles that rendered roots generate: with no
  // rendered object, their keys (a split and a join per object) are not made.
  const anyRendered = sources.some((s) => s.renderedFrom !== undefined);
  for (const s of sources) {
    const id = identityOf(s, settings);
    if (id === undefined) continue;
    if (s.renderedFrom !== undefined) {
      let ids = renderedIds.get(s.renderedFrom);
      if (!ids) renderedIds.set(s.renderedFrom, (ids = new Set()));
      ids.add(withoutNamespace(id));
      continue;
    }
    const file = s.file.path;
    display.set(file, s.file.display);
    let ids = idsOf.get(file);
    if (!ids) idsOf.set(file, (ids = new Set()));
    if (ids.has(id)) continue;
    ids.add(id);
    const files = filesOf.get(id);
    if (files) files.push(file);
    else filesOf.set(id, [file]);
    if (!anyRendered) continue;
    const bare = withoutNamespace(id);
    const named = filesOfName.get(bare);
    if (!named) filesOfName.set(bare, [file]);
    else if (named[named.length - 1] !== file) named.push(file);
  }
  // A bundle generated from Kustomize directories is often applied with -n: namespaces may differ.
  const generates = generatedBy(renderedIds, filesOfName);
  const shared = new Map<string, Map<string, number>>();
  const bump = (a: string, b: string) => {
    let m = shared.get(a);
    if (!m) shared.set(a, (m = new Map()));
    m.set(b, (m.get(b) ?? 0) + 1);
  };
  for (const files of filesOf.values()) {
    if (files.length < 2 || files.length > MAX_DEFINITIONS_PAIRED) continue;
    for (let i = 0; i < files.length; i++) for (let j = i + 1; j < files.length; j++) {
      bump(files[i], files[j]);
      bump(files[j], files[i]);
    }
  }
  const alternativesOf = new Map<string, Map<string, number>>();
  for (const [a, m] of shared) {
    const na = idsOf.get(a)!.size;
    for (const [b, s] of m) {
      const nb = idsOf.get(b)!.size;
      const named = isVariantName(display.get(a)!, display.get(b)!);
      const variants = s * 2 >= na && s * 2 >= nb && (s >= MIN_SHARED_FOR_BUNDLE || named);
      // A committed piece of a bundle; or a plain file whose objects its variant all repeats, next to
      // objects only the variant needs (db.yaml and db-secure.yaml, which adds the RBAC for its certificates).
      const part = (s >= MIN_SHARED_FOR_BUNDLE || named) && s * 5 >= Math.min(na, nb) * 4;
      if (!variants && !part) continue;
      let alt = alternativesOf.get(a);
      if (!alt) alternativesOf.set(a, (alt = new Map()));
      alt.set(b, s);
    }
  }
  if (alternativesOf.size === 0) return [{ sources: withoutGenerated(sources, new Set(idsOf.keys()), generates) }];

  // Families: connected alternatives. The primary is the plainest name (install.yaml before
  // ha/install.yaml, app.yaml before app.selinux.yaml); the others follow it breadth-first.
  const byPlainness = [...alternativesOf.keys()].sort((a, b) => plainness(display.get(a)!, display.get(b)!));
  const familyOf = new Map<string, number>();
  const families: string[][] = [];
  const pairs = new Map<string, VariantPair>();
  for (const start of byPlainness) {
    if (familyOf.has(start)) continue;
    const family = [start];
    familyOf.set(start, families.length);
    for (let i = 0; i < family.length; i++) {
      const next = [...alternativesOf.get(family[i])!.keys()].filter((f) => !familyOf.has(f)).sort((a, b) => plainness(display.get(a)!, display.get(b)!));
      for (const f of next) {
        familyOf.set(f, families.length);
        family.push(f);
        // Paired with the earlier alternative it shares the most with.
        let best = family[0];
        let most = -1;
        for (const e of family) {
          const s = e === f ? -1 : (alternativesOf.get(f)!.get(e) ?? -1);
          if (s > most) [best, most] = [e, s];
        }
        const bestIds = idsOf.get(best)!;
        pairs.set(f, { file: f, other: display.get(best)!, shared: most, sharedIds: new Set([...idsOf.get(f)!].filter((id) => bestIds.has(id))) });
      }
    }
    families.push(family);
  }
  // Each set keeps the documents in their order (apply order depends on it).
  const setOf = (chosen: ReadonlySet<string>) => {
    const plain = sources.filter((s) => s.renderedFrom !== undefined || !familyOf.has(s.file.path) || chosen.has(s.file.path));
    return withoutGenerated(plain, new Set([...idsOf.keys()].filter((f) => !familyOf.has(f) || chosen.has(f))), generates);
  };
  const primaries = families.map((f) => f[0]);
  const sets: PlainSet[] = [{ sources: setOf(new Set(primaries)), label: primaries.map((f) => display.get(f)!).join(", ") }];
  for (const family of families) {
    const others = primaries.filter((p) => p !== family[0]);
    for (const f of family.slice(1)) sets.push({ sources: setOf(new Set([...others, f])), label: display.get(f)!, variant: pairs.get(f) });
  }
  return sets;
}

/**
 * Rendered roots whose output a committed file contains (the Kustomize directories that generate a
 * bundle): label → those files. Their objects are not a second definition of the bundle's.
 */
function generatedBy(renderedIds: ReadonlyMap<string, ReadonlySet<string>>, filesOf: ReadonlyMap<string, readonly string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [label, ids] of renderedIds) {
    const shared = new Map<string, number>();
    for (const id of ids) for (const f of filesOf.get(id) ?? []) shared.set(f, (shared.get(f) ?? 0) + 1);
    for (const [f, n] of shared) {
      if (n < MIN_SHARED_FOR_BUNDLE || n * 2 < ids.size) continue;
      let files = out.get(label);
      if (!files) out.set(label, (files = new Set()));
      files.add(f);
    }
  }
  return out;
}

/** A set's sources without the rendered context that one of its files already holds as a committed bundle. */
function withoutGenerated(sources: readonly ResourceSource[], files: ReadonlySet<string>, generates: ReadonlyMap<string, ReadonlySet<string>>): ResourceSource[] {
  if (generates.size === 0) return [...sources];
  const dropped = new Set([...generates].filter(([, bundles]) => [...bundles].some((f) => files.has(f))).map(([label]) => label));
  return dropped.size === 0 ? [...sources] : sources.filter((s) => s.renderedFrom === undefined || !dropped.has(s.renderedFrom));
}

/** `app.selinux.yaml` beside `app.yaml`, `app-v2.yaml` beside `app.yaml`: one name extends the other's. */
function isVariantName(a: string, b: string): boolean {
  if (path.dirname(a) !== path.dirname(b)) return false;
  const stem = (f: string) => path.basename(f).replace(/\.(ya?ml|json)$/i, "");
  const [x, y] = [stem(a), stem(b)].sort((p, q) => p.length - q.length);
  return x !== y && y.startsWith(x) && /^[._-]/.test(y.slice(x.length));
}

/** Fewer directories, then a shorter name, then lexical: `install.yaml` < `ha/install.yaml` < `x.selinux.yaml`. */
function plainness(a: string, b: string): number {
  const da = a.split("/").length;
  const db = b.split("/").length;
  const ba = path.basename(a);
  const bb = path.basename(b);
  return da - db || ba.length - bb.length || (a < b ? -1 : a > b ? 1 : 0);
}
