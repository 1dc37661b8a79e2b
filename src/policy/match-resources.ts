import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { MatchResources, NamedRuleWithOperations } from "kubernetes-types/admissionregistration/v1.js";
import { compileSelector } from "../model/selector.js";
import { NAMESPACE_NAME_LABEL } from "../model/namespace-labels.js";

/** What matching needs to know of the object being created. */
export interface RequestTarget {
  group: string;
  version: string;
  resource: string;
  name: string;
  /** undefined for a cluster-scoped object. */
  namespace: string | undefined;
  labels: Record<string, string>;
  /** The labels of the object's namespace: its Namespace in the set, else only the name label the API server sets; undefined for a cluster-scoped object. */
  namespaceLabels: Record<string, string> | undefined;
  /** For a Namespace object, its own labels are what namespaceSelector is matched against. */
  isNamespace: boolean;
  /** Whether the cluster serves the object's kind at another apiVersion ("apps/v1beta1"): matchPolicy Equivalent converts to it. */
  servedAt(apiVersion: string): boolean;
}

/** Groups whose resources the API server serves under another group too (matchPolicy: Equivalent). */
const EQUIVALENT_GROUPS: Record<string, string[]> = {
  "extensions/deployments": ["apps"],
  "extensions/daemonsets": ["apps"],
  "extensions/replicasets": ["apps"],
  "extensions/ingresses": ["networking.k8s.io"],
  "extensions/networkpolicies": ["networking.k8s.io"],
  "apps/deployments": ["extensions"],
  "apps/daemonsets": ["extensions"],
  "apps/replicasets": ["extensions"],
  "networking.k8s.io/ingresses": ["extensions"],
  "networking.k8s.io/networkpolicies": ["extensions"],
};

/**
 * The generated type lacks the fields Rule adds (resources, scope): the Go type embeds Rule, which
 * the OpenAPI document flattens and kubernetes-types drops.
 */
export type ResourceRule = NamedRuleWithOperations & { resources?: string[]; scope?: string };

const has = (list: unknown, v: string) => Array.isArray(list) && (list.includes("*") || list.includes(v));

function ruleMatches(rule: ResourceRule, t: RequestTarget, equivalent: boolean): boolean {
  if (!has(rule.operations, "CREATE")) return false;
  const scope = rule.scope ?? "*";
  if (scope === "Cluster" && t.namespace !== undefined) return false;
  if (scope === "Namespaced" && t.namespace === undefined) return false;
  // A create is of the main resource: subresource rules (pods/status) do not match it, "*" and "*/*" do.
  const resources = (rule.resources ?? []).map((r: string) => (r === "*/*" ? "*" : r));
  if (!resources.includes("*") && !resources.includes(t.resource)) return false;
  if (Array.isArray(rule.resourceNames) && rule.resourceNames.length > 0 && !rule.resourceNames.includes(t.name)) return false;
  if (has(rule.apiGroups, t.group) && has(rule.apiVersions, t.version)) return true;
  if (!equivalent) return false;
  // Equivalent: the API server converts the object to a version (or group) the rule names, when it
  // serves the resource there. A rule for a version no longer served (apps/v1beta1) matches nothing.
  const groups = [t.group, ...(EQUIVALENT_GROUPS[`${t.group}/${t.resource}`] ?? [])].filter((g) => has(rule.apiGroups, g));
  const versions = Array.isArray(rule.apiVersions) ? rule.apiVersions.filter((v): v is string => typeof v === "string" && v !== "*") : [];
  return groups.some((g) => versions.some((v) => t.servedAt(g === "" ? v : `${g}/${v}`)));
}

function selects(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (sel === undefined || sel === null) return true;
  const c = compileSelector(sel, "labelSelector");
  return c.empty || c.matches(labels);
}

/** Whether matchConstraints or a binding's matchResources selects the creation of `t`. */
export function matchesResources(m: MatchResources | undefined, t: RequestTarget, requireRules: boolean): boolean {
  if (!m) return !requireRules;
  const equivalent = m.matchPolicy !== "Exact";
  const rules = m.resourceRules ?? [];
  if (rules.length === 0 ? requireRules : !rules.some((r) => ruleMatches(r, t, equivalent))) return false;
  if ((m.excludeResourceRules ?? []).some((r) => ruleMatches(r, t, equivalent))) return false;
  if (!selects(m.objectSelector, t.labels)) return false;
  // A cluster-scoped object other than a Namespace is never skipped by a namespaceSelector.
  if (t.isNamespace) return selects(m.namespaceSelector, t.labels);
  if (t.namespaceLabels !== undefined) return selects(m.namespaceSelector, t.namespaceLabels);
  return true;
}

export function defaultNamespaceLabels(name: string): Record<string, string> {
  return { [NAMESPACE_NAME_LABEL]: name };
}
