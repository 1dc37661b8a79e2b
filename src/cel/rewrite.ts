/**
 * Library functions that differ from cel-go's and cannot be replaced (the library refuses a second
 * definition), renamed outside string literals and comments to k8slint's:
 * - `matches` runs JavaScript regexps, but Kubernetes policies write RE2 (`(?i)` flag groups,
 *   `(?P<name>…)`): re2Matches translates the pattern (src/cel/k8s-lists-strings.ts);
 * - `lowerAscii`/`upperAscii` change every letter (`'ÀB'.lowerAscii()` is 'àb'), cel-go's only the
 *   ASCII ones ('Àb');
 * - `indexOf`, `lastIndexOf`, `substring` and `split` count UTF-16 units, cel-go's ext.Strings code
 *   points, and `trim` is JavaScript's, not Go's strings.TrimSpace (src/cel/code-point-strings.ts);
 *   the Kubernetes list library's indexOf/lastIndexOf are registered under the new names too.
 */
const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ["matches", "re2Matches"],
  ["lowerAscii", "asciiLowered"],
  ["upperAscii", "asciiUppered"],
  ["lastIndexOf", "codePointLastIndexOf"],
  ["indexOf", "codePointIndexOf"],
  ["substring", "codePointSubstring"],
  ["split", "codePointSplit"],
  ["trim", "goTrimSpace"],
];

/** The name a function written `name` is registered under. */
export function calledAs(name: string): string {
  return RENAMED.find(([written]) => written === name)?.[1] ?? name;
}

export function rewriteCalls(expression: string): string {
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
    if (expression.startsWith("//", i)) {
      // A comment, to the end of its line: a quote in it (`// don't`) opens no string.
      const end = expression.indexOf("\n", i);
      const j = end < 0 ? expression.length : end;
      out += expression.slice(i, j);
      i = j;
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
