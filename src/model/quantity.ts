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
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return undefined;
  // Relative tolerance: 0.1 and 100m are the same quantity despite binary floating point.
  if (Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y))) return 0;
  return x < y ? -1 : 1;
}
