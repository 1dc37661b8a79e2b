import type { Environment } from "@marcbachmann/cel-js";
import { exactNanos, parseQuantity } from "../model/quantity.js";
import { fitsInt64 } from "./int64-overflow.js";

/**
 * kubernetes.Quantity: its value in nano-units, exact as the API server's inf.Dec keeps it (so
 * `quantity('1000000001') > quantity('1G')`, which a double cannot tell), and in base units as a double.
 * `nanos` is undefined only past the exponents exactNanos takes (±1000); such a quantity compares by its double.
 */
export class CelQuantity {
  constructor(
    readonly nanos: bigint | undefined,
    readonly value: number,
  ) {}
}

const NANO = 1_000_000_000n;

/** kubernetes.Semver. */
export class CelSemver {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
  ) {}
}

function quantity(s: string): CelQuantity {
  const v = parseQuantity(s);
  if (v === undefined || s.trim() !== s) throw new Error(`quantity: ${JSON.stringify(s)} is not a valid quantity`);
  return new CelQuantity(exactNanos(s), v);
}

function fromNanos(nanos: bigint): CelQuantity {
  return new CelQuantity(nanos, Number(nanos) / 1e9);
}

/** a + sign·b, exact when both are. */
function plus(a: CelQuantity, b: CelQuantity, sign: 1n | -1n): CelQuantity {
  if (a.nanos !== undefined && b.nanos !== undefined) return fromNanos(a.nanos + sign * b.nanos);
  return new CelQuantity(undefined, a.value + Number(sign) * b.value);
}

const whole = (n: bigint): CelQuantity => fromNanos(n * NANO);

/** Quantity.Cmp: exact, no tolerance. */
function cmp(a: CelQuantity, b: CelQuantity): bigint {
  if (a.nanos !== undefined && b.nanos !== undefined) return a.nanos < b.nanos ? -1n : a.nanos > b.nanos ? 1n : 0n;
  return a.value < b.value ? -1n : a.value > b.value ? 1n : 0n;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** With normalize (semver(s, true)): a leading v, and missing minor or patch versions, are accepted. */
function normalized(s: string): string {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(s);
  return m ? `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}${m[4]}` : s;
}

function semver(s: string): CelSemver {
  const m = SEMVER.exec(s);
  if (!m) throw new Error(`semver: ${JSON.stringify(s)} is not a valid semantic version`);
  return new CelSemver(BigInt(m[1]), BigInt(m[2]), BigInt(m[3]), m[4] ?? "");
}

/**
 * blang/semver's Compare: pre-release identifiers one by one, numeric ones as numbers and below
 * alphanumeric ones (`alpha.10` > `alpha.2`), a shorter list first when it is a prefix.
 */
function semverCompare(a: CelSemver, b: CelSemver): bigint {
  for (const k of ["major", "minor", "patch"] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1n : 1n;
  if (a.pre === b.pre) return 0n;
  if (a.pre === "") return 1n;
  if (b.pre === "") return -1n;
  const x = a.pre.split(".");
  const y = b.pre.split(".");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = identifierCompare(x[i], y[i]);
    if (c !== 0n) return c;
  }
  return x.length === y.length ? 0n : x.length < y.length ? -1n : 1n;
}

function identifierCompare(a: string, b: string): bigint {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return BigInt(a) < BigInt(b) ? -1n : BigInt(a) > BigInt(b) ? 1n : 0n;
  if (na !== nb) return na ? -1n : 1n;
  return a < b ? -1n : a > b ? 1n : 0n;
}

/** Quantity.AsInt64: the value when it is whole and fits an int64. */
function int64Of(q: CelQuantity): bigint | undefined {
  if (q.nanos === undefined || q.nanos % NANO !== 0n) return undefined;
  const v = q.nanos / NANO;
  return fitsInt64(v) ? v : undefined;
}

function asInteger(q: CelQuantity): bigint {
  const v = int64Of(q);
  if (v === undefined) throw new Error("asInteger: cannot convert value to integer");
  return v;
}

export function registerQuantityAndSemver(env: Environment): void {
  env
    .registerType("kubernetes.Quantity", CelQuantity)
    .registerType("kubernetes.Semver", CelSemver)
    .registerFunction("isQuantity(string): bool", (s: string) => parseQuantity(s) !== undefined && s.trim() === s)
    .registerFunction("quantity(string): kubernetes.Quantity", quantity)
    .registerFunction("kubernetes.Quantity.isInteger(): bool", (q: CelQuantity) => int64Of(q) !== undefined)
    .registerFunction("kubernetes.Quantity.asInteger(): int", asInteger)
    .registerFunction("kubernetes.Quantity.asApproximateFloat(): double", (q: CelQuantity) => q.value)
    .registerFunction("kubernetes.Quantity.sign(): int", (q: CelQuantity) => cmp(q, whole(0n)))
    .registerFunction("kubernetes.Quantity.add(kubernetes.Quantity): kubernetes.Quantity", (a: CelQuantity, b: CelQuantity) => plus(a, b, 1n))
    .registerFunction("kubernetes.Quantity.add(int): kubernetes.Quantity", (a: CelQuantity, b: bigint) => plus(a, whole(b), 1n))
    .registerFunction("kubernetes.Quantity.sub(kubernetes.Quantity): kubernetes.Quantity", (a: CelQuantity, b: CelQuantity) => plus(a, b, -1n))
    .registerFunction("kubernetes.Quantity.sub(int): kubernetes.Quantity", (a: CelQuantity, b: bigint) => plus(a, whole(b), -1n))
    .registerFunction("kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool", (a: CelQuantity, b: CelQuantity) => cmp(a, b) > 0n)
    .registerFunction("kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool", (a: CelQuantity, b: CelQuantity) => cmp(a, b) < 0n)
    .registerFunction("kubernetes.Quantity.compareTo(kubernetes.Quantity): int", (a: CelQuantity, b: CelQuantity) => cmp(a, b))
    // Quantity.Equal and Version.Equals: by value (`quantity('0.2G') == quantity('200M')`; build metadata
    // is not kept); `!=` is derived by the library. Without these `==` did not type-check at all.
    .registerOperator("kubernetes.Quantity == kubernetes.Quantity", (a: CelQuantity, b: CelQuantity) => cmp(a, b) === 0n)
    .registerOperator("kubernetes.Semver == kubernetes.Semver", (a: CelSemver, b: CelSemver) => semverCompare(a, b) === 0n)
    .registerFunction("isSemver(string): bool", (s: string) => SEMVER.test(s))
    .registerFunction("semver(string): kubernetes.Semver", semver)
    .registerFunction("isSemver(string, bool): bool", (s: string, n: boolean) => SEMVER.test(n ? normalized(s) : s))
    .registerFunction("semver(string, bool): kubernetes.Semver", (s: string, n: boolean) => semver(n ? normalized(s) : s))
    .registerFunction("kubernetes.Semver.major(): int", (v: CelSemver) => v.major)
    .registerFunction("kubernetes.Semver.minor(): int", (v: CelSemver) => v.minor)
    .registerFunction("kubernetes.Semver.patch(): int", (v: CelSemver) => v.patch)
    .registerFunction("kubernetes.Semver.isGreaterThan(kubernetes.Semver): bool", (a: CelSemver, b: CelSemver) => semverCompare(a, b) > 0n)
    .registerFunction("kubernetes.Semver.isLessThan(kubernetes.Semver): bool", (a: CelSemver, b: CelSemver) => semverCompare(a, b) < 0n)
    .registerFunction("kubernetes.Semver.compareTo(kubernetes.Semver): int", semverCompare);
}
