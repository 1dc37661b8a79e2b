import type { ObjectPath } from "../types.js";
import type { Resource } from "../model/resource.js";
import { apiGroup } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import type { Compiled } from "../cel/engine.js";
import { builtinKindEntries, undefinedField } from "../schema/builtin-schemas.js";
import { undefinedSchemaField } from "../crd/undefined-field.js";
import { collectCrds } from "../schema/crd-schemas.js";
import { closestId, meant } from "../engine/closest-id.js";
import { guessResource } from "./resource-names.js";
import type { Policy } from "./policy-set.js";
import type { ResourceRule } from "./match-resources.js";

/** A kind a policy can see, and the first field of a chain its schema does not define. */
interface TargetKind {
  kind: string;
  undefinedAt(chain: readonly string[]): { at: number; known: string[] } | undefined;
}

/**
 * The kinds whose creation a policy's matchConstraints select, each with its schema: every version of
 * the built-in kinds of its resource rules, and of the custom kinds of the CRDs given. Undefined when a
 * rule leaves that open (a resource "*", a subresource, a resource no schema here describes): then no
 * field can be said to be missing from all of them.
 */
function targetKinds(policy: Policy, crds: readonly Resource[]): TargetKind[] | undefined {
  const rules = policy.spec.matchConstraints?.resourceRules;
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  const out: TargetKind[] = [];
  const crdVersions = [...collectCrds(crds).values()];
  const builtins = builtinKindEntries();
  for (const rule of rules as ResourceRule[]) {
    const groups = rule.apiGroups ?? [];
    const versions = rule.apiVersions ?? [];
    const resources = rule.resources ?? [];
    if (groups.length === 0 || versions.length === 0 || resources.length === 0) return undefined;
    const has = (list: readonly string[], v: string) => list.includes("*") || list.includes(v);
    for (const resource of resources) {
      if (resource === "*" || resource.includes("/")) return undefined;
      const before = out.length;
      for (const e of builtins) {
        const group = apiGroup(e.apiVersion);
        if (guessResource(e.kind) !== resource || !has(groups, group) || !has(versions, e.apiVersion.slice(e.apiVersion.indexOf("/") + 1))) continue;
        out.push({ kind: e.kind, undefinedAt: (chain) => undefinedField(e.definition, chain) });
      }
      for (const v of crdVersions) {
        const spec = v.crd.object.spec;
        const names = isRecord(spec) && isRecord(spec.names) ? spec.names : {};
        if (!isRecord(spec) || names.plural !== resource || !has(groups, String(spec.group)) || !has(versions, v.version) || !isRecord(v.schema)) continue;
        const schema = v.schema;
        out.push({ kind: String(names.kind), undefinedAt: (chain) => undefinedSchemaField(schema, chain, true) });
      }
      if (out.length === before) return undefined;
    }
  }
  return out;
}

/** An expression of the policy, where it is written. */
export interface PolicyExpression {
  expr: Compiled;
  path: ObjectPath;
}

/**
 * `has(object.a.b)` tests that no kind the policy matches can make true: the last field is defined by
 * none of them (a missing one before it is an evaluation error, reported when it runs). The test is
 * then always false and the validation it guards never checks what its author meant. A guard for one
 * kind among several the policy matches is quiet: some kind defines the field.
 */
export function alwaysFalseHas(policy: Policy, expressions: readonly PolicyExpression[], crds: readonly Resource[]): Array<{ path: ObjectPath; message: string }> {
  if (!expressions.some((e) => e.expr.ok && e.expr.objectHas.length > 0)) return [];
  const targets = targetKinds(policy, crds);
  if (!targets) return [];
  const out: Array<{ path: ObjectPath; message: string }> = [];
  for (const { expr, path } of expressions) {
    if (!expr.ok) continue;
    const seen = new Set<string>();
    for (const chain of expr.objectHas) {
      const key = chain.join(".");
      if (seen.has(key)) continue;
      seen.add(key);
      const missing = targets.map((t) => t.undefinedAt(chain));
      if (!missing.every((m) => m !== undefined && m.at === chain.length - 1)) continue;
      const kinds = [...new Set(targets.map((t) => t.kind))];
      const near = closestId(chain[chain.length - 1], missing[0]!.known);
      out.push({
        path,
        message: `has(object.${key}) is always false: ${kinds.join(" and ")} ${kinds.length === 1 ? "has" : "have"} no field ${key}${meant(near && JSON.stringify(near))}`,
      });
    }
  }
  return out;
}
