import type { Environment } from "@marcbachmann/cel-js";
import { re2, UnsharedSyntax } from "./re2.js";
import { NotEvaluated } from "./not-evaluated.js";
import { celEqual } from "./equality.js";
import { libraryClasses, type LibraryClasses } from "./library-classes.js";
import { calledAs } from "./rewrite.js";
import { compareCodePoints } from "./string-order.js";
import { int64 } from "./int64-overflow.js";

/**
 * The Kubernetes list library (isSorted, sum, min, max, indexOf, lastIndexOf), regex find/findAll,
 * and the string extensions the CEL library lacks (charAt, replace, reverse, format):
 * k8s.io/apiserver/pkg/cel/library and cel-go's ext.Strings, as the API server registers them.
 */
function compare(a: unknown, b: unknown): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  throw new Error("no such overload: values are not comparable");
}


function extreme(list: readonly unknown[], sign: number): unknown {
  if (list.length === 0) throw new Error("min/max of an empty list");
  let best = list[0];
  for (const x of list) if (compare(x, best) * sign > 0) best = x;
  return best;
}

export function registerListsAndStrings(env: Environment): void {
  const lib = libraryClasses(env);
  env
    .registerFunction("list.isSorted(): bool", (l: unknown[]) => l.every((x, i) => i === 0 || compare(l[i - 1], x) <= 0))
    .registerFunction("list.sum(): dyn", (l: unknown[]) => {
      if (l.length === 0) return 0n;
      if (l.every((x) => typeof x === "bigint")) return (l as bigint[]).reduce((a, b) => int64(a + b), 0n);
      return l.reduce((a: number, b) => a + Number(b), 0);
    })
    .registerFunction("list.reverse(): list", (l: unknown[]) => [...l].reverse())
    .registerFunction("list.min(): dyn", (l: unknown[]) => extreme(l, -1))
    .registerFunction("list.max(): dyn", (l: unknown[]) => extreme(l, 1))
    // Under the names the strings' indexOf and lastIndexOf are called by (src/cel/rewrite.ts).
    .registerFunction(`list.${calledAs("indexOf")}(dyn): int`, (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => celEqual(x, y))))
    .registerFunction(`list.${calledAs("lastIndexOf")}(dyn): int`, (l: unknown[], x: unknown) => {
      for (let i = l.length - 1; i >= 0; i--) if (celEqual(x, l[i])) return BigInt(i);
      return -1n;
    })
    .registerFunction("string.find(string): string", (s: string, re: string) => regexpFor(re, s).exec(s)?.[0] ?? "")
    .registerFunction("string.findAll(string): list<string>", (s: string, re: string) => findAll(s, re))
    .registerFunction("string.findAll(string, int): list<string>", (s: string, re: string, n: bigint) => {
      const all = findAll(s, re);
      return n < 0n ? all : all.slice(0, Number(n));
    })
    // matches(), renamed by src/cel/rewrite.ts: the library's own runs the pattern as JavaScript, not RE2.
    .registerFunction("string.re2Matches(string): bool", (s: string, re: string) => regexpFor(re, s).test(s))
    .registerFunction("re2Matches(string, string): bool", (s: string, re: string) => regexpFor(re, s).test(s))
    // cel-go's lowerAscii/upperAscii change ASCII letters only (src/cel/rewrite.ts renames the calls).
    .registerFunction("string.asciiLowered(): string", (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase()))
    .registerFunction("string.asciiUppered(): string", (s: string) => s.replace(/[a-z]+/g, (m) => m.toUpperCase()))
    // ext.Strings charAt: an index of runes, up to their number (which gives '').
    .registerFunction("string.charAt(int): string", (s: string, i: bigint) => {
      const runes = [...s];
      if (i < 0n || i > BigInt(runes.length)) throw new Error(`index out of range: ${i}`);
      return runes[Number(i)] ?? "";
    })
    .registerFunction("string.replace(string, string): string", (s: string, a: string, b: string) => pieces(s, a).join(b))
    .registerFunction("string.replace(string, string, int): string", (s: string, a: string, b: string, n: bigint) => {
      const parts = pieces(s, a);
      const k = n < 0n ? parts.length - 1 : Math.min(Number(n), parts.length - 1);
      return parts.slice(0, k + 1).join(b) + (k + 1 < parts.length ? a + parts.slice(k + 1).join(a) : "");
    })
    .registerFunction("string.reverse(): string", (s: string) => [...s].reverse().join(""))
    .registerFunction("string.format(list): string", (s: string, args: unknown[]) => format(s, args, lib));
}

