import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1.js";
import type { ObjectPath } from "../types.js";
import type { Resource } from "./resource.js";
import { apiGroup } from "./resource.js";
import { getPath, isRecord, stringMap, type LabelKeys } from "./pod-spec.js";
import { selectorKey } from "./object-meta.js";

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
  /** True when the selector is malformed (an unknown operator, In without values…): it matches nothing. */
  invalid: boolean;
  /** Why the selector is invalid, as the API server would say it (set when `invalid`). */
  invalidReason?: string;
  /** Index of the first malformed matchExpressions entry (set when `invalid`). */
  invalidIndex?: number;
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
  const problem = firstInvalidRequirement(expressions);
  const invalid = problem !== undefined;
  const empty = equals.length === 0 && expressions.length === 0;
  return {
    equals,
    expressions,
    empty,
    invalid,
    ...(problem ? { invalidReason: problem.reason, invalidIndex: problem.index } : {}),
    matches(labels) {
      if (invalid) return false;
      // Indexed loops: every selection of every rule asks this of each candidate template.
      for (let i = 0; i < equals.length; i++) if (labels[equals[i][0]] !== equals[i][1]) return false;
      for (let i = 0; i < expressions.length; i++) if (!requirementMatches(expressions[i], labels)) return false;
      return true;
    },
  };
}

/**
 * The first requirement Kubernetes would refuse to turn into a selector (metav1.LabelSelectorAsSelector):
 * an unknown operator, In/NotIn without values, Exists/DoesNotExist with values, or no key.
 */
function firstInvalidRequirement(expressions: readonly LabelSelectorRequirement[]): { index: number; reason: string } | undefined {
  for (let index = 0; index < expressions.length; index++) {
    const reason = requirementProblem(expressions[index], "label");
    if (reason) return { index, reason };
  }
  return undefined;
}

/**
 * Why the API server refuses a matchExpressions requirement, or undefined. A node selector's (node
 * affinity) also takes Gt and Lt, with exactly one value.
 */
export function requirementProblem(e: { key?: unknown; operator?: unknown; values?: unknown }, kind: "label" | "node"): string | undefined {
  const values = requirementValues(e);
  if (typeof e.key !== "string" || e.key === "") return "a matchExpressions entry has no key";
  switch (e.operator) {
    case "In":
    case "NotIn":
      return values.length === 0 ? `operator ${e.operator} on "${e.key}" needs at least one value` : undefined;
    case "Exists":
    case "DoesNotExist":
      return values.length > 0 ? `operator ${e.operator} on "${e.key}" takes no values` : undefined;
    case "Gt":
    case "Lt":
      if (kind === "node") return values.length === 1 ? undefined : `operator ${e.operator} on "${e.key}" takes exactly one value`;
      break;
    case undefined:
    case null:
      return `the requirement on "${e.key}" has no operator`;
  }
  return `"${String(e.operator)}" is not a selector operator (${kind === "node" ? "In, NotIn, Exists, DoesNotExist, Gt, Lt" : "In, NotIn, Exists, DoesNotExist"})`;
}

/**
 * A requirement's values. One value written without the list (`values: web`) is refused by the API
 * server, and the schema rule reports it; read as the one-value list it plainly means, so that the
 * selector rules do not also call it empty or select nothing with it.
 */
function requirementValues(e: { values?: unknown }): unknown[] {
  const v = e.values;
  return Array.isArray(v) ? v : typeof v === "string" || typeof v === "number" ? [v] : [];
}

function requirementMatches(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = requirementValues(req).map(String);
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
  // An Indexed Job's pods carry their index (PodIndexLabel, on by default from 1.28).
  "batch.kubernetes.io/job-completion-index",
  "batch.kubernetes.io/controller-uid",
  "job-name",
  "controller-uid",
]);

/** True when a selector requires a label that only a controller sets at run time. */
export function usesControllerLabels(sel: CompiledSelector): boolean {
  return sel.equals.some(([k]) => CONTROLLER_LABELS.has(k)) || sel.expressions.some((e) => CONTROLLER_LABELS.has(e.key) && e.operator !== "DoesNotExist" && e.operator !== "NotIn");
}

/**
 * The same selector without its requirements on controller-set labels: what the manifests can show.
 * undefined when nothing else is left (then the manifests cannot tell what it selects).
 */
export function withoutControllerLabels(sel: CompiledSelector): CompiledSelector | undefined {
  if (!usesControllerLabels(sel)) return sel;
  return withoutLabelKeys(sel, CONTROLLER_LABELS);
}

/** The same selector without its requirements on some label keys; undefined when nothing else is left. */
export function withoutLabelKeys(sel: CompiledSelector, keys: LabelKeys): CompiledSelector | undefined {
  const matchLabels = Object.fromEntries(sel.equals.filter(([k]) => !keys.has(k)));
  const matchExpressions = sel.expressions.filter((e) => !keys.has(e.key));
  const rest = compileSelector({ matchLabels, matchExpressions }, "labelSelector");
  return rest.empty ? undefined : rest;
}

/** The pod selector of an object, with the meaning Kubernetes gives it for that kind. */
export interface PodSelection {
  selector: CompiledSelector;
  /** Where the selector is written; when it is absent, the object that lacks it. */
  path: ObjectPath;
  /** True when the field is written in the manifest (an absent selector still has a meaning). */
  written: boolean;
  /** What an empty selector selects for this kind: every pod of the namespace, or none. */
  emptyMatchesAll: boolean;
  /**
   * True when the field is written but is not a mapping (a string, a list): the API server rejects
   * the object (the schema rule says why), so it selects nothing and selector rules leave it alone.
   */
  malformed?: boolean;
}

