import { defineRule } from "../src/engine/rule.js";
import { apiGroup, type Resource } from "../src/model/resource.js";

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
function identity(r: Resource): string {
  let group = apiGroup(r.apiVersion);
  if (group === "extensions" && MOVED_FROM_EXTENSIONS[r.kind]) group = MOVED_FROM_EXTENSIONS[r.kind];
  return `${group}\u0000${r.kind}\u0000${r.namespace ?? ""}\u0000${r.name}`;
}

function whereIs(r: Resource): string {
  return `${r.file.display}:${r.locator.range(["metadata", "name"]).line}`;
}

export default defineRule({
  meta: {
    id: "duplicate-object",
    title: "Each object must be defined once",
    category: "cross-resource",
    severity: "error",
    description:
      "Reports every definition of an object (API group, kind, namespace and name; a namespaced object without metadata.namespace is in the run's default namespace) that appears more than once in the set, at each definition.",
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
    const groups = new Map<string, Resource[]>();
    for (const r of model.resources) {
      if (r.name === "") continue; // generateName objects get a fresh name on every create
      const k = identity(r);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const r of group) {
        // At most three others, so a thousand copies cost a thousand findings, not a million lookups.
        const shown = group.slice(0, 4).filter((o) => o !== r).slice(0, 3).map(whereIs);
        if (group.length > 4) shown.push(`${group.length - 4} more`);
        report({ target: { resource: r, path: ["metadata", "name"] }, message: `also defined at ${shown.join(", ")}` });
      }
    }
  },
});
