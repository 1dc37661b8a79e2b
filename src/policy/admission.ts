import type { ObjectPath, Severity } from "../types.js";
import type { Model } from "../model/model.js";
import type { Resource } from "../model/resource.js";
import { apiGroup, describeResource } from "../model/resource.js";
import { isRecord, stringMap } from "../model/pod-spec.js";
import { compileSelector } from "../model/selector.js";
import type { CelEngine } from "../cel/load.js";
import type { Compiled, Outcome } from "../cel/engine.js";
import { toCel, showCel } from "../cel/values.js";
import { parseFieldPath } from "../cel/field-path.js";
import { PolicySet, type Binding, type Policy } from "./policy-set.js";
import { ResourceNames } from "./resource-names.js";
import { defaultNamespaceLabels, matchesResources, type RequestTarget } from "./match-resources.js";
import { collectCrds, type CrdSet } from "../schema/crd-schemas.js";
import { knownCrds } from "../model/known-crds.js";
import { alwaysFalseHas, type PolicyExpression } from "./always-false-has.js";
import { withDefaults } from "../crd/apply-defaults.js";
import { withBuiltinDefaults } from "./builtin-defaults.js";
import { builtinKind, undefinedField } from "../schema/builtin-schemas.js";
import { didYouMean } from "../engine/closest-id.js";
import { undefinedSchemaField } from "../crd/undefined-field.js";
import { API_DEPRECATIONS } from "../model/api-deprecations.js";
import { kubeMinor } from "../kube-version.js";
import { withoutComputedTokens } from "../engine/message-values.js";
import { eachString } from "../model/walk-values.js";

/** A finding of the admission-policy rule, before the engine places it. */
export interface PolicyFinding {
  resource: Resource;
  path: ObjectPath;
  message: string;
  severity: Severity;
  /** The objects whose values the message may quote, when it is reported elsewhere (at the policy). */
  quotes?: Resource[];
}

type Validation = NonNullable<Policy["spec"]["validations"]>[number] & { fieldPath?: string };

const VARIABLES = ["object", "oldObject", "request", "params", "namespaceObject", "variables"];

/** validationActions decide how the API server treats a failure: Deny rejects, Warn warns, Audit records. */
function severityOf(binding: Binding): Severity | undefined {
  const actions = binding.spec.validationActions ?? [];
  if (actions.includes("Deny")) return "error";
  if (actions.includes("Warn")) return "warning";
  if (actions.includes("Audit")) return "info";
  return undefined;
}

function verbOf(s: Severity): string {
  return s === "error" ? "denies" : s === "warning" ? "warns about" : "audits";
}

const q = JSON.stringify;

/** MaxEvaluatedMessageExpressionSizeBytes (k8s.io/apiserver/pkg/apis/cel/config.go): a longer message is dropped. */
const MAX_MESSAGE_BYTES = 5 * 1024;

/** One compiled expression, or why it cannot run. */
type Expr = Compiled;

interface CompiledPolicy {
  policy: Policy;
  matchConditions: Array<{ name: string; expr: Expr; index: number }>;
  variables: Array<{ name: string; expr: Expr; index: number }>;
  validations: Array<{ expr: Expr; index: number; message?: string; messageExpr?: Expr; fieldPath?: ObjectPath; reason?: string }>;
  auditAnnotations: Array<{ key: string; expr: Expr; index: number }>;
  /** The first expression that does not compile or cannot be evaluated here. */
  problem?: { path: ObjectPath; kind: "invalid" | "unsupported"; message: string };
}

