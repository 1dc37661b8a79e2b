import path from "node:path";
import { parseAllDocuments } from "yaml";
import { isManifestName } from "../load/discover.js";
import { generatorSources } from "../model/generator-sources.js";
import { KUSTOMIZATION_NAMES } from "../render/kustomization.js";

/**
 * What a commit's deletions can break outside its own directories (staged.ts lints those and their
 * parents anyway): the directories whose files name a deleted object (a reference to it, or an object
 * in a deleted Namespace) and the Kustomize roots whose kustomization names a deleted path (a base, a
 * resource, a patch, a generator's input). Found cheaply, so that the cost follows the commit: the
 * objects of the deleted files that the commit does not add back (a rename or a move keeps them) are
 * looked up by name with one `git grep` of the index, and the kustomizations that can name a deleted
 * path (one that has a word of it, or one below a deleted kustomization) are the only ones read.
 * Candidates, not verdicts: staged.ts lints them as context as HEAD has them and as the index has them,
 * and reports only what the commit adds.
 */
export interface Deletions {
  /** Manifests deleted or renamed away (repository-relative, "/"). */
  removed: readonly string[];
  /** Every path deleted or renamed away, manifest or not (a generator's env file). */
  deleted: readonly string[];
  /** Manifests the commit adds or changes. */
  changed: readonly string[];
  /** Every path of the index. */
  index: readonly string[];
  /** The revision the change starts from: HEAD for a commit, the merge base for a range. */
  base: string;
  /** git's environment for the index (GIT_INDEX_FILE holding a range's TO tree), as `git` uses it. */
  env?: NodeJS.ProcessEnv;
}

type Git = (args: string[], input?: string) => string;

const dirOf = (file: string) => (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "");
const KUSTOMIZATIONS = new Set(KUSTOMIZATION_NAMES);

/** Directories (repository-relative, "" for the top) to lint as context for the deletions. */
export function deletionCandidates(top: string, git: Git, d: Deletions): string[] {
  const dirs = new Set<string>();
  for (const f of objectReferrers(top, git, d)) dirs.add(dirOf(f));
  for (const k of kustomizationsNaming(top, git, d)) dirs.add(dirOf(k));
  return [...dirs].sort();
}

/** Blobs by revision (`HEAD:path`, `:path` for the index) with one `git cat-file --batch`; a missing one is left out. */
function readBlobs(top: string, revs: readonly string[], env: NodeJS.ProcessEnv | undefined): Map<string, string> {
  const out = new Map<string, string>();
  // A newline would end the request early: such a name is not read (its objects are not looked up).
  const wanted = revs.filter((r) => !r.includes("\n"));
  if (wanted.length === 0) return out;
  const buf = process.getBuiltinModule("node:child_process").execFileSync("git", ["cat-file", "--batch"], { cwd: top, env: env ? { ...process.env, ...env } : process.env, input: `${wanted.join("\n")}\n`, maxBuffer: 1024 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] });
  let at = 0;
  for (const rev of wanted) {
    const eol = buf.indexOf(10, at);
    if (eol < 0) break;
    const header = buf.toString("utf8", at, eol);
    at = eol + 1;
    const m = /^\S+ (\S+) (\d+)$/.exec(header);
    if (!m) continue; // "<rev> missing"
    const size = Number(m[2]);
    if (m[1] === "blob") out.set(rev, buf.toString("utf8", at, at + size));
    at += size + 1;
  }
  return out;
}

