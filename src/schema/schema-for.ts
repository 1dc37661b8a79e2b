import type { Resource } from "../model/resource.js";
import { builtinKind, stableBuiltinKinds } from "./builtin-schemas.js";
import { collectCrds, type CrdVersion } from "./crd-schemas.js";

/** A built-in definition, a CRD version, or the kinds a stable built-in apiVersion has when the kind is none of them. */
export type SchemaSource = { builtin: string } | { crd: CrdVersion } | { unknownKind: readonly string[] };

/** The schema a resource is validated against: built-in by apiVersion/kind, else a CRD of the set. */
export function schemaFor(r: Resource, crds: ReadonlyMap<string, CrdVersion>): SchemaSource | undefined {
  const builtin = builtinKind(r.apiVersion, r.kind);
  if (builtin) return { builtin };
  const crd = crds.get(`${r.apiVersion}/${r.kind}`);
  if (crd) return { crd };
  // apps/v1 has no kind "Deploymnet": the API server answers "no matches for kind".
  const known = stableBuiltinKinds(r.apiVersion);
  return known ? { unknownKind: known } : undefined;
}

/** Resources no schema covers (custom resources without their CRD, unknown kinds), counted by apiVersion/kind. */
export function unvalidatedKinds(resources: readonly Resource[]): Map<string, number> {
  const crds = collectCrds(resources);
  const out = new Map<string, number>();
  for (const r of resources) {
    if (schemaFor(r, crds)) continue;
    const k = `${r.apiVersion}/${r.kind}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** The run notice: "14 resources of 5 kinds have no schema and were not validated: monitoring.coreos.com/v1/ServiceMonitor (6), …". */
export function unvalidatedNotice(counts: ReadonlyMap<string, number>): string | undefined {
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const list = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = list.slice(0, 5).map(([k, n]) => `${k} (${n})`).join(", ");
  const more = list.length > 5 ? `, and ${list.length - 5} more kinds` : "";
  return `schema: ${total} resource${total === 1 ? "" : "s"} of ${counts.size} kind${counts.size === 1 ? "" : "s"} without a schema (custom resources whose CRD is not in the set) were not validated: ${shown}${more}`;
}
