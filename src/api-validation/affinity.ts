import type { Report } from "../engine/rule.js";
import { getPath, isRecord, type PodTemplate } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import { requirementProblem } from "../model/selector.js";
import type { ObjectPath } from "../types.js";
import { items } from "../model/list-items.js";
import { writesMisspelt } from "../schema/misspelt-field.js";

type Emit = (r: Report) => void;

const REQUIREMENT_FIELDS = ["key", "operator", "values"];

/** Each matchExpressions entry of a label selector (or a node selector term) the API server refuses. */
function checkRequirements(resource: Resource, selector: unknown, at: ObjectPath, kind: "label" | "node", report: Emit, field = "matchExpressions"): void {
  if (!isRecord(selector)) return;
  items(selector[field]).forEach((e, i) => {
    if (!isRecord(e)) return;
    // A key, operator or values under a misspelt key (opreator) is the schema rule's finding, with the rename.
    const definition = kind === "node" ? "IoK8sApiCoreV1NodeSelectorRequirement" : "IoK8sApimachineryPkgApisMetaV1LabelSelectorRequirement";
    const problem = field === "matchFields" ? fieldRequirementProblem(e) : requirementProblem(e, kind);
    if (!problem) return;
    const causedBy = REQUIREMENT_FIELDS.some((f) => writesMisspelt(resource, e, definition, f)) ? "schema" : undefined;
    report({ target: { resource, path: [...at, field, i] }, message: `invalid selector: ${problem}`, causedBy });
  });
}

/**
 * A node selector term's matchFields entry as ValidateNodeFieldSelectorRequirement reads it: the one
 * field a node can be selected by is metadata.name, with In or NotIn and exactly one value.
 */
function fieldRequirementProblem(e: Record<string, unknown>): string | undefined {
  if (typeof e.key !== "string" || e.key === "") return "a matchFields entry has no key";
  if (e.key !== "metadata.name") return `"${e.key}" is not a node field a matchFields entry can select (metadata.name)`;
  if (e.operator !== "In" && e.operator !== "NotIn") return `operator ${JSON.stringify(e.operator)} on "metadata.name" is not one a matchFields entry takes (In, NotIn)`;
  const n = Array.isArray(e.values) ? e.values.length : typeof e.values === "string" ? 1 : 0;
  return n === 1 ? undefined : `operator ${e.operator} on "metadata.name" in matchFields takes exactly one value (a node name)`;
}

/**
 * The label selectors of a pod's affinity terms and spread constraints, and its node affinity's terms.
 * Spread constraints' selectors are validated from 1.27 (`minor`, the target's); before, the API
 * server took any.
 */
export function checkAffinitySelectors(pod: PodTemplate, report: Emit, minor: number): void {
  const resource = pod.resource;
  const spec = pod.spec as unknown as Record<string, unknown>;
  const affinity = isRecord(spec.affinity) ? spec.affinity : {};
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const a = affinity[kind];
    if (!isRecord(a)) continue;
    const terms: Array<[unknown, ObjectPath]> = [
      ...items(a.requiredDuringSchedulingIgnoredDuringExecution).map((t, i): [unknown, ObjectPath] => [t, [...pod.specPath, "affinity", kind, "requiredDuringSchedulingIgnoredDuringExecution", i]]),
      ...items(a.preferredDuringSchedulingIgnoredDuringExecution).map((t, i): [unknown, ObjectPath] => [isRecord(t) ? t.podAffinityTerm : undefined, [...pod.specPath, "affinity", kind, "preferredDuringSchedulingIgnoredDuringExecution", i, "podAffinityTerm"]]),
    ];
    for (const [term, at] of terms) {
      if (!isRecord(term)) continue;
      checkRequirements(resource, term.labelSelector, [...at, "labelSelector"], "label", report);
      checkRequirements(resource, term.namespaceSelector, [...at, "namespaceSelector"], "label", report);
    }
  }
  const node = isRecord(affinity.nodeAffinity) ? affinity.nodeAffinity : {};
  const required = getPath(node, ["requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]);
  items(required).forEach((term, i) => {
    const at = [...pod.specPath, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", i];
    checkRequirements(resource, term, at, "node", report);
    checkRequirements(resource, term, at, "node", report, "matchFields");
  });
  items(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
    const at = [...pod.specPath, "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", i, "preference"];
    const term = isRecord(p) ? p.preference : undefined;
    checkRequirements(resource, term, at, "node", report);
    checkRequirements(resource, term, at, "node", report, "matchFields");
  });
  if (minor < 27) return;
  items(spec.topologySpreadConstraints).forEach((c, i) => {
    if (isRecord(c)) checkRequirements(resource, c.labelSelector, [...pod.specPath, "topologySpreadConstraints", i, "labelSelector"], "label", report);
  });
}
