import { Optional, type Environment } from "@marcbachmann/cel-js";
import { celEqual } from "./equality.js";

/**
 * Macros of the API server's CEL that the library lacks: cel-go's two-variable comprehensions
 * (all, exists, existsOne, transformList, transformMap, transformMapEntry: index and element of a
 * list, key and value of a map) and the optional library's optMap and optFlatMap, and == between
 * optionals (`self.?name == optional.of('web')`; the library refuses it at check time, which made a
 * valid policy "not compile"). Each of the macros is a macro
 * of the library (`ast` arguments), type-checked with its variables in scope and evaluated here; the
 * macro objects are plain, so src/cel/cost.ts finds and counts their nodes like any other.
 */

// The library's checker, evaluator, contexts and types, as far as these macros use them.
interface CelType {
  kind: string;
  keyType?: CelType;
  valueType?: CelType;
}
interface Context {
  forkWithVariable(name: string, type: CelType): Context;
  reuse(parent: Context): Context;
  setIterValue(v: unknown, ev: Evaluator): Context;
}
interface Checker {
  registry: { getOptionalType(t: CelType): CelType; getListType(t: CelType): CelType };
  check(node: unknown, ctx: Context): CelType;
  getType(name: string): CelType;
  createError(code: string, message: string, node: unknown): Error;
}
interface Evaluator {
  run(node: unknown, ctx: Context): unknown;
}
interface MacroInput {
  args: Array<{ op: string; args: unknown }>;
  receiver: unknown;
}

interface TwoVariableMacro {
  receiver: unknown;
  first: string;
  second: string;
  filter: unknown;
  body: unknown;
  firstCtx?: Context;
  secondCtx?: Context;
  typeCheck(chk: Checker, m: TwoVariableMacro, ctx: Context): CelType;
  evaluate(ev: Evaluator, m: TwoVariableMacro, ctx: Context): unknown;
}

interface OptionalMacro {
  receiver: unknown;
  variable: string;
  body: unknown;
  bodyCtx?: Context;
  typeCheck(chk: Checker, m: OptionalMacro, ctx: Context): CelType;
  evaluate(ev: Evaluator, m: OptionalMacro, ctx: Context): unknown;
}

type Kind = "all" | "exists" | "existsOne" | "transformList" | "transformMap" | "transformMapEntry";

function variableName(node: { op: string; args: unknown }, macro: string): string {
  if (node.op !== "id" || typeof node.args !== "string") throw new Error(`${macro}() variable names must be simple identifiers`);
  return node.args;
}

/** The pairs a two-variable comprehension ranges over: (index, element) of a list, (key, value) of a map. */
function pairs(coll: unknown, macro: string): Array<[unknown, unknown]> {
  if (Array.isArray(coll)) return coll.map((v, i) => [BigInt(i), v]);
  if (coll instanceof Map) return [...coll];
  if (typeof coll === "object" && coll !== null && Object.getPrototypeOf(coll) === Object.prototype) return Object.entries(coll);
  throw new Error(`${macro}() cannot range over this value (a list or a map is required)`);
}

