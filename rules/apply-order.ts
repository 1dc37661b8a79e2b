import path from "node:path";
import { defineRule } from "../src/engine/rule.js";
import type { ObjectPath, Severity } from "../src/types.js";
import { isRecord } from "../src/model/pod-spec.js";
import { apiGroup, describeResource, type Resource } from "../src/model/resource.js";
import type { SourceFile } from "../src/load/source-file.js";
import { kustomizeManagedFiles } from "../src/model/kustomize-managed.js";
import { appliedDirsOfFile, gitopsAppliedDirs } from "../src/model/gitops-roots.js";

/** Pod references whose absence makes pods fail or wait until it appears (the controllers retry): info. */
const POD_NEEDS: ReadonlySet<string> = new Set(["ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim"]);
/** Kinds a directory may hold and still be naturally applied first (setup/, crds/). */
const SETUP_KINDS: ReadonlySet<string> = new Set(["Namespace", "CustomResourceDefinition"]);

/** An object that needs another applied first for the apply itself not to fail (its Namespace, its kind's CRD). */
interface Need {
  resource: Resource;
  needed: Resource;
  path: ObjectPath;
  what: string;
}

/** Namespaces every cluster has before anything is applied. */
const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

export default defineRule({
  meta: {
    id: "apply-order",
    scope: "subject",
    title: "Objects must come after what they need in `kubectl apply -f DIR` order",
    category: "cross-resource",
    severity: "warning",
    description:
      "Follows the order `kubectl apply -f DIR` uses: files in lexical order, documents in file order, each directory applied on its own (apply -f does not recurse). Inside a directory, reports an object applied before its Namespace or before the CRD of its kind (errors: the apply fails), and a workload applied before the ConfigMaps, Secrets, ServiceAccounts and PVCs its pods use or its governing headless Service (info: the controllers retry until they exist; an error for a bare Pod before its ServiceAccount, which admission refuses). Across directories, reports once per pair of directories the order the objects require when it differs from the lexical one (info; a directory holding only Namespaces and CRDs, such as setup/ or crds/, is naturally first), and a warning when no directory order works (a cycle). With the option recursive: true, the whole tree is one `kubectl apply -R`. Not for Kustomize builds, which order by kind, nor for the directories a Flux Kustomization of the set applies (its spec.path), which Flux builds with Kustomize.",
    rationale:
      "Applying a directory is the deployment step most guides give (\"Namespace first\"). An object applied before its namespace or CRD is rejected, so the first apply fails half-way and only a second one succeeds; pods created before their ConfigMap, Secret or ServiceAccount wait until it appears. Projects that apply several directories say in which order (kube-prometheus: manifests/setup first); the order the objects need is worth knowing when it is not the obvious one.",
    remediation:
      "Move the needed object earlier: into the same file above the object that uses it, or into a file that sorts first (e.g. prefix file names with numbers: 00-namespace.yaml, 10-config.yaml, 20-app.yaml); across directories, apply the needed directory first (or move Namespaces and CRDs into a setup/ directory applied first), or apply with Kustomize, which orders by kind.",
    references: {
      guides: ["Caracal: create the namespace, ConfigMap and Secrets before the services", "Santaclaude: apply shared/namespace.yaml first"],
      links: ["https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/", "https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/"],
    },
    options: {
      recursive: {
        type: "boolean",
        default: false,
        description:
          "false (the default): each directory is applied on its own (`kubectl apply -f DIR`), in an order of your choosing: the order inside a directory is checked, and across directories the order the objects need is reported once per pair of directories (info), a cycle as a warning. true: the whole linted tree is one `kubectl apply -R -f DIR` (a directory's files before its subdirectories), checked as one order.",
      },
    },
    examples: {
      bad: "# app.yaml sorts before namespace.yaml\n# app.yaml\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n",
      good: "# 00-namespace.yaml\nkind: Namespace\nmetadata: {name: shop}\n# 10-app.yaml\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n",
    },
  },
  check({ model, report, options }) {
    // Kustomize orders its output by kind (Namespaces and CRDs first): file order does not matter there.
    if (model.settings.kustomizeRoot) return;
    const recursive = options.recursive === true;
    // Each file's directory once: the order checks ask for it several times per reference.
    const dirs = new Map<SourceFile, string>();
    const dirOf = (r: Resource) => {
      let dir = dirs.get(r.file);
      if (dir === undefined) dirs.set(r.file, (dir = path.dirname(r.file.path)));
      return dir;
    };
    const sameApply = (a: Resource, b: Resource) => recursive || dirOf(a) === dirOf(b);
    // Rendered objects and the files of a kustomization (even one whose build failed) are not applied
    // file by file, nor those a GitOps controller applies (Flux builds the directory with Kustomize;
    // Argo CD orders what it applies by kind and sync wave).
    const kustomized = kustomizeManagedFiles(model);
    const gitops = gitopsAppliedDirs(model);
    const managed = (file: string) => kustomized(file) || appliedDirsOfFile(gitops, file).length > 0;
    const byFile = new Map<SourceFile, boolean>();
    const applied = (r: Resource) => {
      if (r.renderedFrom !== undefined) return false;
      let ok = byFile.get(r.file);
      if (ok === undefined) byFile.set(r.file, (ok = !managed(r.file.path)));
      return ok;
    };

    // The first definition of each CRD kind (group/kind), and of each object, is what apply meets first.
    const crds = new Map<string, Resource>();
    for (const r of model.index.ofKind("CustomResourceDefinition")) {
      const spec = isRecord(r.object.spec) ? r.object.spec : {};
      const names = isRecord(spec.names) ? spec.names : {};
      if (typeof spec.group !== "string" || typeof names.kind !== "string") continue;
      const key = `${spec.group}/${names.kind}`;
      const prev = crds.get(key);
      if (!prev || r.id < prev.id) crds.set(key, r);
    }
    const first = (kind: string, ns: string | undefined, name: string): Resource | undefined => {
      let best: Resource | undefined;
      for (const r of model.index.get(kind, ns, name)) if (!best || r.id < best.id) best = r;
      return best;
    };

    // The first Namespace object of each name: every object of the set asks for its own.
    const namespaces = new Map<string, Resource | undefined>();
    const namespaceOf = (name: string) => {
      let ns = namespaces.get(name);
      if (ns === undefined && !namespaces.has(name)) namespaces.set(name, (ns = first("Namespace", undefined, name)));
      return ns;
    };

    // Objects applied before their Namespace: one finding per file and namespace, at the first of them.
    const nsLate: Need[] = [];
    // Needs across directories applied separately: reported per pair of directories, which takes
    // every object's needs, also when the rule reports on some objects only (scope "subject"). Within
    // one directory there are none, and only the objects reported on are looked at.
    const across: Need[] = [];
    const all = model.index.all();
    const subjects = all === model.resources ? undefined : new Set(model.resources);
    const appliedDirs = new Set<string>();
    if (subjects) for (const r of all) if (applied(r) && appliedDirs.add(dirOf(r)).size > 1) break;
    const walked = subjects && (recursive || appliedDirs.size <= 1) ? model.resources : all;
    for (const resource of walked) {
      if (!applied(resource)) continue;
      const here = !subjects || subjects.has(resource);
      const fatal = (needed: Resource | undefined, at: ObjectPath, what: string, into: Need[] | undefined) => {
        if (!needed || !applied(needed)) return;
        if (!sameApply(resource, needed)) across.push({ resource, needed, path: at, what });
        else if (needed.id > resource.id && here) {
          if (into) into.push({ resource, needed, path: at, what });
          else report({ target: { resource, path: at }, message: orderMessage(resource, needed, what), severity: "error" });
        }
      };
      // The API server creates default, kube-system and kube-public at start and keeps them (its
      // system-namespaces controller; kube-node-lease too): applying into them never waits.
      if (resource.namespace !== undefined && !SYSTEM_NAMESPACES.has(resource.namespace)) fatal(namespaceOf(resource.namespace), ["metadata", "namespace"], "its namespace", nsLate);
      if (crds.size > 0) fatal(crds.get(`${apiGroup(resource.apiVersion)}/${resource.kind}`), ["kind"], "the definition of its kind", undefined);

      const pod = model.index.podTemplate(resource);
      if (!here || (!pod && resource.kind !== "StatefulSet")) continue;
      const seen = new Set<Resource>();
      for (const ref of model.index.references(resource)) {
        if (ref.optional) continue;
        const isGoverning = ref.via === "serviceName";
        if (!isGoverning && (!POD_NEEDS.has(ref.kind) || ref.via === "imagePullSecrets")) continue;
        // A Secret that a controller creates (cert-manager, External Secrets…) exists once its creator is applied.
        let creator = ref.kind === "Secret" && !model.index.has("Secret", ref.namespace, ref.name) ? model.index.secretCreator(ref.namespace, ref.name) : undefined;
        // A role only permits a workload to create it: there is no object to apply first.
        if (creator?.kind === "Role" || creator?.kind === "ClusterRole") creator = undefined;
        const needed = creator ?? first(ref.kind, ref.namespace, ref.name);
        if (!needed || seen.has(needed)) continue;
        if (isGoverning && !isHeadless(needed)) continue;
        seen.add(needed);
        if (needed.id < resource.id || !applied(needed) || !sameApply(resource, needed)) continue;
        // A bare Pod is admitted only with its ServiceAccount (the ServiceAccount admission plugin refuses
        // it otherwise): the apply fails, where a controller's pods would be retried.
        const refused = resource.kind === "Pod" && ref.kind === "ServiceAccount" && ref.name !== "default" && !creator;
        const why = isGoverning ? "its governing headless Service" : creator ? `its pods use Secret "${ref.name}", which it creates` : refused ? "the API server refuses a Pod whose ServiceAccount does not exist" : "its pods use it";
        report({ target: { resource, path: ref.path }, message: orderMessage(resource, needed, why), severity: refused ? "error" : "info" });
      }
    }

    const groups = new Map<string, Need[]>();
    for (const item of nsLate) {
      const key = `${item.resource.file.path}\u0000${item.needed.name}`;
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    for (const group of groups.values()) {
      const { resource, needed, path: at } = group[0];
      const more = group.length > 1 ? `, and so ${group.length > 2 ? "are" : "is"} ${group.length - 1} more object${group.length > 2 ? "s" : ""} after it in this file` : "";
      report({ target: { resource, path: at }, message: orderMessage(resource, needed, "its namespace", more), severity: "error" });
    }
    if (!recursive) reportDirectoryOrder(across, all.filter(applied), dirOf, report);
  },
});

/**
 * Directories applied one by one: the order the objects need, once per pair of directories, when it
 * is not the lexical one and the needed directory is not a setup directory (Namespaces and CRDs
 * only, naturally first); a warning when the needs form a cycle, as no directory order works then.
 */
function reportDirectoryOrder(
  across: readonly Need[],
  applied: readonly Resource[],
  dirOf: (r: Resource) => string,
  report: (r: { target: { resource: Resource; path: ObjectPath }; message: string; severity: Severity }) => void,
): void {
  if (across.length === 0) return;
  const setupOnly = new Map<string, boolean>();
  for (const r of applied) {
    const d = dirOf(r);
    setupOnly.set(d, (setupOnly.get(d) ?? true) && SETUP_KINDS.has(r.kind));
  }
  // Directory pair (needed → user): the first object that needs it, in apply order. Pairs in the
  // order first met, found through the two directories (the strings dirOf keeps, not a key joined
  // from them for every need).
  const pairs: Array<{ from: string; to: string; n: Need }> = [];
  const pairOf = new Map<string, Map<string, { from: string; to: string; n: Need }>>();
  const edges = new Map<string, Set<string>>();
  for (const n of across) {
    const from = dirOf(n.needed);
    const to = dirOf(n.resource);
    let byTo = pairOf.get(from);
    if (!byTo) pairOf.set(from, (byTo = new Map()));
    const prev = byTo.get(to);
    if (!prev) {
      const pair = { from, to, n };
      byTo.set(to, pair);
      pairs.push(pair);
    } else if (n.resource.id < prev.n.resource.id) prev.n = n;
    let out = edges.get(from);
    if (!out) edges.set(from, (out = new Set()));
    out.add(to);
  }
  const cyclic = directoriesInCycles(edges);
  for (const { from, to, n } of pairs) {
    const [neededDir, userDir] = shortDirs(n.needed.file.display, n.resource.file.display);
    if (cyclic.has(from) && cyclic.has(to)) {
      report({
        target: { resource: n.resource, path: n.path },
        message: `no directory order works: ${userDir} needs ${neededDir} applied first (${describeResource(n.needed)}, ${n.what}), and ${neededDir} needs ${userDir} or a directory after it`,
        severity: "warning",
      });
      continue;
    }
    if (setupOnly.get(from) || compareDirectories(from, to) < 0) continue;
    report({ target: { resource: n.resource, path: n.path }, message: `apply ${neededDir} before ${userDir}: ${describeResource(n.needed)} (${n.what})`, severity: "info" });
  }
}

/** Directories in a strongly connected group of two or more (Tarjan's algorithm; few directories). */
function directoriesInCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out = new Set<string>();
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1) for (const g of group) out.add(g);
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** Lexical order of directories by path segment (a directory before its subdirectories). */
function compareDirectories(a: string, b: string): number {
  const sa = a.split(path.sep);
  const sb = b.split(path.sep);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) if (sa[i] !== sb[i]) return sa[i] < sb[i] ? -1 : 1;
  return sa.length - sb.length;
}

