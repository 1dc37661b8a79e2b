/**
 * The library's own `matches` runs JavaScript regexps and cannot be replaced (its overload is fixed),
 * but Kubernetes policies write RE2: `(?i)` flag groups, `(?P<name>…)`. Calls to matches outside string
 * literals are renamed to re2Matches (src/cel/k8s-lists-strings.ts), which translates the pattern.
 */
export function rewriteMatches(expression: string): string {
  if (!expression.includes("matches")) return expression;
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
    if (expression.startsWith("matches", i) && !/[A-Za-z0-9_]/.test(expression[i - 1] ?? "") && /^matches\s*\(/.test(expression.slice(i, i + 40))) {
      out += "re2Matches";
      i += "matches".length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
