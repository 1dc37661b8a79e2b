/**
 * Library functions that differ from cel-go's and cannot be replaced (the library refuses a second
 * definition), renamed outside string literals to k8slint's (src/cel/k8s-lists-strings.ts):
 * - `matches` runs JavaScript regexps, but Kubernetes policies write RE2 (`(?i)` flag groups,
 *   `(?P<name>…)`): re2Matches translates the pattern;
 * - `lowerAscii`/`upperAscii` change every letter (`'ÀB'.lowerAscii()` is 'àb'), cel-go's only the
 *   ASCII ones ('Àb').
 */
const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ["matches", "re2Matches"],
  ["lowerAscii", "asciiLowered"],
  ["upperAscii", "asciiUppered"],
];

export function rewriteMatches(expression: string): string {
  if (!RENAMED.some(([name]) => expression.includes(name))) return expression;
  let out = "";
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '"' || c === "'") {
      // A string literal, raw (r"…") or not, single or triple quoted: copied as it is.
      const triple = expression.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const raw = i > 0 && /[rR]/.test(expression[i - 1]);
      let j = i + quote.length;
      while (j < expression.length && !expression.startsWith(quote, j)) j += !raw && expression[j] === "\\" ? 2 : 1;
      out += expression.slice(i, j + quote.length);
      i = j + quote.length;
      continue;
    }
    const renamed = /[A-Za-z0-9_]/.test(expression[i - 1] ?? "") ? undefined : RENAMED.find(([name]) => expression.startsWith(name, i) && new RegExp(`^${name}\\s*\\(`).test(expression.slice(i, i + 40)));
    if (renamed) {
      out += renamed[1];
      i += renamed[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A message of the library about the rewritten expression, with the names the policy wrote. */
export function writtenNames(message: string): string {
  let out = message;
  for (const [name, renamed] of RENAMED) if (out.includes(renamed)) out = out.split(renamed).join(name);
  return out;
}
