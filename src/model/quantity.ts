/**
 * Kubernetes resource quantities (`500m`, `2Gi`, `1.5G`, `1e3`), as the API server reads them:
 * a signed decimal number followed by a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal suffix
 * (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** The value of a quantity in base units (bytes, cores), or undefined when it is not a valid quantity. */
export function parseQuantity(input: string | number): number | undefined {
  if (typeof input === "number") return Number.isFinite(input) ? input : undefined;
  const m = QUANTITY.exec(input.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return n * 10 ** Number(suffix.slice(1));
}

/** -1, 0 or 1; undefined when either side is not a quantity. */
export function compareQuantities(a: string | number, b: string | number): number | undefined {
  const x = exactNanos(a);
  const y = exactNanos(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  const fx = parseQuantity(a);
  const fy = parseQuantity(b);
  if (fx === undefined || fy === undefined) return undefined;
  if (fx === fy) return 0;
  // Relative tolerance: 0.1 and 100m are the same quantity despite binary floating point.
  if (Math.abs(fx - fy) <= 1e-9 * Math.max(Math.abs(fx), Math.abs(fy))) return 0;
  return fx < fy ? -1 : 1;
}

/** The most a binary-suffixed quantity holds: ParseQuantity caps it at 2^63-1 (in base units). */
const BINARY_MAX_NANOS = (2n ** 63n - 1n) * 10n ** 9n;
const BINARY_BITS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/**
 * A quantity in nano-units, exactly as ParseQuantity stores it: a non-zero amount rounded up (away
 * from zero) to 1n, a binary-suffixed one capped at 2^63-1. Undefined for what is not a quantity, and
 * for exponents past ±1000 (compared as floating point instead).
 */
export function exactNanos(input: string | number): bigint | undefined {
  const m = QUANTITY.exec(typeof input === "number" ? (Number.isFinite(input) ? String(input) : "") : input.trim());
  if (!m) return undefined;
  const number = m[1];
  const suffix = m[2] ?? "";
  const negative = number.startsWith("-");
  const digits = number.replace(/^[+-]/, "");
  const dot = digits.indexOf(".");
  const scale = dot === -1 ? 0 : digits.length - dot - 1;
  const mantissa = BigInt((dot === -1 ? digits : digits.slice(0, dot) + digits.slice(dot + 1)) || "0");
  const bits = BINARY_BITS[suffix];
  const exponent = bits !== undefined ? 0 : (DECIMAL_EXPONENT[suffix] ?? Number(suffix.slice(1)));
  if (Math.abs(exponent) > 1000) return undefined;
  // value = mantissa * 2^bits * 10^(exponent - scale); in nanos, 10^(exponent - scale + 9).
  let numerator = mantissa * (bits !== undefined ? 2n ** BigInt(bits) : 1n);
  let denominator = 1n;
  const shift = exponent - scale + 9;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator = 10n ** BigInt(-shift);
  let nanos = numerator / denominator;
  if (numerator % denominator !== 0n) nanos += 1n;
  if (bits !== undefined && nanos > BINARY_MAX_NANOS) nanos = BINARY_MAX_NANOS;
  return negative ? -nanos : nanos;
}
