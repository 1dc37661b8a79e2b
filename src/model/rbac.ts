import type { PolicyRule, RoleRef, Subject } from "kubernetes-types/rbac/v1.js";
import type { ObjectPath } from "../types.js";
import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";
import { isRecord } from "./pod-spec.js";

/** Roles and bindings, in every rbac.authorization.k8s.io version. */
export const ROLE_KINDS: ReadonlySet<string> = new Set(["Role", "ClusterRole"]);
export const BINDING_KINDS: ReadonlySet<string> = new Set(["RoleBinding", "ClusterRoleBinding"]);

export function isRbac(r: Resource): boolean {
  return r.apiVersion.startsWith("rbac.authorization.k8s.io/");
}

export interface RuleRef {
  rule: PolicyRule;
  index: number;
  path: ObjectPath;
}

/** The policy rules of a Role or ClusterRole, each with its path. */
export function policyRules(role: Resource): RuleRef[] {
  const rules = role.object.rules;
  if (!Array.isArray(rules)) return [];
  const out: RuleRef[] = [];
  rules.forEach((rule, index) => {
    if (isRecord(rule)) out.push({ rule: rule as unknown as PolicyRule, index, path: ["rules", index] });
  });
  return out;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** True when the rule lets its holder do `verb` on `resource` of API group `group` (any name unless named). */
export function allows(rule: PolicyRule, verbs: readonly string[], resource: string, group: string): boolean {
  const rv = strings(rule.verbs);
  const rr = strings(rule.resources);
  const rg = strings(rule.apiGroups);
  return (rv.includes("*") || verbs.some((v) => rv.includes(v))) && (rr.includes("*") || rr.includes(resource)) && (rg.includes("*") || rg.includes(group));
}

/**
 * Verbs that together are cluster-admin in practice on "*" resources: reading every Secret, creating pods
 * under any ServiceAccount and minting tokens need nothing else.
 */
const STANDARD_VERBS: readonly string[] = ["get", "list", "watch", "create", "update", "patch", "delete"];

/**
 * Every verb (a "*" or each standard verb, in any order) on wildcard resources in every API group: the
 * power of cluster-admin, whether spelled with "*" or verb by verb.
 */
export function isAllPowerful(rule: PolicyRule): boolean {
  // resourceNames narrows every verb to the objects it names (and allows no list or create): not all-powerful.
  if (strings(rule.resourceNames).length > 0) return false;
  const verbs = strings(rule.verbs);
  const everyVerb = verbs.includes("*") || STANDARD_VERBS.every((v) => verbs.includes(v));
  return everyVerb && strings(rule.resources).includes("*") && strings(rule.apiGroups).includes("*");
}

export function roleRefOf(binding: Resource): RoleRef | undefined {
  const ref = binding.object.roleRef;
  return isRecord(ref) && typeof ref.name === "string" ? (ref as unknown as RoleRef) : undefined;
}

/** The role a binding refers to, when it is in the set (a RoleBinding's Role lives in its namespace). */
export function boundRole(binding: Resource, index: ResourceIndex): Resource | undefined {
  const ref = roleRefOf(binding);
  if (!ref) return undefined;
  const kind = ref.kind === "Role" ? "Role" : "ClusterRole";
  return index.get(kind, kind === "Role" ? binding.namespace : undefined, ref.name)[0];
}

/** "ServiceAccount ci/deployer", "Group system:authenticated", "2 subjects". */
export function describeSubjects(binding: Resource): string {
  const subjects = Array.isArray(binding.object.subjects) ? (binding.object.subjects as Subject[]).filter(isRecord) : [];
  if (subjects.length === 0) return "no subjects";
  const s = subjects[0];
  const ns = s.kind === "ServiceAccount" ? `${s.namespace ?? binding.namespace ?? ""}/` : "";
  const first = `${s.kind} ${ns}${s.name}`;
  return subjects.length === 1 ? first : `${first} and ${subjects.length - 1} more`;
}
