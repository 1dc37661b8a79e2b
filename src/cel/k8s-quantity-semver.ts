import type { Environment } from "@marcbachmann/cel-js";
import { parseQuantity } from "../model/quantity.js";

/** kubernetes.Quantity: its text and its value in base units. */
export class CelQuantity {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

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
  return new CelQuantity(s, v);
}

function cmp(a: number, b: number): bigint {
  if (Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))) return 0n;
  return a < b ? -1n : 1n;
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

function semverCompare(a: CelSemver, b: CelSemver): bigint {
  for (const k of ["major", "minor", "patch"] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1n : 1n;
  if (a.pre === b.pre) return 0n;
  if (a.pre === "") return 1n;
  if (b.pre === "") return -1n;
  return a.pre < b.pre ? -1n : 1n;
}

function asInteger(q: CelQuantity): bigint {
  if (!Number.isInteger(q.value) || !Number.isSafeInteger(q.value)) throw new Error(`asInteger: ${q.text} is not an integer that fits`);
  return BigInt(q.value);
}

export function registerQuantityAndSemver(env: Environment): void {
  env
    .registerType("kubernetes.Quantity", CelQuantity)
    .registerType("kubernetes.Semver", CelSemver)
    .registerFunction("isQuantity(string): bool", (s: string) => parseQuantity(s) !== undefined && s.trim() === s)
    .registerFunction("quantity(string): kubernetes.Quantity", quantity)
    .registerFunction("kubernetes.Quantity.isInteger(): bool", (q: CelQuantity) => Number.isSafeInteger(q.value))
    .registerFunction("kubernetes.Quantity.asInteger(): int", asInteger)
    .registerFunction("kubernetes.Quantity.asApproximateFloat(): double", (q: CelQuantity) => q.value)
    .registerFunction("kubernetes.Quantity.sign(): int", (q: CelQuantity) => BigInt(Math.sign(q.value)))
    .registerFunction("kubernetes.Quantity.add(kubernetes.Quantity): kubernetes.Quantity", (a: CelQuantity, b: CelQuantity) => new CelQuantity(String(a.value + b.value), a.value + b.value))
    .registerFunction("kubernetes.Quantity.add(int): kubernetes.Quantity", (a: CelQuantity, b: bigint) => new CelQuantity(String(a.value + Number(b)), a.value + Number(b)))
    .registerFunction("kubernetes.Quantity.sub(kubernetes.Quantity): kubernetes.Quantity", (a: CelQuantity, b: CelQuantity) => new CelQuantity(String(a.value - b.value), a.value - b.value))
    .registerFunction("kubernetes.Quantity.sub(int): kubernetes.Quantity", (a: CelQuantity, b: bigint) => new CelQuantity(String(a.value - Number(b)), a.value - Number(b)))
    .registerFunction("kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool", (a: CelQuantity, b: CelQuantity) => cmp(a.value, b.value) > 0n)
    .registerFunction("kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool", (a: CelQuantity, b: CelQuantity) => cmp(a.value, b.value) < 0n)
    .registerFunction("kubernetes.Quantity.compareTo(kubernetes.Quantity): int", (a: CelQuantity, b: CelQuantity) => cmp(a.value, b.value))
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