function compilePolicy(cel: CelEngine, policy: Policy): CompiledPolicy {
  const spec = policy.spec;
  const out: CompiledPolicy = { policy, matchConditions: [], variables: [], validations: [], auditAnnotations: [] };
  // `returns`: the types the API server compiles the expression for (ReturnTypes of its accessor: bool for a
  // validation or matchCondition, string for a messageExpression, string or null for an auditAnnotation).
  const compile = (text: unknown, path: ObjectPath, returns?: readonly string[]): Expr => {
    const c = cel.compile(typeof text === "string" ? text : "", VARIABLES);
    if (!c.ok && !out.problem) out.problem = { path, kind: c.kind, message: typeof text === "string" ? c.message : "has no expression" };
    if (c.ok && returns && !out.problem) {
      const type = staticType(cel, text as string);
      if (type !== undefined && !returns.includes(type)) out.problem = { path, kind: "invalid", message: `must evaluate to ${returns.join(" or ")}, not ${type}` };
    }
    return c;
  };
  (spec.matchConditions ?? []).forEach((m, index) => out.matchConditions.push({ name: m.name ?? "", index, expr: compile(m.expression, ["spec", "matchConditions", index, "expression"], ["bool"]) }));
  (spec.variables ?? []).forEach((v, index) => out.variables.push({ name: v.name ?? "", index, expr: compile(v.expression, ["spec", "variables", index, "expression"]) }));
  // fieldPath (1.28+) is not in the generated type yet.
  (spec.validations ?? []).forEach((v: Validation, index) => {
    const expr = compile(v.expression, ["spec", "validations", index, "expression"], ["bool"]);
    const messageExpr = typeof v.messageExpression === "string" ? compile(v.messageExpression, ["spec", "validations", index, "messageExpression"], ["string"]) : undefined;
    const fieldPath = typeof v.fieldPath === "string" ? parseFieldPath(v.fieldPath) : undefined;
    if (typeof v.fieldPath === "string" && !fieldPath && !out.problem) {
      out.problem = { path: ["spec", "validations", index, "fieldPath"], kind: "invalid", message: `fieldPath ${q(v.fieldPath)} is not a field path` };
    }
    out.validations.push({ expr, index, message: v.message, messageExpr, fieldPath, reason: v.reason });
  });
  // The API server compiles each valueExpression, trimmed, when the policy is created (validateAuditAnnotation
  // in pkg/apis/admissionregistration/validation/validation.go): one that does not compile refuses the policy.
  (spec.auditAnnotations ?? []).forEach((a, index) => {
    const text = typeof a.valueExpression === "string" ? a.valueExpression.trim() : a.valueExpression;
    out.auditAnnotations.push({ key: typeof a.key === "string" ? a.key : "", index, expr: compile(text, ["spec", "auditAnnotations", index, "valueExpression"], ["string", "null"]) });
  });
  return out;
}

/**
 * The type the checker gives an expression that compiles, when it is not dyn: learnt from the refusal of
 * an operator that takes only a bool (`!`) or only a number (`-`), "no such overload: !string". The API
 * server compiles each expression for its return types and refuses the policy when the checked type is
 * not one of them (CompileCELExpression in staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/compile.go).
 * It refuses dyn too, but here variables, request and the library's receivers may be dyn where the API
 * server knows their types: a dyn result is left to the evaluation, as is any refusal worded otherwise.
 */
function staticType(cel: CelEngine, text: string): string | undefined {
  for (const operator of ["!", "-"]) {
    // On lines of their own, so that a trailing comment does not swallow the parenthesis.
    const c = cel.compile(`${operator}(\n${text}\n)`, VARIABLES);
    const type = c.ok ? undefined : new RegExp(`^no such overload: \\${operator}(\\S.*)$`).exec(c.message)?.[1];
    if (type !== undefined) return type;
  }
  return undefined;
}

/** Evaluates the set's and the given ValidatingAdmissionPolicies for a CREATE of every object of the set. */
export function evaluatePolicies(model: Model, given: readonly Resource[], cel: CelEngine): PolicyFinding[] {
  const policies = new PolicySet(model.resources, given);
  const out: PolicyFinding[] = [];
  const compiled = new Map<Policy, CompiledPolicy>();
  const reported = new Set<Policy>();
  if (!policies.empty) evaluateBindings(model, policies, cel, compiled, reported, out);
  // The API server compiles a policy's expressions when the policy is created, bound or not: one that
  // does not compile is refused then. (The --policy paths' policies are the cluster's, not linted.)
  // Most sets that load CEL (for their CRDs) hold no policy: no set of their objects is made then.
  if (policies.policies.size === 0) return out;
  const linted = new Set(model.resources);
  for (const policy of policies.policies.values()) {
    if (reported.has(policy) || !linted.has(policy.resource)) continue;
    let cp = compiled.get(policy);
    if (!cp) compiled.set(policy, (cp = compilePolicy(cel, policy)));
    if (cp.problem?.kind === "invalid") out.push(compileFinding(policy, cp.problem));
    else for (const f of alwaysFalseHas(policy, expressionsOf(cp), knownCrds(model))) out.push({ resource: policy.resource, severity: "warning", ...f });
  }
  return out;
}

