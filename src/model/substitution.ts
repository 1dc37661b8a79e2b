import { parse } from "yaml";

/**
 * `${VAR:=default}`, `${VAR:-default}`, `${VAR=default}`, `${VAR-default}`: the whole value is one
 * variable with a default that is itself no variable (`${CLAIM:-${APP}}` is not).
 */
const WHOLE_WITH_DEFAULT = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^${}]*)\}$/;

/**
 * What a value written with a `${…}` variable is as far as the manifests tell, for checks of its type
 * and form. Flux's post-build substitution (and envsubst before a `kubectl apply`) replaces variables
 * in the object's YAML text, then reads that text again: `replicas: ${REPLICAS:=1}` becomes the integer
 * 1, and `storage: ${CAPACITY:=5Gi}` the quantity 5Gi. A variable with a default is therefore judged by
 * its default, read as YAML (what it is whenever the variable is unset); any other value holding a
 * variable has a final form only the deploy knows: `unknown`. Undefined for a value without one.
 */
export function substitutedValue(value: string): { value: unknown } | "unknown" | undefined {
  if (!value.includes("${")) return undefined;
  const m = WHOLE_WITH_DEFAULT.exec(value);
  if (!m) return "unknown";
  try {
    const read: unknown = parse(m[1], { version: "1.1" });
    // A default that reads as a mapping or list would not have made one scalar of the line it is in;
    // an empty one leaves `replicas: ` behind, which is null: the field not set.
    return typeof read === "object" && read !== null ? "unknown" : { value: read ?? null };
  } catch {
    return "unknown";
  }
}

/** A value with each `${…}` string replaced as substitutedValue reads it (see substitutedObject). */
export interface Substituted {
  /** The value with every variable's default in its place; the same value when it holds none. */
  value: unknown;
  /** Where a default stands in for a variable: a problem there is said of the default. */
  defaults: ReadonlySet<string>;
  /** Where a value's final form only the deploy knows (kept as written): nothing there is judged. */
  unknown: readonly (string | number)[][];
}

/** Objects are shared and never changed: each is read once, whichever rules ask. */
const substituted = new WeakMap<object, Substituted>();
const MAX_DEPTH = 200;

/**
 * A custom resource as validation sees it after Flux's post-build substitution (or envsubst): every
 * string that is one variable with a default holds that default, read as YAML; other strings with a
 * variable are kept and listed as unknown. Changed nodes are copies; the object itself never changes.
 */
export function substitutedObject(object: Record<string, unknown>): Substituted {
  const known = substituted.get(object);
  if (known) return known;
  const defaults = new Set<string>();
  const unknown: (string | number)[][] = [];
  const path: (string | number)[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const filled = substitutedValue(v);
      if (filled === undefined) return v;
      if (filled === "unknown") {
        unknown.push([...path]);
        return v;
      }
      defaults.add(pathKey(path));
      return filled.value;
    }
    // A YAML alias can make a value contain itself.
    if (typeof v !== "object" || v === null || path.length > MAX_DEPTH) return v;
    if (Array.isArray(v)) {
      let list: unknown[] | undefined;
      v.forEach((x, i) => {
        const y = below(i, x);
        if (y !== x) (list ??= [...v])[i] = y;
      });
      return list ?? v;
    }
    let map: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const y = below(k, x);
      if (y !== x) (map ??= { ...v })[k] = y;
    }
    return map ?? v;
  };
  const below = (key: string | number, v: unknown): unknown => {
    path.push(key);
    const y = walk(v);
    path.pop();
    return y;
  };
  const value = walk(object);
  const result: Substituted = { value, defaults, unknown };
  substituted.set(object, result);
  return result;
}

/** An object the deploy substitutes nothing in: every `${…}` value is what it says. */
export function asWritten(object: Record<string, unknown>): Substituted {
  return { value: object, defaults: NO_DEFAULTS, unknown: [] };
}
const NO_DEFAULTS: ReadonlySet<string> = new Set();

/** The key of an object path in Substituted.defaults. */
export function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

/** Whether a value the deploy gives its form is at `path` or below it. */
export function holdsUnknown(s: Substituted, path: readonly (string | number)[]): boolean {
  return s.unknown.some((u) => u.length >= path.length && path.every((p, i) => u[i] === p));
}

/** Whether a variable's default stands in at `path` or below it. */
export function holdsDefault(s: Substituted, path: readonly (string | number)[]): boolean {
  if (s.defaults.size === 0) return false;
  // A key without its closing bracket is the prefix of the keys below it: `["spec"` of `["spec","x"]`.
  const prefix = pathKey(path).slice(0, -1);
  for (const d of s.defaults) if (d.startsWith(prefix) && (d.length === prefix.length + 1 || d[prefix.length] === "," || path.length === 0)) return true;
  return false;
}
