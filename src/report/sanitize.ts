/**
 * Strings taken from the input (object and container names, file names, messages that quote them)
 * pass through here before a human-readable report prints them. A name with a newline could forge a
 * line of the report, and in a CI log a line that starts with `::` is a workflow command; a terminal
 * escape sequence would retitle or clear the reader's terminal. JSON and SARIF need nothing more:
 * JSON.stringify escapes every control character.
 */

/**
 * C0 controls and DEL, C1 controls, the line and paragraph separators, and the bidirectional
 * overrides and isolates that make a terminal show text in another order than it is written.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/** The string with every control or reordering character shown as a visible escape (`\n`, `\e`, `\x07`). */
export function visible(s: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, escapeChar) : s;
}

/**
 * A visible string that is also safe at the start of a line of a CI log: GitHub and Azure Pipelines
 * read a line that starts with `::` or `##[` as a command, so such a line gets a leading space.
 */
export function visibleLine(s: string): string {
  const v = visible(s);
  return /^\s*(::|##\[|##vso\[)/.test(v) ? ` ${v}` : v;
}

/**
 * JSON text (JSON.stringify's) with each lone surrogate, which it writes as a \udXXX escape, made
 * U+FFFD: a name read from a YAML escape ("\ud800") would otherwise make the report text that jq and
 * strict parsers refuse. JSON.stringify writes a well-formed pair as its characters, never escaped.
 */
export function wellFormedJson(text: string): string {
  if (!text.includes("\\u")) return text;
  // An escape preceded by an even number of backslashes (none, or escaped ones) is an escape.
  return text.replace(/(?<!\\)((?:\\\\)*)\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}/g, "$1\\ufffd");
}