/** Every expression of a compiled policy, at the path where it is written. */
function expressionsOf(cp: CompiledPolicy): PolicyExpression[] {
  return [
    ...cp.matchConditions.map((m) => ({ expr: m.expr, path: ["spec", "matchConditions", m.index, "expression"] })),
    ...cp.variables.map((v) => ({ expr: v.expr, path: ["spec", "variables", v.index, "expression"] })),
    ...cp.validations.flatMap((v) => [
      { expr: v.expr, path: ["spec", "validations", v.index, "expression"] },
      ...(v.messageExpr ? [{ expr: v.messageExpr, path: ["spec", "validations", v.index, "messageExpression"] }] : []),
    ]),
  ];
}

function compileFinding(policy: Policy, p: NonNullable<CompiledPolicy["problem"]>): PolicyFinding {
  return p.kind === "invalid"
    ? { resource: policy.resource, path: p.path, severity: "error", message: `ValidatingAdmissionPolicy ${q(policy.resource.name)} does not compile: ${p.message}` }
    : { resource: policy.resource, path: p.path, severity: "info", message: `ValidatingAdmissionPolicy ${q(policy.resource.name)} was not evaluated: the expression ${p.message}` };
}

function evaluateBindings(model: Model, policies: PolicySet, cel: CelEngine, compiled: Map<Policy, CompiledPolicy>, reported: Set<Policy>, out: PolicyFinding[]): void {
  const names = new ResourceNames(knownCrds(model));
  const crds = collectCrds(knownCrds(model));
  const minor = kubeMinor(model.settings.kubeVersion);
  const namespaces = new Map<string, Resource>();
  for (const ns of model.index.ofKind("Namespace")) if (ns.name) namespaces.set(ns.name, ns);
  // An expression over the cost limit is reported once and not run again: it would cost as much on every object.
  const runaway = new Set<Expr>();
  // A field an expression reads that a kind does not have is one finding per expression and kind,
  // at the expression when the policy is linted.
  const typos: UndefinedReads = { reported: new Set(), linted: new Set(model.resources), crds };

  for (const binding of policies.bindings) {
    const b = binding.spec;
    const policy = typeof b.policyName === "string" ? policies.policies.get(b.policyName) : undefined;
    const severity = severityOf(binding);
    if (!policy) {
      out.push({ resource: binding.resource, path: ["spec", "policyName"], severity: "error", message: `binding ${q(binding.resource.name)} names ValidatingAdmissionPolicy ${q(b.policyName ?? "")}, which is neither in the set nor among the policies given` });
      continue;
    }
    if (!severity) {
      out.push({ resource: binding.resource, path: ["spec", "validationActions"], severity: "error", message: `binding ${q(binding.resource.name)} sets no validationActions (Deny, Warn or Audit): the API server refuses it` });
      continue;
    }
    const refused = paramRefProblem(b.paramRef);
    if (refused) {
      out.push({ resource: binding.resource, path: refused.path, severity: "error", message: `binding ${q(binding.resource.name)} ${refused.message}: the API server refuses it` });
      continue;
    }
    let cp = compiled.get(policy);
    if (!cp) compiled.set(policy, (cp = compilePolicy(cel, policy)));
    if (cp.problem) {
      if (!reported.has(policy)) {
        reported.add(policy);
        out.push(compileFinding(policy, cp.problem));
      }
      continue;
    }
    const params = paramsOf(policy, binding, policies);
    if (params === "unbound") {
      out.push({ resource: binding.resource, path: ["spec"], severity: "error", message: `binding ${q(binding.resource.name)} has no paramRef, but ValidatingAdmissionPolicy ${q(policy.resource.name)} takes params (paramKind)` });
      continue;
    }
    if (params === "missing") {
      out.push({ resource: binding.resource, path: ["spec", "paramRef"], severity: "warning", message: `binding ${q(binding.resource.name)}: no ${policy.spec.paramKind?.kind} params it refers to are in the set or among the policies given, so ValidatingAdmissionPolicy ${q(policy.resource.name)} was not evaluated with it` });
      continue;
    }
    for (const object of model.resources) {
      if (object === policy.resource || object === binding.resource) continue;
      const admittedValue = asAdmitted(object, crds, minor);
      const target = requestTarget(object, admittedValue, names, namespaces, crds, minor);
      if (!matchesResources(policy.spec.matchConstraints, target, true) || !matchesResources(b.matchResources, target, false)) continue;
      const paramObjects = params === undefined ? [null] : params(object);
      if (paramObjects.length === 0) {
        // With Deny, CollectParams returns an error, which the dispatcher's addConfigError drops under
        // failurePolicy Ignore (staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating/dispatcher.go).
        // Under Fail it denies, but only when the cluster holds none either: params the set lacks are not
        // known here, as for a paramRef whose params are nowhere in the set ("missing" above).
        if (b.paramRef?.parameterNotFoundAction === "Deny" && policy.spec.failurePolicy !== "Ignore") {
          out.push({ resource: object, path: ["metadata", "name"], severity: "info", message: `ValidatingAdmissionPolicy ${q(policy.resource.name)} (binding ${q(binding.resource.name)}) was not evaluated for this ${object.kind}: no ${policy.spec.paramKind?.kind} params for it are in the set or among the policies given (parameterNotFoundAction: Deny)` });
        }
        continue;
      }
      for (const p of paramObjects) evaluateOne(cp, binding, severity, object, admittedValue, target, p, namespaces, runaway, typos, out);
    }
  }
}