const LABEL_SELECTOR_WORKLOADS: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);

/**
 * How each kind selects pods:
 * - Service `spec.selector` (a map): absent or empty selects no pods (Endpoints are managed by hand);
 *   ExternalName Services select nothing and have no selection (undefined).
 * - PodDisruptionBudget `spec.selector`: absent selects none; empty `{}` selects every pod of the
 *   namespace in policy/v1 and none in policy/v1beta1.
 * - NetworkPolicy `spec.podSelector`: empty (or absent) selects every pod of the namespace.
 * - Deployment, StatefulSet, DaemonSet, ReplicaSet `spec.selector`: required; empty selects none
 *   (the API server rejects it in apps/v1).
 * - ReplicationController `spec.selector` (a map): absent or empty defaults to the template's labels.
 * - Job: only with `manualSelector: true` (otherwise the controller generates a unique selector).
 * Other kinds: undefined.
 */
export function podSelectionOf(r: Resource): PodSelection | undefined {
  const sel = kindSelection(r);
  if (!sel || !sel.written) return sel;
  const v = getPath(r.object, sel.path);
  return isRecord(v) ? sel : { ...sel, malformed: true, selector: compileSelector(undefined, "map"), emptyMatchesAll: false };
}

function kindSelection(r: Resource): PodSelection | undefined {
  const spec = getPath(r.object, ["spec"]);
  const field = (name: string) => (isRecord(spec) ? spec[name] : undefined);
  const written = (v: unknown) => v !== undefined && v !== null;
  switch (r.kind) {
    case "Service": {
      if (field("type") === "ExternalName") return undefined;
      const key = isRecord(spec) ? selectorKey(r, spec, "selector") : "selector";
      const sel = field(key);
      return { selector: compileSelector(sel as Record<string, string>, "map"), path: written(sel) ? ["spec", key] : ["spec"], written: written(sel), emptyMatchesAll: false };
    }
    case "PodDisruptionBudget": {
      const key = isRecord(spec) ? selectorKey(r, spec, "selector") : "selector";
      const sel = field(key);
      return {
        selector: compileSelector(sel as LabelSelector, "labelSelector"),
        path: written(sel) ? ["spec", key] : ["spec"],
        written: written(sel),
        // policy/v1: {} selects all pods in the namespace, null selects none; v1beta1: both select none.
        emptyMatchesAll: written(sel) && r.apiVersion !== "policy/v1beta1",
      };
    }
    case "NetworkPolicy": {
      if (!["networking.k8s.io", "extensions"].includes(apiGroup(r.apiVersion))) return undefined;
      const key = isRecord(spec) ? selectorKey(r, spec, "podSelector") : "podSelector";
      const sel = field(key);
      return { selector: compileSelector(sel as LabelSelector, "labelSelector"), path: written(sel) ? ["spec", key] : ["spec"], written: written(sel), emptyMatchesAll: true };
    }
    case "ReplicationController": {
      const sel = field("selector");
      const own = compileSelector(sel as Record<string, string>, "map");
      if (!own.empty) return { selector: own, path: ["spec", "selector"], written: true, emptyMatchesAll: false };
      const labels = getPath(r.object, ["spec", "template", "metadata", "labels"]);
      return { selector: compileSelector(labels as Record<string, string>, "map"), path: ["spec", "template", "metadata", "labels"], written: false, emptyMatchesAll: false };
    }
    case "Job": {
      if (field("manualSelector") !== true) return undefined;
      const sel = field("selector");
      return { selector: compileSelector(sel as LabelSelector, "labelSelector"), path: written(sel) ? ["spec", "selector"] : ["spec"], written: written(sel), emptyMatchesAll: false };
    }
    default: {
      if (!LABEL_SELECTOR_WORKLOADS.has(r.kind)) return undefined;
      const sel = field("selector");
      return { selector: compileSelector(sel as LabelSelector, "labelSelector"), path: written(sel) ? ["spec", "selector"] : ["spec"], written: written(sel), emptyMatchesAll: false };
    }
  }
}

/** A selector in kubectl's notation: `app=api,tier in (db,cache),!legacy`. */
export function formatSelector(sel: CompiledSelector): string {
  const parts = sel.equals.map(([k, v]) => `${k}=${v}`);
  for (const e of sel.expressions) {
    const values = Array.isArray(e.values) ? e.values.map(String).join(",") : "";
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.join(",");
}

/** The first requirement of a selector that a label set fails: a matchLabels key or a matchExpressions index. */
export function firstUnmetRequirement(sel: CompiledSelector, labels: Record<string, string>): { matchLabel: string } | { expression: number } | undefined {
  for (const [k, v] of sel.equals) if (labels[k] !== v) return { matchLabel: k };
  const i = sel.expressions.findIndex((e) => !requirementMatches(e, labels));
  return i === -1 ? undefined : { expression: i };
}

/**
 * The matchLabels of a workload's `spec.selector` when they alone say what it selects (written, not
 * empty, no matchExpressions): what a proposed object (a budget, a headless Service, a spread
 * constraint) can select the same pods by.
 */
export function selectorMatchLabelsOnly(r: Resource): Record<string, unknown> | undefined {
  const selector = getPath(r.object, ["spec", "selector"]);
  if (!isRecord(selector) || selector.matchExpressions !== undefined || !isRecord(selector.matchLabels)) return undefined;
  return Object.keys(selector.matchLabels).length > 0 ? selector.matchLabels : undefined;
}
