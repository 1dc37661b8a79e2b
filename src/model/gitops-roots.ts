import path from "node:path";
import type { Model } from "./model.js";
import type { KubeObject, Resource } from "./resource.js";
import { isRecord } from "./pod-spec.js";
import { matchSegment, matchesSegments } from "./go-path-match.js";

/** An object and the file it is placed at: a Resource, or a source not yet modelled. */
interface Placed {
  file: { path: string };
  object: KubeObject;
  renderedFrom?: string;
}

/** A directory a GitOps controller of the set applies as one unit, apart from every other. */
export interface AppliedDir {
  /** The directory, with a trailing separator. */
  dir: string;
  /** Whether files in its subdirectories are applied with it (Flux: always; Argo CD: `directory.recurse`). */
  recursive: boolean;
  /**
   * The namespace its namespaced objects are created in: Argo CD's `destination.namespace` for objects
   * that set none, Flux's `targetNamespace` for every one (`override`). Unset where two controllers
   * apply the directory to different namespaces.
   */
  namespace?: string;
  override?: boolean;
  /**
   * What its objects are applied apart from others by, one entry per controller applying it: the
   * cluster an Argo CD Application syncs it to (two directories synced to one cluster put their objects
   * side by side there), else the directory itself (a Flux Kustomization: one per cluster, which the
   * manifests do not say; an Application whose destination is templated), or, for a Component, the
   * directory whose build Flux adds it to.
   */
  scopes: string[];
  /**
   * For a Kustomize Component a Flux Kustomization names (`spec.components`): the applied directories
   * whose builds Flux adds it to, each with a trailing separator. Its objects are applied with theirs.
   */
  addedTo?: string[];
  /** With `addedTo`: a controller also applies it as a directory of its own. */
  alone?: boolean;
  /**
   * Whether a controller applying it may replace `${…}` variables in its objects: a Flux Kustomization
   * whose postBuild names variables, and Argo CD (whose plugins may), but not a Flux Kustomization
   * without them, which applies `${REPLICAS:=1}` as written.
   */
  variables: boolean;
}

/** The API group of Flux's Kustomization (kustomize-controller), not Kustomize's own kustomization file. */
const FLUX_KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io/";
const ARGO_CD_GROUP = "argoproj.io/";

/**
 * The directories the run's GitOps controllers apply: a Flux Kustomization's `spec.path`, an Argo CD
 * Application's `spec.source.path` (or each of `spec.sources`). Each is reconciled on its own, so
 * `clusters/staging/` and `clusters/production/`, or the directories of two Applications, are applied
 * apart, as Kustomize roots are with `kubectl apply -k`.
 */
export function gitopsAppliedDirs(model: Model): readonly AppliedDir[] {
  return model.settings.gitopsApplied ?? gitopsAppliedDirsOf(model.index.all());
}

/**
 * What a run's objects and files say (gitopsAppliedDirs): every set's, Kustomize roots' included, so
 * that a bootstrapped repository's flux-system Kustomization, which applies clusters/staging/ from a
 * Kustomize root of its own, separates the plain files it applies.
 *
 * A path is relative to the root of the controller's source (its Git repository), which the run does
 * not know: it is resolved against the nearest directory above the applying object's own file under
 * which it names a directory holding files of the set. A path to the source's root itself takes
 * everything and separates nothing, so it is left out.
 */