/**
 * Why the API server refuses a binding's paramRef, whether or not its policy takes params (validateParamRef
 * in pkg/apis/admissionregistration/validation/validation.go): name and selector are mutually exclusive,
 * one of them is required, and so is parameterNotFoundAction (Allow or Deny). The first, at its field.
 */
function paramRefProblem(ref: Binding["spec"]["paramRef"]): { path: ObjectPath; message: string } | undefined {
  if (!isRecord(ref)) return undefined;
  const named = typeof ref.name === "string" && ref.name !== "";
  const selects = ref.selector !== undefined && ref.selector !== null;
  if (named && selects) return { path: ["spec", "paramRef", "selector"], message: "sets both paramRef.name and paramRef.selector, which are mutually exclusive" };
  if (!named && !selects) return { path: ["spec", "paramRef"], message: "sets neither paramRef.name nor paramRef.selector" };
  const action: unknown = ref.parameterNotFoundAction;
  if (action === undefined || action === null || action === "") return { path: ["spec", "paramRef"], message: "sets no paramRef.parameterNotFoundAction (Allow or Deny)" };
  if (action !== "Allow" && action !== "Deny") return { path: ["spec", "paramRef", "parameterNotFoundAction"], message: "sets a paramRef.parameterNotFoundAction other than Allow or Deny" };
  return undefined;
}

/** undefined: no params; "unbound": the binding lacks a paramRef; "missing": nothing it names exists; else the params for an object. */
function paramsOf(policy: Policy, binding: Binding, policies: PolicySet): undefined | "unbound" | "missing" | ((object: Resource) => Resource[]) {
  const kind = policy.spec.paramKind;
  if (!kind?.kind || !kind.apiVersion) return undefined;
  const ref = binding.spec.paramRef;
  if (!ref) return "unbound";
  const all = policies.ofParamKind(kind.apiVersion, kind.kind);
  const selector = ref.selector ? compileSelector(ref.selector, "labelSelector") : undefined;
  const candidates = all.filter((r) => (ref.name ? r.name === ref.name : selector ? selector.empty || selector.matches(stringMap(r.object.metadata?.labels)) : false));
  // A selector that matches nothing here may match params the cluster holds, as a name may name one.
  if (candidates.length === 0) return "missing";
  return (object) =>
    candidates.filter((r) => {
      if (ref.namespace) return r.namespace === ref.namespace;
      // Without a namespace, namespaced params are looked up in the object's namespace.
      return r.namespace === undefined || r.namespace === object.namespace;
    });
}

