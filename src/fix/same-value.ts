import { isDeepStrictEqual } from "node:util";

/**
 * Deeper than this, the comparison is left to isDeepStrictEqual, which follows cycles (a document
 * whose alias refers to a node that contains it converts to a value that contains itself).
 */
const MAX_DEPTH = 200;

/**
 * isDeepStrictEqual for values parsed from YAML (plain objects, dense arrays, scalars), with the same
 * answers: each fix compares whole documents several times, and node's general comparison was a
 * tenth of a JSON report's fix stage at 10,000 resources. Anything else (a typed array, a Map, an
 * object with another prototype) is left to isDeepStrictEqual.
 */
export function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Object.is(a, b);
  if (a === b) return true;
  if (depth > MAX_DEPTH) return isDeepStrictEqual(a, b);
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (proto === Array.prototype) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return isDeepStrictEqual(a, b);
    for (let i = 0; i < x.length; i++) {
      if (!(i in x) || !(i in y)) return isDeepStrictEqual(a, b);
      if (!sameValue(x[i], y[i], depth + 1)) return false;
    }
    return Object.keys(x).length === x.length && Object.keys(y).length === y.length ? true : isDeepStrictEqual(a, b);
  }
  if (proto !== Object.prototype || Object.getOwnPropertySymbols(a).length > 0 || Object.getOwnPropertySymbols(b).length > 0) return isDeepStrictEqual(a, b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameValue(x[k], y[k], depth + 1)) return false;
  }
  return true;
}
