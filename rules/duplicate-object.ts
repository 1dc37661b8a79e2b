import { defineRule } from "../src/engine/rule.js";
import type { Resource } from "../src/model/resource.js";
import { objectIdentity } from "../src/model/alternatives.js";
import { unrenderedRootsOf } from "../src/model/kustomize-managed.js";
import { appliedTogether, gitopsAppliedDirs, scopesOfFile } from "../src/model/gitops-roots.js";

function identity(r: Resource): string {
  return objectIdentity(r.apiVersion, r.kind, r.namespace, r.name);
}

/** Where the object's name is written, as its finding's position reads (a rendered object's is in the file people edit). */
function whereIs(r: Resource): string {
  const at = r.locator.range(["metadata", "name"]);
  return `${at.file}:${at.line}`;
}

interface Group {
  group: Resource[];
  places: Set<string>;
  /** Whether no definition is in an unrendered root (nearly always): then all of them clash. */
  inNoRoot?: boolean;
  /** Per set of unrendered roots (joined), the definitions it clashes with: see clashing(). */
  bySignature?: Map<string, { count: number; places: Set<string> }>;
}

/**
 * What a file is applied with, each apart from the others: the unrendered Kustomize roots that take
 * it and the directories GitOps controllers of the set apply (Flux Kustomizations), or the clusters
 * they sync them to (Argo CD Applications: see AppliedDir.scopes).
 */
function appliedRootsOf(model: Parameters<typeof unrenderedRootsOf>[0]): (file: string) => readonly string[] {
  const kustomize = unrenderedRootsOf(model);
  const gitops = gitopsAppliedDirs(model);
  if (gitops.length === 0) return kustomize;
  const cache = new Map<string, readonly string[]>();
  return (file) => {
    let out = cache.get(file);
    if (!out) {
      const under = scopesOfFile(gitops, file);
      cache.set(file, (out = under.length === 0 ? kustomize(file) : [...kustomize(file), ...under]));
    }
    return out;
  };
}

/**
 * The definitions of r's group that r clashes with (r included). Kustomize roots that could not be
 * built are linted as plain files, but each is applied on its own (`kubectl apply -k`), and so is each
 * directory a Flux Kustomization applies (`spec.path`: clusters/staging and clusters/production), and
 * each cluster Argo CD Applications sync directories to: definitions in two such roots clash only when
 * one root takes both, or when either is in no root (a
 * plain file, or a rendered object). Worked out once per distinct set of roots, not per pair: a group of a
 * thousand copies stays a thousand lookups.
 */
function clashing(g: Group, r: Resource, rootsOf: (file: string) => readonly string[]): { count: number; places: Set<string> } {
  const roots = (o: Resource) => (o.renderedFrom !== undefined ? [] : rootsOf(o.file.path));
  g.inNoRoot ??= g.group.every((o) => roots(o).length === 0);
  if (g.inNoRoot) return { count: g.group.length, places: g.places };
  const own = roots(r);
  const signature = own.join("\u0000");
  g.bySignature ??= new Map();
  let c = g.bySignature.get(signature);
  if (!c) {
    const clash = g.group.filter((o) => appliedTogether(own, roots(o)));
    g.bySignature.set(signature, (c = { count: clash.length, places: new Set(clash.length < 2 ? [] : clash.map(whereIs)) }));
  }
  return c;
}

export default defineRule({
  meta: {
    id: "duplicate-object",
    scope: "subject",
    title: "Each object must be defined once",
    category: "cross-resource",
    severity: "error",
    description:
      "Reports every definition of an object (API group, kind, namespace and name; a namespaced object without metadata.namespace is in the namespace an Argo CD Application applying it names, else in the run's default namespace) that appears more than once in the set, at each definition. Files that define largely the same objects (alternative bundles such as install.yaml and ha/install.yaml, at least five shared objects and half of each file; or variants such as app.selinux.yaml beside app.yaml) are alternatives, not an accident: each is linted as a set of its own, and the pair is one warning at the later file's first shared object. Kustomize roots whose output a committed bundle contains are that bundle's sources, not second definitions. Each directory a Flux Kustomization of the set applies (its spec.path, such as clusters/staging and clusters/production) is applied on its own, as a Kustomize root is: definitions in two of them are one per cluster, and clash only where one directory takes both or a definition is in none. The directories Argo CD Applications sync (a source path, or each directory an ApplicationSet's Git directory generator matches) are apart by destination cluster: definitions in directories synced to two clusters are one per cluster, and in directories synced to the same cluster they clash.",
    rationale:
      "`kubectl apply -f` applies both definitions in turn and the last one silently wins: a reviewer reading the first sees a configuration that never runs, and alternative variants kept side by side (a .selinux.yaml next to the .yaml) overwrite each other.",
    remediation:
      "Keep one definition: delete or rename the other, move alternative variants out of the applied directory (or into Kustomize overlays), or give the objects different namespaces.",
    references: {
      links: ["https://kubernetes.io/docs/concepts/overview/working-with-objects/names/"],
    },
    examples: {
      bad: "# a.yaml\nkind: ConfigMap\nmetadata:\n  name: app-config\n---\n# b.yaml\nkind: ConfigMap\nmetadata:\n  name: app-config\n",
      good: "# one definition of ConfigMap app-config in the set\n",
    },
  },
  check({ model, report }) {
    const variant = model.settings.variant;
    if (variant) {
      // Alternatives (bundles, variant files) are linted apart: one warning for the pair, at the first shared object.
      const first = model.resources.find((r) => r.file.path === variant.file && variant.sharedIds.has(identity(r)));
      if (first) {
        report({
          target: { resource: first, path: ["metadata", "name"] },
          severity: "warning",
          message: `alternative to ${variant.other} (${variant.shared} shared ${variant.shared === 1 ? "object" : "objects"}): each is linted as a set of its own`,
        });
      }
    }
    // The objects of the whole set that share an identity, in order, looked up once per identity: the
    // index files objects by kind, namespace and name; the identity also has the API group.
    const groups = new Map<string, Group>();
    const groupOf = (r: Resource) => {
      const k = identity(r);
      let g = groups.get(k);
      if (!g) {
        const group = model.index.get(r.kind, r.namespace, r.name).filter((o) => identity(o) === k);
        // Each written definition once: Kustomize roots that render one base each print its object,
        // and the plain files see the objects of every root in their directories. Found once per
        // identity, so a thousand copies cost a thousand lookups, not a million.
        groups.set(k, (g = { group, places: new Set(group.length < 2 ? [] : group.map(whereIs)) }));
      }
      return g;
    };
    let rootsOf: ((file: string) => readonly string[]) | undefined;
    for (const r of model.resources) {
      if (r.name === "") continue; // generateName objects get a fresh name on every create
      // Alone with its kind, namespace and name (nearly every object): no identity to make and look up.
      if (model.index.get(r.kind, r.namespace, r.name).length < 2) continue;
      const g = groupOf(r);
      if (g.group.length < 2) continue;
      rootsOf ??= appliedRootsOf(model);
      const { count, places } = clashing(g, r, rootsOf);
      if (count < 2) continue;
      const target = { resource: r, path: ["metadata", "name"] };
      // The same lines printed twice by one renderer: still two objects for the API server.
      if (places.size < 2) report({ target, message: `defined ${count} times from this line` });
      // One set of places for the whole group: the engine lists those other than the finding's own.
      else report({ target, message: "also defined at", places });
    }
  },
});