/**
 * Whether the API server of the target version serves a kind at an apiVersion: a custom resource at a
 * served version of its CRD in the set, a built-in one where the bundled schemas know it and it was not
 * removed by the target release.
 */
function servedAt(apiVersion: string, kind: string, crds: CrdSet, minor: number): boolean {
  const crd = crds.get(apiVersion, kind);
  if (crd) return crd.served;
  if (!builtinKind(apiVersion, kind)) return false;
  const removed = API_DEPRECATIONS.find((d) => d.apiVersion === apiVersion && d.kinds.includes(kind))?.removedIn;
  return removed === undefined || minor < removed;
}

function requestTarget(object: Resource, admittedValue: Record<string, unknown>, names: ResourceNames, namespaces: ReadonlyMap<string, Resource>, crds: CrdSet, minor: number): RequestTarget {
  const group = apiGroup(object.apiVersion);
  const version = object.apiVersion.includes("/") ? object.apiVersion.slice(object.apiVersion.indexOf("/") + 1) : object.apiVersion;
  // The objectSelector sees the labels as defaulted (a Job without labels takes its pod template's).
  const labels = stringMap(isRecord(admittedValue.metadata) ? admittedValue.metadata.labels : undefined);
  const ns = object.namespace === undefined ? undefined : namespaces.get(object.namespace);
  const namespaceLabels =
    object.namespace === undefined ? undefined : { ...stringMap(ns?.object.metadata?.labels), ...defaultNamespaceLabels(object.namespace) };
  return { group, version, resource: names.resourceOf(group, object.kind), name: object.name, namespace: object.namespace, labels, namespaceLabels, isNamespace: object.kind === "Namespace" && group === "", servedAt: (v) => servedAt(v, object.kind, crds, minor) };
}

/**
 * An object as admission sees it on create: a custom resource with its CRD's schema defaults (when the
 * CRD is in the set), a built-in one with the API server's defaults (src/policy/builtin-defaults.ts).
 * Made once per object and target release, however many policies and bindings evaluate it.
 */
function asAdmitted(object: Resource, crds: CrdSet, minor: number): Record<string, unknown> {
  const known = admitted.get(object);
  if (known?.minor === minor && known.crds === crds) return known.value;
  const crd = crds.get(object.apiVersion, object.kind);
  const value = crd
    ? isRecord(crd.schema)
      ? (withDefaults(crd.schema, object.object) as Record<string, unknown>)
      : object.object
    : (withBuiltinDefaults(object.apiVersion, object.kind, object.object, minor) ?? object.object);
  admitted.set(object, { minor, crds, value });
  return value;
}

const admitted = new WeakMap<Resource, { minor: number; crds: CrdSet; value: Record<string, unknown> }>();

function activationFor(object: Resource, raw: Record<string, unknown>, target: RequestTarget, params: Resource | null, namespaces: ReadonlyMap<string, Resource>, cel: CompiledPolicy, cannotKnow: (what: string) => never): Record<string, unknown> {
  // The API server sets metadata.namespace of a namespaced object from the request.
  const withNs =
    object.namespace !== undefined && !object.namespaceExplicit && isRecord(raw.metadata) ? { ...raw, metadata: { ...raw.metadata, namespace: object.namespace } } : raw;
  const ns = object.namespace === undefined ? undefined : namespaces.get(object.namespace);
  const request = {
    kind: { group: target.group, version: target.version, kind: object.kind },
    resource: { group: target.group, version: target.version, resource: target.resource },
    requestKind: { group: target.group, version: target.version, kind: object.kind },
    requestResource: { group: target.group, version: target.version, resource: target.resource },
    name: object.name,
    namespace: object.namespace ?? "",
    operation: "CREATE",
    dryRun: false,
    options: { apiVersion: "meta.k8s.io/v1", kind: "CreateOptions" },
  };
  const celRequest = toCel(request) as Record<string, unknown>;
  Object.defineProperty(celRequest, "userInfo", { enumerable: true, get: () => cannotKnow("the requesting user") });
  const activation: Record<string, unknown> = {
    object: toCel(withNs),
    oldObject: null,
    request: celRequest,
    params: params ? toCel(params.object) : null,
    get namespaceObject(): unknown {
      if (object.namespace === undefined) return null;
      return ns ? toCel(ns.object) : cannotKnow(`Namespace ${q(object.namespace)} (not in the set)`);
    },
  };
  // Variables are evaluated when first used, in the order they are declared, as the API server does.
  const variables: Record<string, unknown> = {};
  for (const v of cel.variables) {
    let result: Outcome | undefined;
    Object.defineProperty(variables, v.name, {
      enumerable: true,
      get() {
        result ??= v.expr.ok ? v.expr.run(activation) : { ok: false, kind: "error", message: "does not compile" };
        if (result.ok) return result.value;
        throw new Error(`variable ${v.name}: ${result.message}`);
      },
    });
  }
  activation.variables = variables;
  return activation;
}