/**
 * The RE2 pattern as a JavaScript regexp for this subject (src/cel/re2.ts), or NotEvaluated where
 * JavaScript would match it otherwise than Go's regexp: RE2 syntax it does not share, and with (?m)
 * a \r, U+2028 or U+2029 in the value, which JavaScript's ^ and $ take as line breaks, Go's not.
 */
function regexpFor(pattern: string, subject: string, flags = ""): RegExp {
  let re: RegExp;
  try {
    re = re2(pattern, flags);
  } catch (e) {
    if (e instanceof UnsharedSyntax) throw new NotEvaluated("RE2 syntax k8slint does not evaluate (\\p, \\Q, flags inside the pattern)");
    throw e;
  }
  if (re.multiline && /[\r\u2028\u2029]/.test(subject)) throw new NotEvaluated("line breaks that JavaScript and Go's (?m) read differently");
  return re;
}

/**
 * Every match, as Go's FindAllString (regexp.go, allMatches): an empty one right after the previous
 * match is not one ('abc'.findAll('b*') is ['', 'b', '']), nor one between the two units of a
 * surrogate pair, which is inside a character.
 */
function findAll(s: string, pattern: string): string[] {
  const inPair = (i: number) => i > 0 && /[\uD800-\uDBFF]/.test(s[i - 1]) && /[\uDC00-\uDFFF]/.test(s[i]);
  const out: string[] = [];
  let previousEnd = -1;
  for (const m of s.matchAll(regexpFor(pattern, s, "g"))) {
    if (m[0] === "" && (m.index === previousEnd || inPair(m.index))) continue;
    out.push(m[0]);
    previousEnd = m.index + m[0].length;
  }
  return out;
}

/**
 * The parts of s between occurrences of sep. Go's strings.Replace with an empty old string inserts
 * before each character and at the end (`'abc'.replace('', '-')` is `-a-b-c-`): the parts are then an
 * empty one, the characters (code points, as Go's runes), and another empty one.
 */
function pieces(s: string, sep: string): string[] {
  return sep === "" ? ["", ...s, ""] : s.split(sep);
}

/** cel-go's string.format: %s %d %f %.Nf %e %x %X %o %b and %%. */
export function format(template: string, args: readonly unknown[], lib?: LibraryClasses): string {
  let n = 0;
  return template.replace(/%(?:\.(\d+))?([sdfeExXob%])/g, (_all, precision: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (n >= args.length) throw new Error(`format: not enough arguments for the template`);
    const v = args[n++];
    const digits = precision === undefined ? 6 : Number(precision);
    switch (verb) {
      case "s":
        return formatString(v, lib);
      case "d":
        if (lib && v instanceof lib.uint) return v.valueOf().toString();
        if (typeof v !== "bigint") throw new Error("format: %d needs an integer");
        return v.toString();
      case "f":
        return Number(v).toFixed(digits);
      case "e":
      case "E": {
        const e = Number(v).toExponential(digits).replace(/e([+-])(\d)$/, "e$10$2");
        return verb === "E" ? e.toUpperCase() : e;
      }
      case "x":
      case "X": {
        const h = typeof v === "string" ? Buffer.from(v).toString("hex") : typeof v === "bigint" ? v.toString(16) : Math.trunc(Number(v)).toString(16);
        return verb === "X" ? h.toUpperCase() : h;
      }
      case "o":
        return BigInt(v as bigint).toString(8);
      default:
        return typeof v === "boolean" ? String(v) : BigInt(v as bigint).toString(2);
    }
  });
}

/** %s as cel-go writes each type: a uint's digits, a duration in seconds (`3600s`), bytes as their text, a timestamp in RFC 3339. */
function formatString(v: unknown, lib?: LibraryClasses): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return `[${v.map((x) => formatString(x, lib)).join(", ")}]`;
  if (v === null) return "null";
  if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
  if (v instanceof Date) return v.toISOString().replace(/\.000Z$/, "Z");
  if (lib && v instanceof lib.uint) return v.valueOf().toString();
  if (lib && v instanceof lib.duration) return `${Number(v.seconds) + v.nanos / 1e9}s`;
  if (typeof v === "object") return `{${Object.entries(v as object).map(([k, x]) => `${k}: ${formatString(x, lib)}`).join(", ")}}`;
  return String(v);
}