function twoVariable(kind: Kind, withFilter: boolean) {
  return ({ args, receiver }: MacroInput) => {
    const macro: TwoVariableMacro = {
      receiver,
      first: variableName(args[0], kind),
      second: variableName(args[1], kind),
      filter: withFilter ? args[2] : undefined,
      body: withFilter ? args[3] : args[2],
      typeCheck(chk, m, ctx) {
        if (m.first === m.second) throw chk.createError("invalid_macro_argument", `${kind}() needs two different variable names`, m.body);
        const range = chk.check(m.receiver, ctx);
        const dyn = chk.getType("dyn");
        const [firstType, secondType] =
          range.kind === "list" ? [chk.getType("int"), range.valueType ?? dyn] : range.kind === "map" ? [range.keyType ?? dyn, range.valueType ?? dyn] : [dyn, dyn];
        m.firstCtx = ctx.forkWithVariable(m.first, firstType);
        m.secondCtx = m.firstCtx.forkWithVariable(m.second, secondType);
        if (m.filter) chk.check(m.filter, m.secondCtx);
        const body = chk.check(m.body, m.secondCtx);
        if (kind === "transformList") return chk.registry.getListType(body);
        if (kind === "transformMap" || kind === "transformMapEntry") return chk.getType("map<dyn, dyn>");
        return chk.getType("bool");
      },
      evaluate(ev, m, ctx) {
        const items = pairs(ev.run(m.receiver, ctx), kind);
        const c1 = m.firstCtx!.reuse(ctx);
        const c2 = m.secondCtx!.reuse(c1);
        const bind = (k: unknown, v: unknown): Context => (c1.setIterValue(k, ev), c2.setIterValue(v, ev));
        const test = (node: unknown, c: Context): boolean => {
          const r = ev.run(node, c);
          if (typeof r !== "boolean") throw new Error(`${kind}() predicate must return bool`);
          return r;
        };
        if (kind === "all" || kind === "exists") {
          // As CEL's && and ||: an error is the result only when no element decides it.
          const decisive = kind === "exists";
          let error: unknown;
          for (const [k, v] of items) {
            try {
              if (test(m.body, bind(k, v)) === decisive) return decisive;
            } catch (e) {
              error ??= e;
            }
          }
          if (error !== undefined) throw error;
          return !decisive;
        }
        if (kind === "existsOne") {
          let n = 0;
          for (const [k, v] of items) if (test(m.body, bind(k, v))) n++;
          return n === 1;
        }
        const list: unknown[] = [];
        const map: Record<string, unknown> = {};
        for (const [k, v] of items) {
          const c = bind(k, v);
          if (m.filter && !test(m.filter, c)) continue;
          const value = ev.run(m.body, c);
          if (kind === "transformList") list.push(value);
          else if (kind === "transformMap") map[String(k)] = value;
          else {
            const entry = pairs(value, kind);
            if (entry.length !== 1 || Array.isArray(value)) throw new Error("transformMapEntry() must produce a map of one entry");
            const key = String(entry[0][0]);
            if (Object.hasOwn(map, key)) throw new Error(`transformMapEntry() produced the key ${JSON.stringify(key)} twice`);
            map[key] = entry[0][1];
          }
        }
        return kind === "transformList" ? list : map;
      },
    };
    return macro;
  };
}

/** optMap and optFlatMap: the function runs on the optional's value, if it has one. */
function optionalMap(flat: boolean) {
  const name = flat ? "optFlatMap" : "optMap";
  return ({ args, receiver }: MacroInput) => {
    const macro: OptionalMacro = {
      receiver,
      variable: variableName(args[0], name),
      body: args[1],
      typeCheck(chk, m, ctx) {
        const type = chk.check(m.receiver, ctx);
        m.bodyCtx = ctx.forkWithVariable(m.variable, type.kind === "optional" && type.valueType ? type.valueType : chk.getType("dyn"));
        const body = chk.check(m.body, m.bodyCtx);
        if (flat) return body.kind === "optional" ? body : chk.getType("optional<dyn>");
        return chk.registry.getOptionalType(body);
      },
      evaluate(ev, m, ctx) {
        const opt = ev.run(m.receiver, ctx);
        if (!(opt instanceof Optional)) throw new Error(`${name}() needs an optional value`);
        if (!opt.hasValue()) return Optional.none();
        const value = ev.run(m.body, m.bodyCtx!.reuse(ctx).setIterValue(opt.value(), ev));
        if (!flat) return Optional.of(value);
        if (!(value instanceof Optional)) throw new Error("optFlatMap() must produce an optional value");
        return value;
      },
    };
    return macro;
  };
}

export function registerComprehensions(env: Environment): void {
  const register = (signature: string, handler: unknown) => env.registerFunction(signature, handler as never);
  register("list.all(ast, ast, ast): bool", twoVariable("all", false));
  register("list.exists(ast, ast, ast): bool", twoVariable("exists", false));
  register("list.existsOne(ast, ast, ast): bool", twoVariable("existsOne", false));
  register("list.exists_one(ast, ast, ast): bool", twoVariable("existsOne", false));
  register("list.transformList(ast, ast, ast): list", twoVariable("transformList", false));
  register("list.transformList(ast, ast, ast, ast): list", twoVariable("transformList", true));
  register("list.transformMap(ast, ast, ast): map", twoVariable("transformMap", false));
  register("list.transformMap(ast, ast, ast, ast): map", twoVariable("transformMap", true));
  register("list.transformMapEntry(ast, ast, ast): map", twoVariable("transformMapEntry", false));
  register("list.transformMapEntry(ast, ast, ast, ast): map", twoVariable("transformMapEntry", true));
  // != is derived by the library from ==.
  env.registerOperator("optional<dyn> == optional<dyn>", (a: Optional, b: Optional) => a.hasValue() === b.hasValue() && (!a.hasValue() || celEqual(a.value(), b.value())));
  register("optional.optMap(ast, ast): optional", optionalMap(false));
  register("optional.optFlatMap(ast, ast): optional", optionalMap(true));
}