function evaluateOne(
  cp: CompiledPolicy,
  binding: Binding,
  severity: Severity,
  object: Resource,
  admittedValue: Record<string, unknown>,
  target: RequestTarget,
  params: Resource | null,
  namespaces: ReadonlyMap<string, Resource>,
  runaway: Set<Expr>,
  typos: UndefinedReads,
  out: PolicyFinding[],
): void {
  const policy = cp.policy;
  const name = q(policy.resource.name);
  const head = `ValidatingAdmissionPolicy ${name} (binding ${q(binding.resource.name)})`;
  const fail = policy.spec.failurePolicy !== "Ignore";
  let unknowable: string | undefined;
  let unknowableReads = 0;
  const cannotKnow = (what: string): never => {
    unknowable ??= what;
    unknowableReads++;
    throw new Error(`${what} is not known offline`);
  };
  const activation = activationFor(object, admittedValue, target, params, namespaces, cp, cannotKnow);
  // What an evaluation printed (a messageExpression's result, an error quoting a value it made) may hold a
  // value of the object, params or namespace changed on the way (decoded, upper-cased, cut): not found
  // verbatim by the engine, its credential-like tokens are hidden here.
  const computed = (text: string): string => {
    const ns = object.namespace === undefined ? undefined : namespaces.get(object.namespace);
    return withoutComputedTokens(text, [object.object, params?.object, ns?.object], literalText(policy));
  };
  const problem = (outcome: Outcome & { ok: false }, path: ObjectPath, denial = severity, whateverFailurePolicy = false): void => {
    if (outcome.kind === "missing" && !unknowable) {
      // Often a field the API server defaults before admission (a Deployment's replicas): not a rejection to assert.
      out.push({ resource: object, path: ["metadata", "name"], severity: "info", message: `${head} was not evaluated for this ${object.kind}: it reads a field the object does not set (${computed(outcome.message)}), which the API server may default` });
    } else if (outcome.kind === "unsupported" || unknowable) {
      out.push({ resource: object, path: ["metadata", "name"], severity: "info", message: `${head} was not evaluated for this ${object.kind}: it depends on ${unknowable ?? computed(outcome.message)}` });
    } else if (fail || whateverFailurePolicy) {
      // As the API server reports it: at the policy, with the object it failed on.
      // An error may quote what the expression read (`quantity: "…" is not a valid quantity`): hidden as the object's own findings hide it.
      const quotes = params ? [object, params] : [object];
      out.push({ resource: policy.resource, path, severity: denial, message: `${head} fails on ${describeResource(object)}: ${outcome.kind === "cost" ? "the expression " : ""}${computed(outcome.message)}`, quotes });
    }
  };
  /**
   * An evaluation that failed on a field the object's kind does not have (a typo): the API server fails
   * the expression on every such object, whatever it sets, so a linted policy hears it once, at the
   * expression, with what follows from failurePolicy, instead of "not evaluated" at each object; a
   * cluster's policy (--policy) is said at each object it fails on. Only a read that ran counts: a
   * guarded one (`object.kind != 'StatefulSet' || object.spec.podManagementPolicy …`) is fine.
   */
  const undefinedFieldReport = (expr: Expr & { ok: true }, path: ObjectPath, outcome: Outcome, denial = severity): (() => void) | undefined => {
    if (outcome.ok || outcome.kind !== "missing" || unknowable) return undefined;
    const read = undefinedRead(expr, object, typos.crds, /no such key: (\S+)/i.exec(outcome.message)?.[1]);
    if (!read) return undefined;
    const field = `object.${read.chain.slice(0, read.at + 1).join(".")}`;
    const missing = `${field}, which ${object.apiVersion} ${object.kind} does not have${didYouMean(read.chain[read.at], read.known)}`;
    return () => {
      if (!typos.linted.has(policy.resource)) {
        if (fail) out.push({ resource: object, path: ["metadata", "name"], severity: denial, message: `${head} ${verbOf(denial)} this ${object.kind}: its expression reads ${missing}` });
        return;
      }
      const key = `${policy.resource.name}\u0000${path.join("\u0000")}\u0000${object.apiVersion}\u0000${object.kind}`;
      if (typos.reported.has(key)) return;
      typos.reported.add(key);
      const then = fail
        ? `the expression fails on every ${object.kind}, and failurePolicy Fail ${verbOf(denial)} each`
        : `the expression fails on every ${object.kind}, and failurePolicy Ignore admits each unchecked`;
      out.push({ resource: policy.resource, path, severity: fail ? denial : "warning", message: `ValidatingAdmissionPolicy ${name} reads ${missing}: ${then}` });
    };
  };
  const readsUndefinedField = (expr: Expr & { ok: true }, path: ObjectPath, outcome: Outcome, denial = severity): boolean => {
    const report = undefinedFieldReport(expr, path, outcome, denial);
    report?.();
    return report !== undefined;
  };
  const run = (expr: Expr & { ok: true }): Outcome => {
    const r = expr.run(activation);
    if (!r.ok && r.kind === "cost") runaway.add(expr);
    return r;
  };
  // The API server evaluates every matchCondition: any false one means the policy does not apply, however
  // the others ended; only when none is false does an error count, and failurePolicy decides (Match in
  // staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions/matcher.go). One that cannot
  // be evaluated here might be false on the cluster: it is said before an error, which it may hide.
  let undecided: (() => void) | undefined;
  let failed: (() => void) | undefined;
  for (const m of cp.matchConditions) {
    if (!m.expr.ok) return;
    // Over the cost limit on an earlier object, and said then: an error that is not said again.
    if (runaway.has(m.expr)) {
      failed ??= () => {};
      continue;
    }
    const path: ObjectPath = ["spec", "matchConditions", m.index, "expression"];
    const before = unknowableReads;
    const r = run(m.expr);
    if (r.ok && r.value === false) return; // whatever it read, a false condition: the policy does not apply
    const typo = undefinedFieldReport(m.expr, path, r);
    if (typo) failed ??= typo;
    else if (!r.ok && r.kind !== "missing" && r.kind !== "unsupported" && unknowableReads === before) failed ??= () => problem(r, path);
    else if (!r.ok || unknowableReads !== before) undecided ??= () => problem(r.ok ? { ok: false, kind: "unsupported", message: "" } : r, path);
  }
  if (undecided || failed) return (undecided ?? failed)!();
  for (const v of cp.validations) {
    if (!v.expr.ok || runaway.has(v.expr)) continue;
    const r = run(v.expr);
    if (readsUndefinedField(v.expr, ["spec", "validations", v.index, "expression"], r)) continue;
    if (!r.ok || unknowable) {
      problem(r.ok ? { ok: false, kind: "unsupported", message: "" } : r, ["spec", "validations", v.index, "expression"]);
      continue;
    }
    if (r.value === true) continue;
    if (r.value !== false) {
      problem({ ok: false, kind: "error", message: `validation ${v.index} returned ${showCel(r.value)}, not a bool` }, ["spec", "validations", v.index, "expression"]);
      continue;
    }
    // As Validate in .../policy/validating/validator.go decides it: the messageExpression's string, trimmed,
    // unless it fails, is empty, longer than 5 KiB or spans lines; else message, trimmed; else the expression.
    let message = "";
    if (v.messageExpr?.ok) {
      const m = v.messageExpr.run(activation);
      const text = m.ok && typeof m.value === "string" ? m.value.trim() : "";
      if (Buffer.byteLength(text) <= MAX_MESSAGE_BYTES && !text.includes("\n")) message = computed(text);
    }
    if (message === "" && typeof v.message === "string") message = v.message.trim();
    if (message === "") message = `failed expression: ${String((policy.spec.validations ?? [])[v.index]?.expression ?? "").trim()}`;
    const reason = v.reason && v.reason !== "Invalid" ? ` (${v.reason})` : "";
    out.push({ resource: object, path: v.fieldPath ?? ["metadata", "name"], severity, message: `${head} ${verbOf(severity)} this ${object.kind}${reason}: ${message}` });
  }
  // An auditAnnotation that fails denies under failurePolicy Fail, and one that returns neither a string nor
  // null denies whatever the failurePolicy: the dispatcher adds either to the denials without looking at
  // validationActions (Validate in .../policy/validating/validator.go, Dispatch in dispatcher.go).
  for (const a of cp.auditAnnotations) {
    if (!a.expr.ok || runaway.has(a.expr)) continue;
    const path: ObjectPath = ["spec", "auditAnnotations", a.index, "valueExpression"];
    const r = run(a.expr);
    if (readsUndefinedField(a.expr, path, r, "error")) continue;
    if (!r.ok || unknowable) {
      // Under Ignore a failing auditAnnotation is left out: whatever it would do, the object is admitted.
      if (fail) problem(r.ok ? { ok: false, kind: "unsupported", message: "" } : r, path, "error");
      continue;
    }
    if (typeof r.value === "string" || r.value === null || r.value === undefined) continue;
    problem({ ok: false, kind: "error", message: `auditAnnotation ${q(a.key)} returned ${celTypeName(r.value)}, not a string or null` }, path, "error", true);
  }
}

