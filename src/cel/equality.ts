/**
 * CEL's equality as cel-go defines it for the list and set functions: numbers compare by value
 * across int, uint and double (1 == 1u == 1.0), NaN equals nothing, lists and maps element by
 * element, bytes byte by byte. The library's own `==` refuses mixed types at check time; these
 * functions take lists of any element type, so they need the runtime rule.
 */
function numeric(v: unknown): bigint | number | undefined {
  if (typeof v === "bigint" || typeof v === "number") return v;
  // The library's uint is a class whose valueOf is the bigint.
  if (typeof v === "object" && v !== null && v.constructor?.name === "UnsignedInt") return (v as { valueOf(): bigint }).valueOf();
  return undefined;
}

function entries(v: object): Array<[string, unknown]> | undefined {
  if (v instanceof Map) return [...v].map(([k, x]) => [String(k), x]);
  if (Object.getPrototypeOf(v) === Object.prototype) return Object.entries(v);
  return undefined;
}

export function celEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined || y !== undefined) {
    if (x === undefined || y === undefined) return false;
    if (typeof x === "number" && typeof y === "number") return x === y;
    if (typeof x === "bigint" && typeof y === "bigint") return x === y;
    const d = typeof x === "number" ? x : (y as number);
    const i = typeof x === "bigint" ? x : (y as bigint);
    return Number.isInteger(d) && BigInt(d) === i;
  }
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => celEqual(v, b[i], depth + 1));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((v, i) => v === b[i]);
  }
  const ea = entries(a);
  const eb = entries(b);
  if (!ea || !eb) return a === b;
  if (ea.length !== eb.length) return false;
  const mb = new Map(eb);
  return ea.every(([k, v]) => mb.has(k) && celEqual(v, mb.get(k), depth + 1));
}
