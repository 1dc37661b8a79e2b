import { isRecord, stringMap } from "./pod-spec.js";
import { isRbac } from "./rbac.js";
import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";
import { compileSelector } from "./selector.js";

const direct = new WeakMap<ResourceIndex, Map<string, Resource[]>>();

/**
 * The ClusterRoles whose aggregationRule selects a ClusterRole by its labels, nearest first, directly or
 * through another aggregated role: the controller manager copies the selected roles' rules into the
 * aggregate, so a binding of the aggregate grants them (Knative labels knative-serving-core for
 * knative-serving-admin, which the controller's ClusterRoleBinding names). Built once per set.
 */
export function aggregatingRoles(index: ResourceIndex, role: Resource): readonly Resource[] {
  if (role.kind !== "ClusterRole") return [];
  let byRole = direct.get(index);
  if (!byRole) direct.set(index, (byRole = directAggregators(index)));
  if (!byRole.has(role.name)) return [];
  const out: Resource[] = [];
  const seen = new Set<string>([role.name]);
  for (let i = -1; i < out.length; i++) {
    for (const agg of byRole.get(i < 0 ? role.name : out[i].name) ?? []) {
      if (seen.has(agg.name)) continue;
      seen.add(agg.name);
      out.push(agg);
    }
  }
  return out;
}

/** Aggregating ClusterRoles by the name of each ClusterRole one of their selectors matches. */
function directAggregators(index: ResourceIndex): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  const roles = index.ofKind("ClusterRole").filter(isRbac);
  const aggregates = roles.filter((r) => isRecord(r.object.aggregationRule));
  if (aggregates.length === 0) return out;
  // Roles by label pair, so a selector's first matchLabels pair narrows its candidates.
  const byLabel = new Map<string, Resource[]>();
  for (const r of roles) {
    for (const [k, v] of Object.entries(stringMap(r.object.metadata?.labels))) {
      const key = `${k}\u0000${v}`;
      const list = byLabel.get(key);
      if (list) list.push(r);
      else byLabel.set(key, [r]);
    }
  }
  for (const agg of aggregates) {
    const selectors = (agg.object.aggregationRule as Record<string, unknown>).clusterRoleSelectors;
    if (!Array.isArray(selectors)) continue;
    for (const sel of selectors) {
      const compiled = compileSelector(isRecord(sel) ? sel : undefined, "labelSelector");
      // An empty selector would take every ClusterRole; no manifest means that, so claim nothing from it.
      if (compiled.empty || compiled.invalid) continue;
      // Only matchExpressions: every ClusterRole is a candidate (aggregates are few, so this stays small).
      const first = compiled.equals[0];
      const candidates = first ? (byLabel.get(`${first[0]}\u0000${first[1]}`) ?? []) : roles;
      for (const c of candidates) {
        if (c === agg || !compiled.matches(stringMap(c.object.metadata?.labels))) continue;
        const list = out.get(c.name);
        if (!list) out.set(c.name, [agg]);
        else if (!list.includes(agg)) list.push(agg);
      }
    }
  }
  return out;
}
