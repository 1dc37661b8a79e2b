import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1.js";
import { isRecord, stringMap } from "./pod-spec.js";

/**
 * A label selector as Kubernetes evaluates it. `matchLabels` pairs and `matchExpressions` requirements
 * are ANDed. An empty selector matches everything for PodDisruptionBudget (policy/v1) and NetworkPolicy
 * podSelector, and nothing for Services (a Service with no selector selects no pods): callers say which.
 */
export interface CompiledSelector {
  /** Equality requirements, usable to narrow candidates through the label index. */
  equals: Array<[string, string]>;
  expressions: LabelSelectorRequirement[];
  empty: boolean;
  /** True when the selector is malformed (an unknown operator): it matches nothing. */
  invalid: boolean;
  matches(labels: Record<string, string>): boolean;
}

export function compileSelector(sel: LabelSelector | Record<string, string> | undefined, form: "labelSelector" | "map"): CompiledSelector {
  let equals: Array<[string, string]> = [];
  let expressions: LabelSelectorRequirement[] = [];
  if (form === "map") {
    equals = Object.entries(stringMap(sel));
  } else if (isRecord(sel)) {
    const ls = sel as LabelSelector;
    equals = Object.entries(stringMap(ls.matchLabels));
    expressions = Array.isArray(ls.matchExpressions) ? ls.matchExpressions.filter(isRecord) : [];
  }
  const invalid = expressions.some((e) => !["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator));
  const empty = equals.length === 0 && expressions.length === 0;
  return {
    equals,
    expressions,
    empty,
    invalid,
    matches(labels) {
      if (invalid) return false;
      for (const [k, v] of equals) if (labels[k] !== v) return false;
      for (const e of expressions) if (!requirementMatches(e, labels)) return false;
      return true;
    },
  };
}

function requirementMatches(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = Array.isArray(req.values) ? req.values.map(String) : [];
  switch (req.operator) {
    case "In":
      return has && values.includes(labels[req.key]);
    case "NotIn":
      // As in Kubernetes: a missing label satisfies NotIn.
      return !has || !values.includes(labels[req.key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return false;
  }
}

/** Labels that controllers add to pods at run time; manifests never show them. */
export const CONTROLLER_LABELS: ReadonlySet<string> = new Set([
  "statefulset.kubernetes.io/pod-name",
  "controller-revision-hash",
  "pod-template-hash",
  "pod-template-generation",
  "apps.kubernetes.io/pod-index",
  "batch.kubernetes.io/job-name",
  "batch.kubernetes.io/controller-uid",
  "job-name",
  "controller-uid",
]);

/** True when a selector requires a label that only a controller sets at run time. */
export function usesControllerLabels(sel: CompiledSelector): boolean {
  return sel.equals.some(([k]) => CONTROLLER_LABELS.has(k)) || sel.expressions.some((e) => CONTROLLER_LABELS.has(e.key) && e.operator !== "DoesNotExist" && e.operator !== "NotIn");
}
