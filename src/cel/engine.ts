import { Environment, Optional } from "@marcbachmann/cel-js";
import { rewriteCalls, writtenNames } from "./rewrite.js";
import { Budget, CostExceeded, instrument } from "./cost.js";
import { registerListsAndStrings } from "./k8s-lists-strings.js";
import { registerNetwork } from "./k8s-network.js";
import { registerQuantityAndSemver } from "./k8s-quantity-semver.js";
import { registerMath } from "./k8s-math.js";
import { registerSetsBase64Quote } from "./k8s-sets-base64-quote.js";
import { registerComprehensions } from "./comprehensions.js";
import { registerOptional } from "./optional.js";
import { undeclaredName } from "./kubernetes-names.js";
import { registerTypeNames } from "./namespace.js";
import { fieldReads, hasChains } from "./field-reads.js";
import { refusedRegexLiteral } from "./regex-literals.js";
import { widenHas } from "./has-macro.js";
import { widenNullTernaries } from "./null-ternary.js";
import { registerCodePointStrings } from "./code-point-strings.js";
import { orderStringsByCodePoint } from "./string-order.js";
import { checkInt64Overflow, registerIntOfUint } from "./int64-overflow.js";
import { NotEvaluated } from "./not-evaluated.js";

/**
 * CEL as the API server runs it for admission policies and CRD validation rules, offline: the
 * library (@marcbachmann/cel-js) with the Kubernetes libraries added, a cost and time bound per
 * evaluation, and a verdict for what cannot be evaluated here (the authorizer, functions not
 * implemented): such an expression is reported as not evaluated, never as passing.
 *
 * This module is loaded on demand (src/cel/load.ts): only runs with policies or CRD rules pay for it.
 * The evaluators that need it (admission policies, CRD rules) come with it, so a plain run does not
 * parse them either; the rules reach them through celEngine().
 */
export { evaluatePolicies } from "../policy/admission.js";
export { ruleCompileProblem, ruleProblems } from "../crd/validation-rules.js";

export type Compiled =
  | {
      ok: true;
      run(activation: Record<string, unknown>): Outcome;
      /** Fields it selects from `object` (an admission policy) and from `self` (a CRD rule): src/cel/field-reads.ts. */
      objectReads: readonly string[][];
      selfReads: readonly string[][];
      /** The chains of its `has(object.…)` tests. */
      objectHas: readonly string[][];
    }
  | { ok: false; kind: "invalid" | "unsupported"; message: string };

/** "missing": the expression reads a field the object does not set (the API server may have defaulted it). */
export type Outcome = { ok: true; value: unknown } | { ok: false; kind: "error" | "missing" | "cost" | "unsupported"; message: string };

