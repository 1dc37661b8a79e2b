import type { Environment } from "@marcbachmann/cel-js";
import { calledAs } from "./rewrite.js";

/**
 * cel-go's ext.Strings functions that the library implements over UTF-16 units: indexOf,
 * lastIndexOf, substring and split index `[]rune(str)`, code points (`'😀l'.indexOf('l')` is 1, not
 * 2), with cel-go's range errors, and trim is Go's strings.TrimSpace. They are registered under the
 * names src/cel/rewrite.ts gives the calls (k8s.io's vendored github.com/google/cel-go/ext/strings.go).
 */
function outOfRange(i: bigint | number): Error {
  return new Error(`index out of range: ${i}`);
}

function matchesAt(runes: readonly string[], sub: readonly string[], i: number): boolean {
  for (let j = 0; j < sub.length; j++) if (runes[i + j] !== sub[j]) return false;
  return true;
}

/** indexOfOffset: an empty search string is found at the offset, unchecked; else the offset must index a rune. */
function indexOf(str: string, search: string, offset: bigint): bigint {
  if (search === "") return offset;
  const runes = [...str];
  const sub = [...search];
  if (offset < 0n || offset >= BigInt(runes.length)) throw outOfRange(offset);
  for (let i = Number(offset); i < runes.length - (sub.length - 1); i++) if (matchesAt(runes, sub, i)) return BigInt(i);
  return -1n;
}

/** lastIndexOfOffset: the last match starting at or before the offset. */
function lastIndexOf(str: string, search: string, offset: bigint): bigint {
  if (search === "") return offset;
  const runes = [...str];
  const sub = [...search];
  if (offset < 0n || offset >= BigInt(runes.length)) throw outOfRange(offset);
  for (let i = Math.min(Number(offset), runes.length - sub.length); i >= 0; i--) if (matchesAt(runes, sub, i)) return BigInt(i);
  return -1n;
}

function substring(str: string, start: bigint, end?: bigint): string {
  const runes = [...str];
  const n = BigInt(runes.length);
  if (end !== undefined && start > end) throw new Error(`invalid substring range. start: ${start}, end: ${end}`);
  if (start < 0n || start > n) throw outOfRange(start);
  if (end !== undefined && (end < 0n || end > n)) throw outOfRange(end);
  return runes.slice(Number(start), end === undefined ? undefined : Number(end)).join("");
}

/** strings.SplitN: n == 0 gives no parts, n < 0 all; an empty separator splits after each rune. */
function split(str: string, sep: string, n = -1n): string[] {
  if (n === 0n) return [];
  const parts = sep === "" ? [...str] : str.split(sep);
  if (n < 0n || BigInt(parts.length) <= n) return parts;
  const k = Number(n);
  return [...parts.slice(0, k - 1), parts.slice(k - 1).join(sep)];
}

/** unicode.IsSpace: JavaScript's trim also removes U+FEFF, and keeps U+0085. */
const GO_SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+";
const EDGE_SPACE = new RegExp(`^${GO_SPACE}|${GO_SPACE}$`, "g");

export function registerCodePointStrings(env: Environment): void {
  const [index, last, sub, splitName, trim] = ["indexOf", "lastIndexOf", "substring", "split", "trim"].map(calledAs);
  env
    .registerFunction(`string.${index}(string): int`, (s: string, search: string) => indexOf(s, search, 0n))
    .registerFunction(`string.${index}(string, int): int`, (s: string, search: string, offset: bigint) => indexOf(s, search, offset))
    .registerFunction(`string.${last}(string): int`, (s: string, search: string) => (search === "" ? BigInt([...s].length) : lastIndexOf(s, search, BigInt([...s].length - 1))))
    .registerFunction(`string.${last}(string, int): int`, (s: string, search: string, offset: bigint) => lastIndexOf(s, search, offset))
    .registerFunction(`string.${sub}(int): string`, (s: string, start: bigint) => substring(s, start))
    .registerFunction(`string.${sub}(int, int): string`, (s: string, start: bigint, end: bigint) => substring(s, start, end))
    .registerFunction(`string.${splitName}(string): list<string>`, (s: string, sep: string) => split(s, sep))
    .registerFunction(`string.${splitName}(string, int): list<string>`, (s: string, sep: string, n: bigint) => split(s, sep, n))
    .registerFunction(`string.${trim}(): string`, (s: string) => s.replace(EDGE_SPACE, ""));
}
