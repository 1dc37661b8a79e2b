import type { Report } from "../engine/rule.js";
import { removeValue, setValue } from "../engine/fix.js";
import { closestName } from "../engine/closest-id.js";
import { isRecord } from "../model/pod-spec.js";
import { chainMisspelt } from "../schema/misspelt-field.js";
import type { Resource } from "../model/resource.js";
import { noItems } from "../model/list-items.js";

type Emit = (r: Report) => void;

const RBAC_GROUP = "rbac.authorization.k8s.io";
const SUBJECT_KINDS = ["ServiceAccount", "User", "Group"];
/** Resources of the core group ("" in apiGroups): what a rule that forgot its apiGroups most often names. */
const CORE_RESOURCES = new Set([
  "pods", "services", "endpoints", "configmaps", "secrets", "serviceaccounts", "events", "namespaces", "nodes",
  "persistentvolumeclaims", "persistentvolumes", "replicationcontrollers", "resourcequotas", "limitranges", "podtemplates",
]);

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * A Role's or ClusterRole's rules as ValidatePolicyRule reads them: verbs, and either resources with
 * their apiGroups or non-resource URLs (a ClusterRole's only, and never with resources).
 */
export function checkRoleRules(resource: Resource, report: Emit): void {
  const rules = resource.object.rules;
  if (!Array.isArray(rules)) return;
  const namespaced = resource.kind === "Role";
  rules.forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const at = (field?: string) => (field === undefined ? ["rules", i] : ["rules", i, field]);
    const where = (field: string) => (rule[field] !== undefined && rule[field] !== null ? at(field) : at());
    // verbs is required: an absent one is the schema rule's "missing required field".
    if (Array.isArray(rule.verbs) && rule.verbs.length === 0) report({ target: { resource, path: where("verbs") }, message: `rule ${i + 1} grants no verbs: the API server refuses it` });
    if (nonEmpty(rule.nonResourceURLs)) {
      if (namespaced) report({ target: { resource, path: at("nonResourceURLs") }, message: `rule ${i + 1} of a Role names non-resource URLs, which only a ClusterRole's rules may: the API server refuses it` });
      if (nonEmpty(rule.apiGroups) || nonEmpty(rule.resources) || nonEmpty(rule.resourceNames)) {
        report({ target: { resource, path: at("nonResourceURLs") }, message: `rule ${i + 1} names both resources and non-resource URLs, which take a rule each: the API server refuses it` });
      }
      return;
    }
    // Non-resource URLs of the wrong type (a string) are the schema rule's finding: the rule is not
    // then judged as a resource rule that names nothing.
    if (!noItems(rule.nonResourceURLs)) return;
    // A field under a misspelt key (apiGropus, resoures, nonResourceURL) is the schema rule's finding, with the rename.
    const misspelt = (...fields: string[]) => (fields.some((f) => chainMisspelt(resource, rule, "IoK8sApiRbacV1PolicyRule", [f])) ? "schema" : undefined);
    if (noItems(rule.apiGroups)) {
      const resources = Array.isArray(rule.resources) ? rule.resources.filter((r): r is string => typeof r === "string") : [];
      // Every resource of the core group: apiGroups [""] is what the rule meant.
      const core = resources.length > 0 && resources.every((r) => CORE_RESOURCES.has(r.split("/")[0]));
      report({
        target: { resource, path: where("apiGroups") },
        message: `rule ${i + 1} names resources but no apiGroups (the core group is ""): the API server refuses it`,
        causedBy: misspelt("apiGroups", "nonResourceURLs"),
        ...(core ? { suggestions: [setValue('set apiGroups: [""] (the core group)', at("apiGroups"), [""])] } : {}),
      });
    }
    if (noItems(rule.resources)) report({ target: { resource, path: where("resources") }, message: `rule ${i + 1} names no resources (nor non-resource URLs): the API server refuses it`, causedBy: misspelt("resources", "nonResourceURLs") });
  });
}

/**
 * A RoleBinding's or ClusterRoleBinding's roleRef and subjects as the API server validates them
 * after defaulting (User and Group subjects get the RBAC group when they name none).
 */
export function checkBinding(resource: Resource, report: Emit): void {
  const cluster = resource.kind === "ClusterRoleBinding";
  const ref = resource.object.roleRef;
  if (isRecord(ref)) {
    const allowed = cluster ? ["ClusterRole"] : ["Role", "ClusterRole"];
    if (typeof ref.kind === "string" && !allowed.includes(ref.kind)) {
      const why = cluster && ref.kind === "Role" ? "a ClusterRoleBinding binds only a ClusterRole (a Role is bound by a RoleBinding in its namespace)" : `roleRef.kind is ${allowed.join(" or ")}`;
      report({ target: { resource, path: ["roleRef", "kind"] }, message: `roleRef.kind ${JSON.stringify(ref.kind)} is refused: ${why}` });
    }
    // An empty apiGroup is defaulted to the RBAC group, as a subject's is.
    if (typeof ref.apiGroup === "string" && ref.apiGroup !== "" && ref.apiGroup !== RBAC_GROUP) {
      // The one value the API server takes: what the fix writes.
      report({ target: { resource, path: ["roleRef", "apiGroup"] }, message: `roleRef.apiGroup ${JSON.stringify(ref.apiGroup)} is refused: it is ${RBAC_GROUP}`, fix: setValue(`set apiGroup: ${RBAC_GROUP}`, ["roleRef", "apiGroup"], RBAC_GROUP) });
    }
  }
  const subjects = resource.object.subjects;
  if (!Array.isArray(subjects)) return;
  subjects.forEach((s, i) => {
    if (!isRecord(s) || typeof s.kind !== "string") return;
    const at = ["subjects", i];
    if (!SUBJECT_KINDS.includes(s.kind)) {
      const near = closestName(s.kind, SUBJECT_KINDS) ?? SUBJECT_KINDS.find((k) => k.toLowerCase() === String(s.kind).toLowerCase());
      report({
        target: { resource, path: [...at, "kind"] },
        message: `subject kind ${JSON.stringify(s.kind)} is refused: it is ServiceAccount, User or Group${near ? ` (did you mean ${near}?)` : ""}`,
        ...(near ? { suggestions: [setValue(`set kind: ${near}`, [...at, "kind"], near)] } : {}),
      });
      return;
    }
    const group = s.apiGroup;
    if (s.kind === "ServiceAccount") {
      if (typeof group === "string" && group !== "") {
        // A ServiceAccount is of the core group: only an empty apiGroup is taken, so the fix removes it.
        report({ target: { resource, path: [...at, "apiGroup"] }, message: `ServiceAccount subject ${JSON.stringify(s.name)} sets an apiGroup, which the API server refuses: a ServiceAccount's is the core group ("")`, fix: removeValue("remove apiGroup", resource.object, [...at, "apiGroup"]) });
      }
      if (cluster && (typeof s.namespace !== "string" || s.namespace === "")) {
        report({ target: { resource, path: at }, message: `ServiceAccount subject ${JSON.stringify(s.name)} of a ClusterRoleBinding has no namespace: the API server refuses it` });
      }
    } else if (typeof group === "string" && group !== "" && group !== RBAC_GROUP) {
      report({ target: { resource, path: [...at, "apiGroup"] }, message: `${s.kind} subject has apiGroup ${JSON.stringify(group)}, which the API server refuses: it is ${RBAC_GROUP}`, fix: setValue(`set apiGroup: ${RBAC_GROUP}`, [...at, "apiGroup"], RBAC_GROUP) });
    }
  });
}