/** kind/namespace/name of each object a manifest's text defines (List items too), and the names of what does not parse. */
function objectsOf(text: string): { keys: Set<string>; loose: string[] } {
  const keys = new Set<string>();
  const add = (v: unknown) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.items) && typeof o.kind === "string" && o.kind.endsWith("List")) o.items.forEach(add);
    const meta = o.metadata && typeof o.metadata === "object" ? (o.metadata as Record<string, unknown>) : undefined;
    const name = meta?.name;
    if (typeof o.kind !== "string" || (typeof name !== "string" && typeof name !== "number")) return;
    keys.add(`${o.kind}\0${typeof meta?.namespace === "string" ? meta.namespace : ""}\0${name}`);
  };
  let parsed = true;
  try {
    for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
      if (doc.errors.length > 0) parsed = false;
      else add(doc.toJS()); // an alias bomb throws: its names are taken loosely
    }
  } catch {
    parsed = false;
  }
  // YAML that does not parse still names its objects: every `name:` value of it is looked up.
  const loose = parsed ? [] : [...text.matchAll(/^\s*-?\s*"?name"?\s*:\s*["']?([^\s"'#,{}[\]]+)/gm)].map((m) => m[1]);
  return { keys, loose };
}

const nameOf = (key: string) => key.slice(key.lastIndexOf("\0") + 1);

/** The index's manifests that write the name of an object the commit deletes (and does not add back). */
function objectReferrers(top: string, git: Git, d: Deletions): string[] {
  if (d.removed.length === 0) return [];
  const blobs = readBlobs(top, [...d.removed.map((f) => `${d.base}:${f}`), ...d.changed.map((f) => `:${f}`)], d.env);
  // Only objects that are gone: a renamed or moved file's objects break nothing.
  const kept = new Set(d.changed.flatMap((f) => [...objectsOf(blobs.get(`:${f}`) ?? "").keys]));
  const names = new Set<string>();
  for (const f of d.removed) {
    const { keys, loose } = objectsOf(blobs.get(`${d.base}:${f}`) ?? "");
    for (const k of keys) if (!kept.has(k)) names.add(nameOf(k));
    for (const n of loose) names.add(n);
  }
  const patterns = [...names].filter((n) => n !== "" && !n.includes("\n"));
  if (patterns.length === 0) return [];
  // Whole words (a name is a YAML scalar: quotes, spaces, ':' or '.' around it), fixed strings.
  return grepIndex(git, ["-F", "-w", "-f", "-"], patterns.join("\n"), [":(icase)*.yaml", ":(icase)*.yml", ":(icase)*.json"]).filter(isManifestName);
}

/** Files of the index that match (`git grep --cached -l`); none when nothing does (exit 1). */
function grepIndex(git: Git, args: string[], input: string, pathspecs: string[]): string[] {
  try {
    return git(["grep", "--cached", "-l", "-z", "-I", "--no-color", ...args, "--", ...pathspecs], input).split("\0").filter(Boolean);
  } catch (e) {
    if ((e as { status?: number }).status === 1) return [];
    throw e;
  }
}

/** Every local path a kustomization names, as written (relative to its directory). */
function namedPaths(k: Record<string, unknown>): string[] {
  const out: string[] = [];
  const take = (v: unknown) => {
    if (typeof v === "string" && v.trim() !== "" && !v.includes("\n")) out.push(v.trim());
  };
  for (const field of ["resources", "bases", "components", "crds", "configurations", "generators", "transformers", "validators", "patchesStrategicMerge"]) {
    if (Array.isArray(k[field])) (k[field] as unknown[]).forEach(take);
  }
  for (const field of ["patches", "patchesJson6902", "replacements"]) {
    if (Array.isArray(k[field])) for (const p of k[field] as unknown[]) if (p && typeof p === "object") take((p as Record<string, unknown>).path);
  }
  const openapi = k.openapi;
  if (openapi && typeof openapi === "object") take((openapi as Record<string, unknown>).path);
  out.push(...generatorSources(k));
  return out;
}

/** The index's kustomization files (not deleted) that name a deleted path or a directory that held one. */
function kustomizationsNaming(top: string, git: Git, d: Deletions): string[] {
  if (d.deleted.length === 0) return [];
  const deleted = new Set(d.deleted);
  const deletedDirs = new Set<string>();
  for (const f of d.deleted) for (let dir = dirOf(f); dir !== ""; dir = dirOf(dir)) deletedDirs.add(dir);
  // An entry names a deleted path by one of its words (`../../base`), or is all dots (`..`): a directory above it, one that lost its kustomization.
  const words = new Set<string>();
  for (const f of d.deleted) for (const part of f.split("/")) if (part !== "" && !part.includes("\n")) words.add(part);
  const kustomizations = d.index.filter((f) => KUSTOMIZATIONS.has(path.posix.basename(f)));
  if (kustomizations.length === 0) return [];
  const candidates = new Set(grepIndex(git, ["-F", "-w", "-f", "-"], [...words].join("\n"), KUSTOMIZATION_NAMES.map((n) => `:(glob)**/${n}`)));
  const lostRoots = d.deleted.filter((f) => KUSTOMIZATIONS.has(path.posix.basename(f))).map(dirOf);
  for (const k of kustomizations) if (lostRoots.some((r) => r === "" || k.startsWith(`${r}/`))) candidates.add(k);
  const wanted = kustomizations.filter((k) => candidates.has(k));
  const blobs = readBlobs(top, wanted.map((k) => `:${k}`), d.env);
  return wanted.filter((k) => {
    let value: unknown;
    try {
      value = parseAllDocuments(blobs.get(`:${k}`) ?? "")[0]?.toJS();
    } catch {
      return false; // its root's own build says what is wrong with it
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) return false;
    return namedPaths(value as Record<string, unknown>).some((entry) => {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.startsWith("git@")) return false; // remote
      const target = path.posix.normalize(path.posix.join(dirOf(k), entry)).replace(/\/+$/, "");
      if (target === ".." || target.startsWith("../")) return false;
      return target === "." || deleted.has(target) || deletedDirs.has(target);
    });
  });
}
