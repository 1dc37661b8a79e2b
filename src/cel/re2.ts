/**
 * An RE2 pattern (the API server's syntax, for CRD `pattern` and CEL's regex functions) as a
 * JavaScript regexp: a leading flag group ((?i), (?s), (?m)) becomes flags, (?P<name>) named groups
 * become (?<name>), \A and \z become ^ and $ (JavaScript's $ without the m flag is the end of the text),
 * and POSIX classes ([[:alpha:]]) their ranges. Syntax JavaScript would read differently (\pL, \Q…\E,
 * flag groups inside the pattern) throws, as a pattern that does not compile: callers skip it rather
 * than judge by another meaning. No `u` flag: V8 re-runs a regexp without it on its linear-time engine
 * when it backtracks too much (src/regexp-guard.ts), so a pathological pattern cannot hang the run.
 */
const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

export function re2(source: string, extra = ""): RegExp {
  const m = /^\(\?([ims]+)\)/.exec(source);
  let body = m ? source.slice(m[0].length) : source;
  if (/\\[pPQC]|\(\?[imsU-]/.test(body.replace(/\\\\/g, ""))) throw new SyntaxError(`RE2 syntax JavaScript does not share: ${source}`);
  body = body
    .replace(/\(\?P</g, "(?<")
    .replace(/\[\[:(\^?)([a-z]+):\]/g, (all, neg: string, name: string) => (POSIX[name] ? `[${neg}${POSIX[name]}` : all))
    .replace(/\[:([a-z]+):\]/g, (all, name: string) => POSIX[name] ?? all)
    .replace(/(^|[^\\])((?:\\\\)*)\\A/g, "$1$2^")
    .replace(/(^|[^\\])((?:\\\\)*)\\z/g, "$1$2$$");
  return new RegExp(body, [...new Set((m?.[1] ?? "") + extra)].join(""));
}
