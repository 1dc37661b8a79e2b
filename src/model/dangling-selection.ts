import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";
import type { ExternalObjects } from "./external.js";
import { podSelectionOf, withoutControllerLabels, type CompiledSelector, type PodSelection } from "./selector.js";
import type { PodTemplate } from "./pod-spec.js";
import { closestName } from "../engine/closest-id.js";
import { refusedNamespace } from "./refused-namespace.js";

/** Why a pod selector selects nothing: it is invalid, a budget has none, or no pod template matches `visible`. */
export type DanglingSelection = { sel: PodSelection; reason: "invalid" } | { sel: PodSelection; reason: "absent" } | { sel: PodSelection; reason: "none"; visible: CompiledSelector };

/**
 * A Service's, budget's or NetworkPolicy's pod selector that selects no pods, as dangling-selector
 * reports it: invalid, absent from a budget, or matching no pod template of its namespace (as written,
 * without the labels controllers add); undefined when it selects some, selects all, or cannot be
 * judged (malformed, the namespace's pods external, the set without any workload, or pods an operator
 * runs for a custom resource it names). A rule whose finding follows from it (no budget
 * covers a workload the budget was meant for, a governing Service that does not select its
 * StatefulSet's pods) names it as the cause.
 */
export function danglingSelection(resource: Resource, index: ResourceIndex, external: ExternalObjects): DanglingSelection | undefined {
  const sel = podSelectionOf(resource);
  // An object the API server refuses for its namespace (YOUR_NAMESPACE) selects nothing anywhere: invalid-name's finding.
  if (!sel || sel.malformed || refusedNamespace(resource) !== undefined) return undefined;
  if (sel.selector.invalid) return { sel, reason: "invalid" };
  if (resource.kind === "PodDisruptionBudget" && !sel.written) return { sel, reason: "absent" };
  // Empty: select-all (PDB, NetworkPolicy) or no selector at all (Service with hand-made Endpoints).
  if (sel.selector.empty) return undefined;
  const visible = withoutControllerLabels(sel.selector);
  if (!visible || external.has("Pod", resource.namespace, "*")) return undefined;
  // A set with no workload at all (a bundle of Services or policies, a file linted alone): the pods
  // are defined elsewhere, and nothing here says which labels they carry.
  if (index.runsNoPods()) return undefined;
  if (index.selectsAnyPod(resource.namespace, visible, false)) return undefined;
  // The pods an operator runs for a custom resource the selector names (a database cluster's): not judged.
  if (index.selectsCustomResourcePods(resource.namespace, visible)) return undefined;
  return { sel, reason: "none", visible };
}

export function selectsNoPods(resource: Resource, index: ResourceIndex, external: ExternalObjects): boolean {
  return danglingSelection(resource, index, external) !== undefined;
}

/**
 * Whether a selector that selects nothing was plainly meant for a pod: each label it asks for is one the
 * pod has, or a slip of a character or two in its key or value (`app: webb` for `app: web`). A selector with no such labels
 * (expressions only) says nothing about what it was meant for.
 */
export function nearMissOf(resource: Resource, pod: PodTemplate): boolean {
  const sel = podSelectionOf(resource);
  if (!sel || sel.malformed || sel.selector.invalid || sel.selector.equals.length === 0) return false;
  const keys = Object.keys(pod.labels);
  return sel.selector.equals.every(([k, v]) => {
    const key = k in pod.labels ? k : closestName(k, keys);
    if (key === undefined) return false;
    const value = pod.labels[key];
    return value === v || closestName(v, [value]) !== undefined;
  });
}