export function gitopsAppliedDirsOf(objects: readonly Placed[], renderedRoots: readonly string[] = []): AppliedDir[] {
  // Most runs have none: nothing else is looked at then.
  const appliers = objects.filter(isApplier);
  if (appliers.length === 0) return [];
  // Every directory holding a file of the set or a rendered root, or one below it: a lookup per
  // candidate, not a scan.
  const holding = new Set<string>();
  const hold = (start: string) => {
    for (let dir = start; !holding.has(dir); dir = path.dirname(dir)) {
      holding.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  };
  for (const r of objects) if (r.renderedFrom === undefined && path.isAbsolute(r.file.path)) hold(path.dirname(r.file.path));
  for (const root of renderedRoots) if (path.isAbsolute(root)) hold(root);
  // The holding directories under each, for ApplicationSets' patterns: made once, when one is there.
  let children: Map<string, string[]> | undefined;
  const childrenOf = () => {
    if (children) return children;
    children = new Map();
    for (const dir of holding) {
      const parent = path.dirname(dir);
      if (parent === dir) continue;
      let list = children.get(parent);
      if (!list) children.set(parent, (list = []));
      list.push(dir);
    }
    return children;
  };
  const out = new Map<string, AppliedDir>();
  // Directories applied without variables, with the files of the Kustomizations that apply them; and
  // directories applied by a Kustomization whose patches may give the Kustomizations it applies a
  // postBuild (a cluster's Kustomization giving every app's its settings): theirs is not known.
  const withoutVariables = new Map<AppliedDir, string[]>();
  const givingPostBuild: string[] = [];
  for (const a of appliers) {
    if (!path.isAbsolute(a.file.path)) continue;
    const resolved =
      a.object.kind === "ApplicationSet"
        ? generatedApplications(a.object).flatMap((g) =>
            resolveDirectoryPattern(a.file.path, g.pattern, childrenOf()).flatMap(({ dir, segments }) => {
              const applied = g.applied(dir, segments);
              return applied === undefined ? [] : [{ dir, applied }];
            }),
          )
        : appliedPaths(a.object).flatMap((applied) => {
            const dir = resolveApplied(a.file.path, applied.path, holding);
            return dir === undefined ? [] : [{ dir, applied }];
          });
    // A Flux Kustomization's Components (relative to its path) are built with the path: applied
    // as it is, into its namespace.
    const components = resolved.flatMap(({ dir, applied }) =>
      (applied.components ?? []).flatMap((c) => {
        const component = path.resolve(dir, c);
        return holding.has(component) && component !== dir ? [{ dir: component, applied: { ...applied, components: undefined }, addedTo: dir + path.sep }] : [];
      }),
    );
    const placed: Array<{ dir: string; applied: AppliedPath; addedTo?: string }> = [...resolved, ...components];
    if (patchesPostBuild(a.object)) for (const { dir } of placed) givingPostBuild.push(dir + path.sep);
    for (const { dir, applied, addedTo } of placed) {
      const key = dir + path.sep;
      const scope = applied.cluster !== undefined ? `cluster ${applied.cluster}` : (addedTo ?? key);
      let seen = out.get(key);
      if (!seen) {
        out.set(
          key,
          (seen = {
            dir: key,
            recursive: applied.recursive,
            ...(applied.namespace !== undefined ? { namespace: applied.namespace, override: applied.override } : {}),
            scopes: [scope],
            ...(addedTo !== undefined ? { addedTo: [addedTo] } : {}),
            variables: applied.variables,
          }),
        );
        if (!applied.variables) withoutVariables.set(seen, [a.file.path]);
        continue;
      }
      seen.variables ||= applied.variables;
      if (!applied.variables) withoutVariables.get(seen)?.push(a.file.path);
      // A directory applied on its own and added to builds as a Component is both.
      if (addedTo === undefined) {
        if (seen.addedTo) seen.alone = true;
      } else if (!seen.addedTo) {
        seen.addedTo = [addedTo];
        seen.alone = true;
      } else if (!seen.addedTo.includes(addedTo)) seen.addedTo.push(addedTo);
      seen.recursive ||= applied.recursive;
      if (!seen.scopes.includes(scope)) seen.scopes.push(scope);
      // Applied to two namespaces (or once without one): which one an object is in depends on the copy.
      if (seen.namespace !== applied.namespace || seen.override !== applied.override) {
        delete seen.namespace;
        delete seen.override;
      }
    }
  }
  for (const [dir, files] of withoutVariables) if (files.some((f) => givingPostBuild.some((d) => f.startsWith(d)))) dir.variables = true;
  return [...out.values()];
}

/** Whether a Flux Kustomization's patches (of the objects it applies) may set a postBuild. */
function patchesPostBuild(object: KubeObject): boolean {
  if (object.kind !== "Kustomization" || !isRecord(object.spec)) return false;
  const { patches, patchesStrategicMerge, patchesJson6902 } = object.spec;
  return [patches, patchesStrategicMerge, patchesJson6902].some((p) => {
    if (p === undefined) return false;
    try {
      return JSON.stringify(p).includes("postBuild");
    } catch {
      return true; // A value that holds itself (YAML aliases): what it patches is not known.
    }
  });
}

/** Each run's applied directories by directory, made on first use: every object's file is looked up. */
const dirIndexes = new WeakMap<readonly AppliedDir[], Map<string, AppliedDir>>();

/**
 * The applied directories a file is applied with, deepest first: a recursive one it is under, or the
 * one it sits in. A lookup per directory above the file, not a scan of every applied directory: a
 * repository of thousands of Applications has thousands of files too.
 */
export function appliedDirsOfFile(dirs: readonly AppliedDir[], file: string): AppliedDir[] {
  if (dirs.length === 0) return [];
  let byDir = dirIndexes.get(dirs);
  if (!byDir) dirIndexes.set(dirs, (byDir = new Map(dirs.map((d) => [d.dir, d]))));
  const out: AppliedDir[] = [];
  const own = path.dirname(file);
  for (let dir = own; ; dir = path.dirname(dir)) {
    const d = byDir.get(dir.endsWith(path.sep) ? dir : dir + path.sep);
    if (d && (d.recursive || dir === own)) out.push(d);
    if (path.dirname(dir) === dir) return out;
  }
}

/** What a file's objects are applied apart from others by (AppliedDir.scopes): none outside every applied directory. */
export function scopesOfFile(dirs: readonly AppliedDir[], file: string): string[] {
  return appliedDirsOfFile(dirs, file).flatMap((d) => d.scopes);
}

/**
 * Whether objects applied by `own` and by `theirs` (the scopes, or roots, each is applied apart by) are
 * applied together: where one scope takes both, or where either is in none (a plain file applied as it
 * is, or a rendered object).
 */
export function appliedTogether(own: readonly string[], theirs: readonly string[]): boolean {
  return own.length === 0 || theirs.length === 0 || theirs.some((s) => own.includes(s));
}

/**
 * The namespace a controller gives an object of `file` (or of a root rendered at `root`), and whether it
 * replaces the object's own: the deepest applied directory that takes it and names one.
 */
export function appliedNamespace(dirs: readonly AppliedDir[], file: string): { namespace: string; override: boolean } | undefined {
  const best = appliedDirsOfFile(dirs, file).find((d) => d.namespace !== undefined);
  return best ? { namespace: best.namespace!, override: best.override === true } : undefined;
}

/** Flux's label or annotation with which its post-build substitution leaves an object as written. */
const SUBSTITUTE_KEY = "kustomize.toolkit.fluxcd.io/substitute";

/**
 * Whether the deploy may replace the object's `${…}` variables (Flux's post-build substitution,
 * envsubst), which the schema then reads as their defaults. Not for an object labelled or annotated
 * `kustomize.toolkit.fluxcd.io/substitute: disabled`, which Flux skips, nor for one that only Flux
 * Kustomizations without variables apply: Flux substitutes nothing, defaults included, unless postBuild
 * names a variable (or substituteStrategy is Always). Where no controller of the set applies the object
 * (envsubst, a controller elsewhere) the deploy is not known, and it may.
 */
export function substitutesVariables(model: Model, resource: Resource): boolean {
  const meta = resource.object.metadata;
  if (isRecord(meta) && ((isRecord(meta.labels) && meta.labels[SUBSTITUTE_KEY] === "disabled") || (isRecord(meta.annotations) && meta.annotations[SUBSTITUTE_KEY] === "disabled"))) return false;
  const dirs = model.settings.gitopsApplied;
  if (!dirs || dirs.length === 0) return true;
  // A rendered object is applied with its root; a plain one with its file.
  const root = resource.renderedFrom !== undefined ? model.settings.renderedRoots?.get(resource.renderedFrom) : undefined;
  if (resource.renderedFrom !== undefined && root === undefined) return true;
  const file = root !== undefined ? path.join(root, "kustomization.yaml") : resource.file.path;
  // Every object of a file or root is applied alike: looked up once per run and file, not per object.
  let known = substitutingFiles.get(dirs);
  if (!known) substitutingFiles.set(dirs, (known = new Map()));
  let substitutes = known.get(file);
  if (substitutes === undefined) {
    const applying = appliedDirsOfFile(dirs, file);
    known.set(file, (substitutes = applying.length === 0 || applying.some((d) => d.variables)));
  }
  return substitutes;
}
const substitutingFiles = new WeakMap<readonly AppliedDir[], Map<string, boolean>>();

/** Whether a Flux Kustomization's postBuild makes it substitute: a variable inline or from a ConfigMap or Secret, or substituteStrategy Always. */
function fluxVariables(postBuild: unknown): boolean {
  if (!isRecord(postBuild)) return false;
  return (isRecord(postBuild.substitute) && Object.keys(postBuild.substitute).length > 0) || (Array.isArray(postBuild.substituteFrom) && postBuild.substituteFrom.length > 0) || postBuild.substituteStrategy === "Always";
}

function isApplier(r: Placed): boolean {
  const { kind, apiVersion } = r.object;
  if (typeof apiVersion !== "string") return false;
  return (kind === "Kustomization" && apiVersion.startsWith(FLUX_KUSTOMIZE_GROUP)) || ((kind === "Application" || kind === "ApplicationSet") && apiVersion.startsWith(ARGO_CD_GROUP));
}

interface AppliedPath {
  path: string;
  recursive: boolean;
  namespace?: string;
  override?: boolean;
  /** The cluster an Argo CD Application syncs to (see destinationCluster). */
  cluster?: string;
  /** Flux's `spec.components`: Kustomize Components' directories, relative to `path`. */
  components?: string[];
  /** See AppliedDir.variables. */
  variables: boolean;
}

/** The directories one applying object names, each with what it does to their objects' namespaces. */
function appliedPaths(object: KubeObject): AppliedPath[] {
  const spec = object.spec;
  if (!isRecord(spec)) return [];
  if (object.kind === "Kustomization") {
    // Flux builds the directory with Kustomize (every manifest under it when it has no kustomization)
    // and sets targetNamespace on every namespaced object, as Kustomize's `namespace:` does.
    const p = sourcePath(spec.path);
    if (p === undefined) return [];
    const ns = nonEmpty(spec.targetNamespace);
    const components = Array.isArray(spec.components) ? spec.components.flatMap((c) => (typeof c === "string" && c.trim() !== "" && !c.includes("{{") && !c.includes("${") ? [c.trim()] : [])) : [];
    return [{ path: p, recursive: true, ...(ns !== undefined ? { namespace: ns, override: true } : {}), ...(components.length > 0 ? { components } : {}), variables: fluxVariables(spec.postBuild) }];
  }
  // Argo CD creates namespaced objects that set no namespace in destination.namespace; a directory
  // source takes the files of the directory itself unless directory.recurse is set.
  const destination = isRecord(spec.destination) ? spec.destination : {};
  const ns = nonEmpty(destination.namespace);
  const cluster = destinationCluster(destination);
  const sources = Array.isArray(spec.sources) ? spec.sources : [spec.source];
  const out: AppliedPath[] = [];
  for (const s of sources) {
    if (!isRecord(s)) continue;
    const p = sourcePath(s.path);
    if (p === undefined) continue;
    const directory = isRecord(s.directory) ? s.directory : {};
    out.push({ path: p, recursive: directory.recurse === true, ...(ns !== undefined ? { namespace: ns, override: false } : {}), ...(cluster !== undefined ? { cluster } : {}), variables: true });
  }
  return out;
}

/** The address Argo CD gives its own cluster, which its destination may also name `in-cluster`. */
const IN_CLUSTER = "https://kubernetes.default.svc";

/**
 * The cluster an Argo CD destination names: its server URL, or its cluster name (`in-cluster` is the
 * server Argo CD runs in); undefined when it names none or a templated one.
 */
function destinationCluster(destination: Record<string, unknown>): string | undefined {
  const server = nonEmpty(destination.server);
  if (server !== undefined) return server.replace(/\/+$/, "");
  const name = nonEmpty(destination.name);
  if (name === undefined) return undefined;
  return name === "in-cluster" ? IN_CLUSTER : `name ${name}`;
}

/**
 * The Applications an ApplicationSet's Git directory generators make, one per directory matching a
 * pattern (`apps/*`), when its template syncs that directory (`source.path: '{{path}}'`, or
 * `'{{.path.path}}'` with Go templates) into a namespace it names or takes from the directory's name
 * (`'{{path.basename}}'`). Directories a generator excludes are left out. Other generators (lists,
 * clusters, matrices) make Applications whose directories the template does not name this way.
 */
function generatedApplications(object: KubeObject): Array<{ pattern: string; applied: (dir: string, segments: readonly string[]) => AppliedPath | undefined }> {
  const spec = object.spec;
  if (!isRecord(spec) || !Array.isArray(spec.generators)) return [];
  const template = isRecord(spec.template) && isRecord(spec.template.spec) ? spec.template.spec : undefined;
  const source = template && isRecord(template.source) ? template.source : undefined;
  // Go templates (goTemplate: true) name the generator's parameters with a leading dot, fasttemplate without:
  // a template written in the other syntax makes no Application of that directory.
  const dot = spec.goTemplate === true ? "." : "";
  const pathTemplate = source && typeof source.path === "string" ? TEMPLATE_PATH.exec(source.path) : null;
  if (!template || !source || !pathTemplate || (pathTemplate[1].startsWith(".") ? "." : "") !== dot) return [];
  const destination = isRecord(template.destination) ? template.destination : {};
  const cluster = destinationCluster(destination);
  const namespace = destination.namespace;
  const named = typeof namespace === "string" ? TEMPLATE_BASENAME.exec(namespace) : null;
  const fromName = named !== null && named[1] === dot ? named : null;
  const normalized = fromName?.[2] === "basenameNormalized";
  const literal = fromName ? undefined : nonEmpty(namespace);
  const directory = isRecord(source.directory) ? source.directory : {};
  const recursive = directory.recurse === true;
  const out: Array<{ pattern: string; applied: (dir: string, segments: readonly string[]) => AppliedPath | undefined }> = [];
  for (const g of spec.generators) {
    const git = isRecord(g) && isRecord(g.git) ? g.git : undefined;
    if (!git || !Array.isArray(git.directories)) continue;
    const entries = git.directories.filter(isRecord);
    const excluded = entries.filter((e) => e.exclude === true).flatMap((e) => (typeof e.path === "string" ? [patternSegments(e.path)] : []));
    for (const e of entries) {
      if (e.exclude === true || typeof e.path !== "string") continue;
      const pattern = trimPattern(e.path);
      if (pattern === "" || pattern === "." || pattern.startsWith("..")) continue;
      out.push({
        pattern,
        applied: (dir, segments) => {
          // Argo CD matches an exclude pattern, as an include one, against the whole path from the
          // repository's root: `legacy` excludes legacy/, not apps/legacy/.
          if (excluded.some((x) => matchesSegments(segments, x))) return undefined;
          const ns = fromName ? (normalized ? normalizedName(path.basename(dir)) : path.basename(dir)) : literal;
          return { path: pattern, recursive, ...(ns !== undefined ? { namespace: ns, override: false } : {}), ...(cluster !== undefined ? { cluster } : {}), variables: true };
        },
      });
    }
  }
  return out;
}

/** A pattern without its leading `./` or `/` and trailing `/`. */
function trimPattern(pattern: string): string {
  return pattern.trim().replace(/^(?:\.\/)+|^\/+/, "").replace(/\/+$/, "");
}

/** `{{path}}`, `{{ .path.path }}`: the generated directory's path, the whole of source.path. */
const TEMPLATE_PATH = /^\s*\{\{\s*(path|\.path\.path)\s*\}\}\s*$/;
/** `{{path.basename}}`, `{{ .path.basename }}`: the generated directory's name; `basenameNormalized`, that name made a DNS name. */
const TEMPLATE_BASENAME = /^\s*\{\{\s*(\.?)path\.(basename|basenameNormalized)\s*\}\}\s*$/;

/**
 * A directory's name as the generator's basenameNormalized gives it (Argo CD's SanitizeName): lower
 * case, each character other than a-z, 0-9, '-' and '.' made '-', at most 253 characters, without
 * leading or trailing '-' and '.'.
 */
function normalizedName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-a-z0-9.]/gu, "-")
    .slice(0, 253)
    .replace(/^[-.]+|[-.]+$/g, "");
}