/** The two files' directories without the part they share: `shared/` and `ai-service/`, `setup/` and `manifests/`. */
function shortDirs(a: string, b: string): [string, string] {
  const da = path.posix.dirname(a).split("/");
  const db = path.posix.dirname(b).split("/");
  let common = 0;
  while (common < da.length && common < db.length && da[common] === db[common]) common++;
  const name = (d: string[]) => `${d.length > common ? d.slice(common).join("/") : d[d.length - 1]}/`;
  return [name(da), name(db)];
}

function isHeadless(service: Resource): boolean {
  const spec = isRecord(service.object.spec) ? service.object.spec : {};
  return spec.clusterIP === "None";
}

/** The formatters name the object itself; the message names what it needs and both places. */
function orderMessage(resource: Resource, needed: Resource, why: string, more = ""): string {
  const first = `applied before ${describeResource(needed)} (${why})${more}`;
  if (needed.file === resource.file) return `${first}, which is defined below it (line ${needed.locator.range([]).line})`;
  // The report's header already names this file: only the other one, relative to it.
  return `${first}: ${relativeFile(path.posix.dirname(resource.file.display), needed.file.display)} is applied after this file`;
}

/**
 * path.posix.relative(dir, file), which resolves both against the working directory first: for a file
 * directly in `dir` (most needs are in the same directory) that is its name.
 */
function relativeFile(dir: string, file: string): string {
  const name = dir !== "" && file.length > dir.length + 1 && file.startsWith(dir) && file[dir.length] === "/" ? file.slice(dir.length + 1) : undefined;
  if (name !== undefined && !name.includes("/") && name !== "." && name !== "..") return name;
  return path.posix.relative(dir, file);
}