/** A policy's own text (expressions, messages, names): what its evaluations may print as written. */
function literalText(policy: Policy): string {
  let text = literalTexts.get(policy);
  if (text === undefined) {
    const parts: string[] = [];
    eachString(policy.resource.object, (s) => void parts.push(s.value));
    literalTexts.set(policy, (text = parts.join("\n")));
  }
  return text;
}
const literalTexts = new WeakMap<Policy, string>();

/** A CEL value's type, as an error names it: never the value, which may be a secret. */
function celTypeName(v: unknown): string {
  if (typeof v === "boolean") return "a bool";
  if (typeof v === "bigint") return "an int";
  if (typeof v === "number") return "a double";
  if (Array.isArray(v)) return "a list";
  if (v instanceof Map || isRecord(v)) return "a map";
  return "a value of another type";
}

const undefinedReads = new WeakMap<Expr, Map<unknown, UndefinedRead[]>>();

/** What the evaluations of one run share about fields their expressions read that a kind does not have. */
interface UndefinedReads {
  /** Policy, expression and kind already reported. */
  reported: Set<string>;
  /** The set's objects: a policy among them is reported at its expression. */
  linted: ReadonlySet<Resource>;
  /** The set's CRDs: the schemas of its custom resources. */
  crds: CrdSet;
}

