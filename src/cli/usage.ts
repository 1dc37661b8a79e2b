/** Exit codes: 0 clean, 1 findings at or above --fail-on (or over --max-warnings), 2 usage, config or input errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in how k8slint was called: one line on stderr, exit 2. */
export class UsageError extends Error {}

/** yargs drops a lone "-" (standard input): it is carried through as a token no real path can be. */
export const STDIN_TOKEN = "\u0000stdin";

/**
 * Repeatable options take one value per flag (`-f json -o a.json -f text`), never the words after it:
 * `array: true` would swallow the paths in `k8slint -f json k8s/`.
 */
export function oneOrMore(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * Options that take one value keep the last one given, as getopt-style tools do: yargs' arrays of
 * repeated flags (`--fail-on never --fail-on never`, an action that adds `--sarif-category` before the
 * user's own flags) would otherwise reach the run as arrays.
 */
export function lastValue<T>(v: T | T[]): T {
  return Array.isArray(v) ? v[v.length - 1] : v;
}
