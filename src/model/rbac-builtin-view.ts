import { stringMap } from "./pod-spec.js";
import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";

/** The label by which the API server's built-in ClusterRole "view" takes in other ClusterRoles' rules. */
export const AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

/**
 * Whether a ClusterRole's rules become those of the built-in ClusterRole "view": its aggregationRule
 * selects `aggregate-to-view: "true"`. Clusters give view to everyone who may only look, and Kubernetes
 * keeps it from reading Secrets and from anything that escalates; a role labelled into it gives what it
 * grants to every holder of view. Not when the set defines a ClusterRole "view" of its own (its
 * aggregationRule, if any, is followed like any other).
 */
export function aggregatedIntoBuiltinView(role: Resource, index: ResourceIndex): boolean {
  if (role.kind !== "ClusterRole" || role.name === "view") return false;
  if (stringMap(role.object.metadata?.labels)[AGGREGATE_TO_VIEW] !== "true") return false;
  return !index.has("ClusterRole", undefined, "view");
}

/** What the findings say of such a role that no binding in the set reaches. */
export const BUILTIN_VIEW_WHERE = `wherever the built-in ClusterRole "view" is bound (labelled ${AGGREGATE_TO_VIEW}, its rules are view's)`;
/** How a binding of view in the set reaches it. */
export const THROUGH_BUILTIN_VIEW = ` through the built-in ClusterRole "view", which aggregates it`;
