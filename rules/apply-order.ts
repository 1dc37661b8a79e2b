import path from "node:path";
import { defineRule } from "../src/engine/rule.js";
import type { ObjectPath, Severity } from "../src/types.js";
import { isRecord } from "../src/model/pod-spec.js";
import { apiGroup, describeResource, type Resource } from "../src/model/resource.js";
import { referencesOf } from "../src/model/references.js";
import { kustomizeManagedFiles } from "../src/model/kustomize-managed.js";

/** Pod references whose absence makes pods fail or wait: the rule's warnings. */
const POD_NEEDS: ReadonlySet<string> = new Set(["ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim"]);

export default defineRule({
  meta: {
    id: "apply-order",
    title: "Objects must come after what they need in `kubectl apply -f DIR` order",
    category: "cross-resource",
    severity: "warning",
    description:
      "Follows the order `kubectl apply -f DIR` (and `-R`) uses: files in lexical order, a directory's files before its subdirectories, documents in file order. Reports an object applied before its Namespace or before the CRD of its kind (errors: apply fails), and a workload applied before the ConfigMaps, Secrets, ServiceAccounts and PVCs its pods use or its governing headless Service (warnings). Not for Kustomize builds, which order by kind.",
    rationale:
      "Applying a directory is the deployment step most guides give (\"Namespace first\"). An object applied before its namespace or CRD is rejected, so the first apply fails half-way and only a second one succeeds; pods created before their ConfigMap, Secret or ServiceAccount fail to start until it appears, and a StatefulSet's pods get no stable DNS names until its headless Service exists.",
    remediation:
      "Move the needed object earlier: into the same file above the object that uses it, or into a file that sorts first (e.g. prefix file names with numbers: 00-namespace.yaml, 10-config.yaml, 20-app.yaml), or apply with Kustomize, which orders by kind.",
    references: {
      guides: ["Caracal: create the namespace, ConfigMap and Secrets before the services", "Santaclaude: apply shared/namespace.yaml first"],
      links: ["https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/", "https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/"],
    },
    options: {
      recursive: {
        type: "boolean",
        default: true,
        description:
          "true: the whole linted tree is one `kubectl apply -R -f DIR`. false: each directory is applied on its own, in an order of your choosing (as guides that apply shared/ first, then each service, do): only the order within one directory is checked.",
      },
    },
    examples: {
      bad: "# app.yaml sorts before namespace.yaml\n# app.yaml\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n",
      good: "# 00-namespace.yaml\nkind: Namespace\nmetadata: {name: shop}\n# 10-app.yaml\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n",
    },
  },
  check({ model, report, options }) {
    // With recursive: false, objects in different directories are applied by separate commands.
    const sameApply = (a: Resource, b: Resource) => options.recursive !== false || path.dirname(a.file.path) === path.dirname(b.file.path);
    // Kustomize orders its output by kind (Namespaces and CRDs first): file order does not matter there.
    if (model.settings.kustomizeRoot) return;
    // Rendered objects and the files of a kustomization (even one whose build failed) are not applied file by file.
    const managed = kustomizeManagedFiles(model);
    const byFile = new Map<string, boolean>();
    const applied = (r: Resource) => {
      if (r.renderedFrom !== undefined) return false;
      let ok = byFile.get(r.file.path);
      if (ok === undefined) byFile.set(r.file.path, (ok = !managed(r.file.path)));
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

    // Objects applied before their Namespace: one finding per file and namespace, at the first of them.
    const nsLate: Array<{ resource: Resource; ns: Resource }> = [];
    for (const resource of model.resources) {
      if (!applied(resource)) continue;
      const late = (needed: Resource | undefined, path: ObjectPath, what: string, severity: Severity) => {
        if (!needed || needed.id < resource.id || !applied(needed) || !sameApply(resource, needed)) return;
        report({ target: { resource, path }, message: orderMessage(resource, needed, what), severity });
      };

      if (resource.namespace !== undefined) {
        const ns = first("Namespace", undefined, resource.namespace);
        if (ns && ns.id > resource.id && applied(ns) && sameApply(resource, ns)) nsLate.push({ resource, ns });
      }
      const crd = crds.get(`${apiGroup(resource.apiVersion)}/${resource.kind}`);
      if (crd) late(crd, ["kind"], "the definition of its kind", "error");

      const pod = model.index.podTemplate(resource);
      if (!pod && resource.kind !== "StatefulSet") continue;
      const seen = new Set<Resource>();
      for (const ref of referencesOf(resource, pod)) {
        if (ref.optional) continue;
        const isGoverning = ref.via === "serviceName";
        if (!isGoverning && (!POD_NEEDS.has(ref.kind) || ref.via === "imagePullSecrets")) continue;
        const needed = first(ref.kind, ref.namespace, ref.name);
        if (!needed || seen.has(needed)) continue;
        if (isGoverning && !isHeadless(needed)) continue;
        seen.add(needed);
        late(needed, ref.path, isGoverning ? "its governing headless Service" : "its pods use it", "warning");
      }
    }

    const groups = new Map<string, Array<{ resource: Resource; ns: Resource }>>();
    for (const item of nsLate) {
      const key = `${item.resource.file.path}\u0000${item.ns.name}`;
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    for (const group of groups.values()) {
      const { resource, ns } = group[0];
      const more = group.length > 1 ? `, and so ${group.length > 2 ? "are" : "is"} ${group.length - 1} more object${group.length > 2 ? "s" : ""} after it in this file` : "";
      report({
        target: { resource, path: ["metadata", "namespace"] },
        message: orderMessage(resource, ns, "its namespace", more),
        severity: "error",
      });
    }
  },
});

function isHeadless(service: Resource): boolean {
  const spec = isRecord(service.object.spec) ? service.object.spec : {};
  return spec.clusterIP === "None";
}

/** The formatters name the object itself; the message names what it needs and both places. */
function orderMessage(resource: Resource, needed: Resource, why: string, more = ""): string {
  const first = `applied before ${describeResource(needed)} (${why})${more}`;
  if (needed.file === resource.file) return `${first}, which is defined below it (line ${needed.locator.range([]).line})`;
  return `${first}: ${resource.file.display} is applied before ${needed.file.display}`;
}