/** Functions the API server offers that are not implemented here. */
const NOT_IMPLEMENTED = /\b(authorizer|jsonpatch\.|lists\.range|\.check\(|\.allowed\(|\.serviceAccount\(|\.errored\(|\.reason\(|\.sort\(|\.sortBy\(|\.distinct\(|\.flatten\(|\.slice\()/;

const LIMITS = { maxAstNodes: 20_000, maxDepth: 120, maxListElements: 10_000, maxMapEntries: 10_000, maxCallArguments: 32 };

/**
 * Whether the library stopped at the `?` of an optional list element or map entry (`[?x]`, `[a, ?b]`,
 * `{?k: v}`): cel-go parses them (Kubernetes enables optional syntax), the library does not.
 */
function optionalElementAt(source: string, error: unknown): boolean {
  const start = (error as { range?: { start?: unknown } })?.range?.start;
  if (typeof start !== "number" || source[start] !== "?") return false;
  return /[[{,]$/.test(source.slice(0, start).trimEnd());
}

/** optional.none(): oldSelf of a CRD rule with optionalOldSelf on a create. */
export function absent(): unknown {
  return Optional.none();
}

function newEnvironment(variables: readonly string[]): Environment {
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false, limits: LIMITS });
  registerListsAndStrings(env);
  registerCodePointStrings(env);
  registerIntOfUint(env);
  registerNetwork(env);
  registerQuantityAndSemver(env);
  registerTypeNames(env, "kubernetes", { Quantity: "quantity('0')", Semver: "semver('0.0.0')", URL: "url('/')" });
  registerMath(env);
  registerSetsBase64Quote(env);
  registerComprehensions(env);
  registerOptional(env);
  for (const v of variables) env.registerVariable(v, "dyn");
  return env;
}

const environments = new Map<string, Environment>();
const programs = new Map<string, Compiled>();
const budget = new Budget();

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0];
}

/** Parses and type-checks an expression over the given variables (all of type dyn), once per process. */
export function compile(expression: string, variables: readonly string[]): Compiled {
  const envKey = variables.join(",");
  const key = `${envKey}\n${expression}`;
  const cached = programs.get(key);
  if (cached) return cached;
  let env = environments.get(envKey);
  if (!env) environments.set(envKey, (env = newEnvironment(variables)));
  const out = compileIn(env, expression, variables);
  programs.set(key, out);
  return out;
}

function compileIn(env: Environment, expression: string, variables: readonly string[]): Compiled {
  let parsed: ReturnType<Environment["parse"]>;
  const rewritten = rewriteCalls(expression);
  try {
    parsed = env.parse(rewritten);
  } catch (e) {
    if (optionalElementAt(rewritten, e)) return { ok: false, kind: "unsupported", message: "uses optional list elements or map entries ([?x], {?k: v}), which k8slint does not evaluate" };
    return { ok: false, kind: "invalid", message: writtenNames(firstLine(e)) };
  }
  widenHas(parsed.ast);
  widenNullTernaries(parsed.ast);
  const checked = parsed.check();
  if (!checked.valid) {
    const message = writtenNames(firstLine(checked.error));
    const missing = NOT_IMPLEMENTED.exec(expression);
    if (missing && /no matching overload|Unknown variable|unknown/i.test(message)) {
      return { ok: false, kind: "unsupported", message: `uses ${missing[1].replace(/[.(]+$/, "")}, which k8slint does not evaluate` };
    }
    // A name no Kubernetes CEL library has (a misspelt function, `self` in an admission policy) is
    // refused by the API server's type check as it is here.
    const undeclared = undeclaredName(message, expression);
    if (undeclared) return { ok: false, kind: "invalid", message: `undeclared reference to '${undeclared}'` };
    // A function or variable this engine lacks may be one the API server has (two-variable
    // comprehensions, newer library overloads): not evaluated, never a compile error to assert.
    if (/no matching overload|Unknown variable|unknown function/i.test(message)) {
      return { ok: false, kind: "unsupported", message: `uses what k8slint does not evaluate (${message})` };
    }
    return { ok: false, kind: "invalid", message };
  }
  const regex = refusedRegexLiteral(parsed.ast);
  if (regex) return { ok: false, kind: "invalid", message: regex };
  // Read before the cost instrumentation wraps the tree's nodes.
  const objectReads = variables.includes("object") ? fieldReads(parsed.ast, "object") : [];
  const selfReads = variables.includes("self") ? fieldReads(parsed.ast, "self") : [];
  const objectHas = variables.includes("object") ? hasChains(parsed.ast, "object") : [];
  instrument(parsed.ast, budget);
  // After the checker chose each operator's handler: cel-go's string order and int64 bounds.
  orderStringsByCodePoint(parsed.ast);
  checkInt64Overflow(parsed.ast);
  return {
    ok: true,
    objectReads,
    selfReads,
    objectHas,
    run(activation) {
      // A variable's expression runs inside the expression that uses it: one budget for both.
      const outer = budget.running;
      if (!outer) budget.start();
      // An evaluation error is an outcome here (no such key on an object a policy does not guard
      // against), of which only the message's first line is kept: the library's errors would each
      // capture a stack, which cost more than the evaluation (~0.2 s of 2.4 s over the fixtures).
      const stackLimit = Error.stackTraceLimit;
      if (!outer) Error.stackTraceLimit = 0;
      let value: unknown;
      let error: unknown;
      try {
        budget.running = true;
        value = parsed(activation);
      } catch (e) {
        error = e;
      } finally {
        budget.running = outer;
        if (!outer) Error.stackTraceLimit = stackLimit;
      }
      // One message for both bounds: which one stops a runaway expression first depends on the machine's load.
      if (budget.exceeded) return { ok: false, kind: "cost", message: "exceeded the per-expression cost limit" };
      if (error !== undefined) {
        if (error instanceof CostExceeded) return { ok: false, kind: "cost", message: "exceeded the per-expression cost limit" };
        if (error instanceof NotEvaluated) return { ok: false, kind: "unsupported", message: error.message };
        const code = (error as { code?: unknown }).code;
        return { ok: false, kind: code === "no_such_key" ? "missing" : "error", message: firstLine(error) };
      }
      if (value instanceof Promise) return { ok: false, kind: "error", message: "evaluated asynchronously" };
      return { ok: true, value };
    },
  };
}
