import type { Environment } from "@marcbachmann/cel-js";
import { eachNode } from "./ast-nodes.js";

/**
 * cel-go's checked arithmetic (common/types/overflow.go): an int is Go's int64, a duration int64
 * nanoseconds, a timestamp within the years 0001–9999, and a result past those is an error, never a
 * wider value. The library checks int `+`, `-` and `*`, but not unary `-` (negateInt64Checked), `/`
 * and `%` of MinInt64 by -1 (divideInt64Checked, moduloInt64Checked), int() of a double at or past
 * ±2^63 (doubleToInt64Checked), nor duration and timestamp arithmetic (addDurationChecked,
 * addTimeDurationChecked); it has no int(uint) (uint64ToInt64Checked), which is added here.
 */
/** Go's int64 range, which CEL's int has. */
const MIN_INT = -(2n ** 63n);
const MAX_INT = 2n ** 63n - 1n;

export function fitsInt64(v: bigint): boolean {
  return v >= MIN_INT && v <= MAX_INT;
}

/** An int result as Go's int64 has it: past its range is an error (cel-go's overflow check), not a bigger number. */
export function int64(v: bigint): bigint {
  if (!fitsInt64(v)) throw intOverflow();
  return v;
}
/** The seconds of 0001-01-01T00:00:00Z and of 10000-01-01T00:00:00Z, in milliseconds (cel-go's minUnixTime, maxUnixTime + 1). */
const MIN_TIME_MS = -62135596800000;
const END_TIME_MS = 253402300800000;

function intOverflow(): Error {
  return new Error("integer overflow");
}

/** The library's duration (its class is not exported): whole seconds and the nanoseconds beyond them. */
function isDuration(v: unknown): v is { seconds: bigint; nanos: number } {
  return typeof v === "object" && v !== null && typeof (v as { seconds?: unknown }).seconds === "bigint" && typeof (v as { nanos?: unknown }).nanos === "number";
}

/** The value as cel-go has it, or its overflow error. */
function inRange<T>(v: T): T {
  if (typeof v === "bigint") int64(v);
  if (isDuration(v)) int64(v.seconds * 1_000_000_000n + BigInt(v.nanos));
  if (v instanceof Date && !(v.getTime() >= MIN_TIME_MS && v.getTime() < END_TIME_MS)) throw new Error("timestamp overflow");
  return v;
}

/** Operators and conversions whose result the library may leave past cel-go's ranges. */
const CHECKED_OPS = new Set(["-_", "/", "%", "+", "-"]);
const CHECKED_CALLS = new Set(["int", "duration"]);

type Handle = (...args: unknown[]) => unknown;

/**
 * Each operator and call node of a checked expression holds the handler it calls (`handle`: with the
 * operands, or with the call's arguments); its result is checked here, and `%` of MinInt64 by -1
 * (which JavaScript answers 0) refused.
 */
export function checkInt64Overflow(root: unknown): void {
  eachNode(root, (node) => {
    const holder = node as unknown as { handle?: Handle };
    const handle = holder.handle;
    if (typeof handle !== "function") return;
    const name = node.op === "call" && Array.isArray(node.args) ? (node.args[0] as unknown) : undefined;
    const call = typeof name === "string" && CHECKED_CALLS.has(name);
    if (!call && !CHECKED_OPS.has(node.op)) return;
    if (node.op === "%") {
      holder.handle = (left, right, ...rest) => {
        if (left === MIN_INT && right === -1n) throw intOverflow();
        return handle(left, right, ...rest);
      };
    } else if (name === "int") {
      // doubleToInt64Checked refuses -2^63 too: `v <= float64(math.MinInt64)`.
      holder.handle = (args, ...rest) => {
        const v = inRange(handle(args, ...rest));
        if (v === MIN_INT && typeof (args as unknown[])[0] === "number") throw intOverflow();
        return v;
      };
    } else {
      holder.handle = (...args) => inRange(handle(...args));
    }
  });
}

export function registerIntOfUint(env: Environment): void {
  env.registerFunction("int(uint): int", (u: { valueOf(): bigint }) => inRange(u.valueOf()));
}