/** A generator's directory pattern (`apps/*`), segment by segment. */
function patternSegments(pattern: string): string[] {
  return trimPattern(pattern).split("/");
}

/**
 * The directories holding files of the set that a generator's pattern names, resolved as a path is
 * (resolveApplied): against the nearest directory above the ApplicationSet's file under which it names
 * any. Each comes with its path's segments below that directory, the path Argo CD matches patterns against.
 */
function resolveDirectoryPattern(from: string, pattern: string, children: ReadonlyMap<string, readonly string[]>): Array<{ dir: string; segments: string[] }> {
  const segments = patternSegments(pattern);
  for (let base = path.dirname(from); ; base = path.dirname(base)) {
    // Segment by segment down from the base: only the directories each step can reach are looked at.
    let frontier = [base];
    for (const segment of segments) {
      const next: string[] = [];
      for (const d of frontier) for (const c of children.get(d) ?? []) if (matchSegment(segment, path.basename(c))) next.push(c);
      frontier = next;
      if (frontier.length === 0) break;
    }
    if (frontier.length > 0) {
      const prefix = base.endsWith(path.sep) ? base : base + path.sep;
      return frontier.map((dir) => ({ dir, segments: dir.slice(prefix.length).split(path.sep) }));
    }
    if (path.dirname(base) === base) return [];
  }
}

