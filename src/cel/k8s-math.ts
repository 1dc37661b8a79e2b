import type { Environment } from "@marcbachmann/cel-js";
import { registerNamespace } from "./namespace.js";
import { fitsInt64 } from "./int64-overflow.js";

/**
 * cel-go's math extension (ext.Math), which the API server offers to policies and CRD rules:
 * greatest/least over numbers or a list, ceil/floor/round/trunc, abs, sign, isInf/isNaN/isFinite,
 * sqrt and the bitwise functions. int is a bigint, double a number, uint the library's UnsignedInt;
 * results keep the argument's type, and int results wrap or fail as Go's int64 does.
 */
const MAX_UINT = 2n ** 64n - 1n;

type Uint = { valueOf(): bigint };

function isUint(v: unknown): v is Uint {
  return typeof v === "object" && v !== null && v.constructor?.name === "UnsignedInt";
}

/** A number's value for comparing across int, uint and double. */
function magnitude(v: unknown): number | bigint {
  if (typeof v === "bigint" || typeof v === "number") return v;
  if (isUint(v)) return v.valueOf();
  throw new Error(`math: ${typeof v === "object" ? "a non-numeric value" : typeof v} is not a number`);
}

function less(a: unknown, b: unknown): boolean {
  const x = magnitude(a);
  const y = magnitude(b);
  if (typeof x === typeof y) return x < y;
  // int or uint against double: NaN compares false, as in cel-go.
  return typeof x === "number" ? (Number.isNaN(x) ? false : x < Number(y)) : Number(x) < (y as number);
}

function extreme(args: readonly unknown[], greatest: boolean, name: string): unknown {
  const values = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (values.length === 0) throw new Error(`math.${name}(list) argument must not be empty`);
  let best = values[0];
  magnitude(best);
  for (const v of values) if (greatest ? less(best, v) : less(v, best)) best = v;
  return best;
}

function checkedInt(v: bigint, what: string): bigint {
  if (!fitsInt64(v)) throw new Error(`${what}: integer overflow`);
  return v;
}

function shiftAmount(n: bigint, name: string): bigint {
  if (n < 0n) throw new Error(`math.${name}() negative offset: ${n}`);
  return n;
}

/** Go's math.Round: halves away from zero. */
function round(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function registerMath(env: Environment): void {
  const ns = registerNamespace(env, "math");
  // A uint result is built from a uint argument (the library does not export its class).
  const uint = (like: Uint, v: bigint): unknown => new (like.constructor as new (v: bigint) => unknown)(v);
  for (const name of ["greatest", "least"]) {
    // cel-go's macro takes any number of arguments; policies use a handful.
    for (let n = 1; n <= 12; n++) {
      const params = Array.from({ length: n }, () => "dyn").join(", ");
      env.registerFunction(`${ns}.${name}(${params}): dyn`, (_ns: unknown, ...args: unknown[]) => extreme(args, name === "greatest", name));
    }
  }
  env
    .registerFunction(`${ns}.ceil(double): double`, (_n: unknown, x: number) => Math.ceil(x))
    .registerFunction(`${ns}.floor(double): double`, (_n: unknown, x: number) => Math.floor(x))
    .registerFunction(`${ns}.round(double): double`, (_n: unknown, x: number) => round(x))
    .registerFunction(`${ns}.trunc(double): double`, (_n: unknown, x: number) => Math.trunc(x))
    .registerFunction(`${ns}.isInf(double): bool`, (_n: unknown, x: number) => x === Infinity || x === -Infinity)
    .registerFunction(`${ns}.isNaN(double): bool`, (_n: unknown, x: number) => Number.isNaN(x))
    .registerFunction(`${ns}.isFinite(double): bool`, (_n: unknown, x: number) => Number.isFinite(x))
    .registerFunction(`${ns}.abs(int): int`, (_n: unknown, x: bigint) => checkedInt(x < 0n ? -x : x, "math.abs"))
    .registerFunction(`${ns}.abs(uint): uint`, (_n: unknown, x: Uint) => x)
    .registerFunction(`${ns}.abs(double): double`, (_n: unknown, x: number) => Math.abs(x))
    .registerFunction(`${ns}.sign(int): int`, (_n: unknown, x: bigint) => (x < 0n ? -1n : x > 0n ? 1n : 0n))
    .registerFunction(`${ns}.sign(uint): uint`, (_n: unknown, x: Uint) => uint(x, x.valueOf() > 0n ? 1n : 0n))
    .registerFunction(`${ns}.sign(double): double`, (_n: unknown, x: number) => Math.sign(x))
    .registerFunction(`${ns}.sqrt(int): double`, (_n: unknown, x: bigint) => Math.sqrt(Number(x)))
    .registerFunction(`${ns}.sqrt(uint): double`, (_n: unknown, x: Uint) => Math.sqrt(Number(x.valueOf())))
    .registerFunction(`${ns}.sqrt(double): double`, (_n: unknown, x: number) => Math.sqrt(x))
    .registerFunction(`${ns}.bitAnd(int, int): int`, (_n: unknown, a: bigint, b: bigint) => a & b)
    .registerFunction(`${ns}.bitAnd(uint, uint): uint`, (_n: unknown, a: Uint, b: Uint) => uint(a, a.valueOf() & b.valueOf()))
    .registerFunction(`${ns}.bitOr(int, int): int`, (_n: unknown, a: bigint, b: bigint) => a | b)
    .registerFunction(`${ns}.bitOr(uint, uint): uint`, (_n: unknown, a: Uint, b: Uint) => uint(a, a.valueOf() | b.valueOf()))
    .registerFunction(`${ns}.bitXor(int, int): int`, (_n: unknown, a: bigint, b: bigint) => a ^ b)
    .registerFunction(`${ns}.bitXor(uint, uint): uint`, (_n: unknown, a: Uint, b: Uint) => uint(a, a.valueOf() ^ b.valueOf()))
    .registerFunction(`${ns}.bitNot(int): int`, (_n: unknown, a: bigint) => ~a)
    .registerFunction(`${ns}.bitNot(uint): uint`, (_n: unknown, a: Uint) => uint(a, a.valueOf() ^ MAX_UINT))
    // Shifts of 64 or more give 0; a right shift of an int is logical (its bits as a uint), as in cel-go.
    .registerFunction(`${ns}.bitShiftLeft(int, int): int`, (_n: unknown, a: bigint, s: bigint) => (shiftAmount(s, "bitShiftLeft") > 63n ? 0n : BigInt.asIntN(64, a << s)))
    .registerFunction(`${ns}.bitShiftLeft(uint, int): uint`, (_n: unknown, a: Uint, s: bigint) => uint(a, shiftAmount(s, "bitShiftLeft") > 63n ? 0n : BigInt.asUintN(64, a.valueOf() << s)))
    .registerFunction(`${ns}.bitShiftRight(int, int): int`, (_n: unknown, a: bigint, s: bigint) => (shiftAmount(s, "bitShiftRight") > 63n ? 0n : BigInt.asIntN(64, BigInt.asUintN(64, a) >> s)))
    .registerFunction(`${ns}.bitShiftRight(uint, int): uint`, (_n: unknown, a: Uint, s: bigint) => uint(a, shiftAmount(s, "bitShiftRight") > 63n ? 0n : a.valueOf() >> s));
}