interface UndefinedRead {
  chain: readonly string[];
  at: number;
  known: string[];
}

/**
 * The field an expression selects from `object` that the object's kind does not define (its built-in
 * schema, or the schema of its CRD in the set), named `key` where the evaluation failed; looked up once
 * per expression and schema.
 */
function undefinedRead(expr: Expr & { ok: true }, object: Resource, crds: CrdSet, key: string | undefined): UndefinedRead | undefined {
  if (key === undefined || expr.objectReads.length === 0) return undefined;
  const definition = builtinKind(object.apiVersion, object.kind);
  const crdSchema = definition === undefined ? crds.get(object.apiVersion, object.kind)?.schema : undefined;
  const schema = definition ?? crdSchema;
  if (schema === undefined) return undefined;
  let bySchema = undefinedReads.get(expr);
  if (!bySchema) undefinedReads.set(expr, (bySchema = new Map()));
  let found = bySchema.get(schema);
  if (found === undefined) {
    found = [];
    for (const chain of expr.objectReads) {
      // A custom resource's metadata is ObjectMeta, and apiVersion and kind are implicit: the CRD's
      // schema says nothing of them (undefinedSchemaField lets the root's names pass).
      const u = definition !== undefined ? undefinedField(definition, chain) : undefinedSchemaField(crdSchema!, chain, true);
      if (u) found.push({ chain, ...u });
    }
    bySchema.set(schema, found);
  }
  return found.find((r) => r.chain[r.at] === key);
}