/** The directory nearest above `from` under which `applied` names a directory holding files of the set. */
function resolveApplied(from: string, applied: string, holding: ReadonlySet<string>): string | undefined {
  for (let base = path.dirname(from); ; base = path.dirname(base)) {
    const dir = path.join(base, applied);
    if (holding.has(dir)) return dir;
    if (path.dirname(base) === base) return undefined;
  }
}

/** A path without its leading `./` and trailing `/`; undefined for none, a template, or the source's root. */
function sourcePath(v: unknown): string | undefined {
  if (typeof v !== "string" || v.includes("{{")) return undefined;
  const p = path.posix.normalize(v.trim().replace(/^\/+/, "")).replace(/\/+$/, "");
  if (p === "" || p === "." || p.startsWith("..")) return undefined;
  return p;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" && !v.includes("{{") && !v.includes("${") ? v.trim() : undefined;
}

/**
 * The namespace a GitOps controller of the run creates an object of `s` in (see AppliedDir.namespace),
 * and whether it replaces the one the object sets; a rendered object is placed by its root.
 */
export function controllerNamespace(
  s: { file: { path: string }; renderedFrom?: string },
  settings: { gitopsApplied?: readonly AppliedDir[]; renderedRoots?: ReadonlyMap<string, string> },
): { namespace: string; override: boolean } | undefined {
  const dirs = settings.gitopsApplied;
  if (dirs === undefined || dirs.length === 0) return undefined;
  if (s.renderedFrom === undefined) return appliedNamespace(dirs, s.file.path);
  const root = settings.renderedRoots?.get(s.renderedFrom);
  // Any name in the root directory: the root is applied as its directory is.
  return root === undefined ? undefined : appliedNamespace(dirs, path.join(root, "kustomization.yaml"));
}

/** The namespace a namespaced object of `s` is created in, given the one it sets (`written`). */
export function namespaceOfSource(
  s: { file: { path: string }; renderedFrom?: string },
  written: string | undefined,
  settings: { defaultNamespace: string; gitopsApplied?: readonly AppliedDir[]; renderedRoots?: ReadonlyMap<string, string> },
): string {
  const controlled = controllerNamespace(s, settings);
  return controlled?.override ? controlled.namespace : (written ?? controlled?.namespace ?? settings.defaultNamespace);
}
