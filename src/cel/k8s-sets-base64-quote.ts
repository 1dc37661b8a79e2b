import type { Environment } from "@marcbachmann/cel-js";
import { registerNamespace } from "./namespace.js";
import { celEqual } from "./equality.js";

/**
 * cel-go's sets extension (lists treated as sets, CEL equality), its base64 encoders and
 * strings.quote, as the API server offers them to policies and CRD rules.
 */
function containsAll(a: readonly unknown[], b: readonly unknown[]): boolean {
  return b.every((x) => a.some((y) => celEqual(x, y)));
}

/** Go's StdEncoding, or RawStdEncoding without padding, as cel-go's base64.decode tries both. */
const BASE64 = /^[A-Za-z0-9+/]*$/;

function decodeBase64(s: string): Uint8Array {
  const body = s.endsWith("==") ? s.slice(0, -2) : s.endsWith("=") ? s.slice(0, -1) : s;
  const padded = body.length !== s.length;
  if (!BASE64.test(body) || body.length % 4 === 1 || (padded && s.length % 4 !== 0)) {
    throw new Error("base64.decode: illegal base64 data");
  }
  return new Uint8Array(Buffer.from(body, "base64"));
}

const ESCAPES: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"' };

/** strings.quote: in double quotes, with cel-go's escapes; unpaired surrogates (invalid UTF-8 in Go) become U+FFFD. */
export function quote(s: string): string {
  const wellFormed = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return `"${wellFormed.replace(/[\x07\b\f\n\r\t\v\\"]/g, (c: string) => ESCAPES[c])}"`;
}

export function registerSetsBase64Quote(env: Environment): void {
  const sets = registerNamespace(env, "sets");
  const base64 = registerNamespace(env, "base64");
  const strings = registerNamespace(env, "strings");
  env
    .registerFunction(`${sets}.contains(list, list): bool`, (_n: unknown, a: unknown[], b: unknown[]) => containsAll(a, b))
    .registerFunction(`${sets}.equivalent(list, list): bool`, (_n: unknown, a: unknown[], b: unknown[]) => containsAll(a, b) && containsAll(b, a))
    .registerFunction(`${sets}.intersects(list, list): bool`, (_n: unknown, a: unknown[], b: unknown[]) => a.some((x) => b.some((y) => celEqual(x, y))))
    .registerFunction(`${base64}.encode(bytes): string`, (_n: unknown, b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64"))
    .registerFunction(`${base64}.decode(string): bytes`, (_n: unknown, s: string) => decodeBase64(s))
    .registerFunction(`${strings}.quote(string): string`, (_n: unknown, s: string) => quote(s));
}
