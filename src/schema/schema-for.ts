import type { ObjectPath } from "../types.js";
import type { Resource } from "../model/resource.js";
import { apiGroup, isBuiltinGroup } from "../model/resource.js";
import { closestId, nearMiss } from "../engine/closest-id.js";
import { builtinKind, stableApiVersionsOf, stableBuiltinKinds } from "./builtin-schemas.js";
import { collectCrds, type CrdSet, type CrdVersion } from "./crd-schemas.js";

/**
 * A built-in definition, a CRD version, or why the API server has no such type: "no matches for kind"
 * (a kind a stable built-in apiVersion lacks, a version the set's CRD does not serve).
 */
export type SchemaSource = { builtin: string } | { crd: CrdVersion } | { noMatch: string; path: ObjectPath; correction?: string };

/** The schema a resource is validated against: built-in by apiVersion/kind, else a CRD of the set. */
export function schemaFor(r: Resource, crds: CrdSet): SchemaSource | undefined {
  const builtin = builtinKind(r.apiVersion, r.kind);
  if (builtin) return { builtin };
  const crd = crds.get(r.apiVersion, r.kind);
  if (crd && !crd.served) return { noMatch: `${r.apiVersion} ${r.kind} is not served: its CustomResourceDefinition ${crd.crd.name} sets served: false for ${crd.version}`, path: ["apiVersion"] };
  if (crd) return { crd };
  const slash = r.apiVersion.indexOf("/");
  const versions = slash === -1 ? [] : crds.versionsOf(apiGroup(r.apiVersion), r.kind);
  if (versions.length > 0) {
    const served = versions.filter((v) => v.served).map((v) => v.version);
    const only = served.length === 1 ? { correction: `${apiGroup(r.apiVersion)}/${served[0]}` } : {};
    return { noMatch: `${r.apiVersion} is not a version of ${r.kind}: its CustomResourceDefinition ${versions[0].crd.name} serves ${served.join(", ") || "none"}`, path: ["apiVersion"], ...only };
  }
  // apps/v1 has no kind "Deploymnet", v1 no kind "Deployment".
  const known = stableBuiltinKinds(r.apiVersion);
  if (!known) return undefined;
  const stable = stableApiVersionsOf(r.kind);
  const elsewhere = stable.join(" or ");
  const near = elsewhere ? undefined : closestId(r.kind, known);
  const hint = elsewhere ? ` (${r.kind} is ${elsewhere})` : near ? ` (did you mean ${JSON.stringify(near)}?)` : "";
  // The one apiVersion that has the kind, or the kind this apiVersion has that the written one nearly is.
  const correction = stable.length === 1 ? { correction: stable[0] } : near && nearMiss(r.kind, near, known) ? { correction: near } : {};
  return { noMatch: `${r.apiVersion} has no kind ${JSON.stringify(r.kind)}${hint}`, path: elsewhere ? ["apiVersion"] : ["kind"], ...correction };
}

/**
 * Resources no schema covers (custom resources without their CRD, unknown kinds), counted by
 * apiVersion/kind; `crds` are the set's CustomResourceDefinitions and those given with --crds.
 */
export function unvalidatedKinds(resources: readonly Resource[], crdResources: readonly Resource[]): Map<string, number> {
  const crds = collectCrds(crdResources);
  const out = new Map<string, number>();
  for (const r of resources) {
    if (schemaFor(r, crds)) continue;
    const k = `${r.apiVersion}/${r.kind}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** The run notice: "14 resources of 5 kinds … were validated for their metadata only: monitoring.coreos.com/v1/ServiceMonitor (6), …". */
export function unvalidatedNotice(counts: ReadonlyMap<string, number>): string | undefined {
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const list = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = list.slice(0, 5).map(([k, n]) => `${k} (${n})`).join(", ");
  const more = list.length > 5 ? `, and ${list.length - 5} more kinds` : "";
  // A built-in group's kind without a schema is an API version the bundled schemas lack (an alpha or
  // beta version such as admissionregistration.k8s.io/v1beta1), not a custom resource.
  const builtinGroup = (key: string) => isBuiltinGroup(apiGroup(key.slice(0, key.lastIndexOf("/"))));
  const kinds = [...counts.keys()];
  const why = [
    ...(kinds.some((k) => !builtinGroup(k)) ? ["custom resources whose CRD is neither in the set nor given with --crds"] : []),
    ...(kinds.some(builtinGroup) ? ["built-in API versions the bundled schemas do not have"] : []),
  ].join("; ");
  return `schema: ${total} resource${total === 1 ? "" : "s"} of ${counts.size} kind${counts.size === 1 ? "" : "s"} without a schema (${why}) were validated for their metadata only: ${shown}${more}`;
}
