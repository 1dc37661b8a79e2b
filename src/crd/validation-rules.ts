import type { ObjectPath, Severity } from "../types.js";
import { isRecord } from "../model/pod-spec.js";
import type { CelEngine } from "../cel/load.js";
import { toCelBySchema } from "../cel/values.js";
import { parseFieldPath } from "../cel/field-path.js";
import { rulesOf, type SchemaNode } from "./walk-schema.js";
import { undefinedSchemaField } from "./undefined-field.js";
import { didYouMean } from "../engine/closest-id.js";
import { unescapeCelName } from "../cel/escaping.js";
import { withoutComputedTokens } from "../engine/message-values.js";

/** A rule of x-kubernetes-validations that fails for a value, or that cannot be evaluated here. */
export interface RuleProblem {
  path: ObjectPath;
  message: string;
  severity: Severity;
}

export interface ValidationRule {
  rule?: unknown;
  message?: unknown;
  messageExpression?: unknown;
  reason?: unknown;
  fieldPath?: unknown;
  optionalOldSelf?: unknown;
}

const VARIABLES = ["self", "oldSelf"];

/** A rule that refers to oldSelf is a transition rule: on a create it runs only with optionalOldSelf. */
function isTransition(r: ValidationRule): boolean {
  return typeof r.rule === "string" && /\boldSelf\b/.test(r.rule) && r.optionalOldSelf !== true;
}

/**
 * Why a rule of a CRD does not compile (the API server refuses the CRD), or undefined. Rules that use
 * what k8slint does not implement are not reported here: the custom resources say they were not evaluated.
 */
export function ruleCompileProblem(cel: CelEngine, r: ValidationRule, schema: Record<string, unknown>, root: boolean): string | undefined {
  if (typeof r.rule !== "string") return "has no rule";
  const c = cel.compile(r.rule, VARIABLES);
  if (!c.ok && c.kind === "invalid") return c.message;
  const undefinedField = c.ok ? undefinedRead(c.selfReads, schema, root) : undefined;
  if (undefinedField) return undefinedField;
  if (typeof r.messageExpression === "string") {
    const m = cel.compile(r.messageExpression, VARIABLES);
    if (!m.ok && m.kind === "invalid") return `messageExpression: ${m.message}`;
  }
  return undefined;
}

/** "undefined field 'replica' (did you mean replicas?)": the API server's type check, for a field `self` does not have. */
function undefinedRead(reads: readonly string[][], schema: Record<string, unknown>, root: boolean): string | undefined {
  for (const chain of reads) {
    // Properties are read by their CEL names (max__dash__size for max-size, __namespace__ for namespace).
    const u = undefinedSchemaField(schema, chain.map(unescapeCelName), root);
    if (!u) continue;
    return `undefined field '${chain[u.at]}'${didYouMean(chain[u.at], u.known)}`;
  }
  return undefined;
}

/** self at the root: apiVersion, kind and only metadata.name and generateName, as the API server binds it. */
function rootSelf(object: Record<string, unknown>): Record<string, unknown> {
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const m: Record<string, unknown> = {};
  if (meta.name !== undefined) m.name = meta.name;
  if (meta.generateName !== undefined) m.generateName = meta.generateName;
  return { ...object, metadata: m };
}

/** Evaluates the x-kubernetes-validations rules of one node with self bound to its value (a create: no oldSelf). */
export function ruleProblems(cel: CelEngine, node: SchemaNode, crdName: string): RuleProblem[] {
  const rules = rulesOf(node.schema);
  if (rules.length === 0) return [];
  const out: RuleProblem[] = [];
  const self = toCelBySchema(node.path.length === 0 && isRecord(node.value) ? rootSelf(node.value) : node.value, node.schema);
  const activation = { self, oldSelf: cel.absent() };
  for (const r of rules) {
    if (typeof r.rule !== "string" || isTransition(r)) continue;
    const c = cel.compile(r.rule, VARIABLES);
    const where = `rule ${JSON.stringify(r.rule)} of CustomResourceDefinition ${crdName}`;
    // What the evaluation printed may hold a value of self changed on the way (upper-cased, cut), which
    // the engine does not find verbatim: its credential-like tokens are hidden unless the rule wrote them.
    const computed = (text: string) => withoutComputedTokens(text, [node.value], `${r.rule}\n${String(r.message ?? "")}\n${String(r.messageExpression ?? "")}`);
    if (!c.ok) {
      if (c.kind === "unsupported") out.push({ path: node.path, severity: "info", message: `not evaluated: the ${where} ${c.message}` });
      continue; // one that does not compile is reported at the CRD
    }
    // A field the schema does not define: the API server refuses the CRD, reported there.
    if (undefinedRead(c.selfReads, node.schema, node.path.length === 0)) continue;
    const result = c.run(activation);
    if (!result.ok && result.kind === "missing") {
      // A field the object does not set may get its schema default before validation: not asserted.
      out.push({ path: node.path, severity: "info", message: `not evaluated: the ${where} reads a field the object does not set (${computed(result.message)})` });
      continue;
    }
    if (!result.ok && result.kind === "unsupported") {
      // What k8slint cannot evaluate as cel-go does (an RE2 pattern JavaScript reads otherwise): not judged.
      out.push({ path: node.path, severity: "info", message: `not evaluated: the ${where} depends on ${computed(result.message)}` });
      continue;
    }
    if (!result.ok) {
      out.push({ path: node.path, severity: "error", message: `the ${where} ${result.kind === "cost" ? result.message : `fails to evaluate: ${computed(result.message)}`}` });
      continue;
    }
    if (result.value === true) continue;
    let message = typeof r.message === "string" && r.message.trim() !== "" ? r.message : `failed rule: ${r.rule}`;
    if (typeof r.messageExpression === "string") {
      const m = cel.compile(r.messageExpression, VARIABLES);
      const v = m.ok ? m.run(activation) : undefined;
      if (v?.ok && typeof v.value === "string" && v.value.trim() !== "" && !v.value.includes("\n")) message = computed(v.value);
    }
    const field = typeof r.fieldPath === "string" ? parseFieldPath(r.fieldPath) : undefined;
    const reason = typeof r.reason === "string" && r.reason !== "FieldValueInvalid" ? ` (${r.reason})` : "";
    out.push({ path: field ? [...node.path, ...field] : node.path, severity: "error", message: `${message}${reason} (x-kubernetes-validations of CustomResourceDefinition ${crdName})` });
  }
  return out;
}
