import v8 from "node:v8";

/**
 * Regular expressions built from input (ignore globs, custom rules' kinds globs and `pattern`s) must
 * not backtrack catastrophically: `a*a*a*a*a*a*b` against a 200-character file name, or `^(a+)+$`
 * against a long name, ran for minutes. V8 has a second, linear-time regexp engine; with this flag a
 * regexp that backtracks too much is re-run on it (every regexp without backreferences, lookarounds or
 * the `u` flag, which custom rules' patterns are compiled without). The flag is process-wide and read
 * when a regexp runs, so setting it once at load covers worker threads and library callers too.
 * Patterns the linear engine cannot run are checked by `unsafePattern` instead.
 */
let installed = false;
export function guardRegExps(): void {
  if (installed) return;
  installed = true;
  v8.setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
  v8.setFlagsFromString("--enable-experimental-regexp-engine");
}
guardRegExps();

/**
 * Why a user-supplied pattern is refused, or undefined when it is safe to run: it either runs on the
 * linear engine, or it has no quantified group that itself contains a quantifier or an alternation
 * (the shapes that backtrack exponentially: `(a+)+`, `(a|a)*`).
 */
export function unsafePattern(source: string): string | undefined {
  try {
    new RegExp(source, "l");
    return undefined;
  } catch (e) {
    if (!/linear time/.test((e as Error).message)) return undefined;
  }
  if (nestedQuantifier(source)) return "nests a repeated group inside a repetition with a backreference or lookaround, which can take exponential time; simplify it";
  // Unbounded repetitions in a row backtrack polynomially, to the power of their number:
  // `^a*a*a*a*a*a*a*(?=b)` against 300 `a`s ran for minutes. Two (`^(?!kube-).*-[a-z]+$`, a quadratic
  // worst case) are common in real patterns and end quickly on any value a manifest holds; three are refused.
  if (unboundedRepetitions(source) > 2) {
    return "repeats three or more parts without bound and has a lookaround or backreference, which can take polynomial time on a long value; simplify it (write a negative lookahead as `not: {pattern: …}`)";
  }
  return undefined;
}

/** The positions of a pattern's syntax characters: escapes (`\*`) and character classes (`[*+]`) skipped. */
function* syntaxAt(source: string): Generator<number> {
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "[") {
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      continue;
    }
    yield i;
  }
}

/**
 * How many `*`, `+` and `{n,}` repetitions the pattern has outside character classes and lookaround
 * groups (a lookaround's repetition runs once per position it is tried at, not in a row with the rest).
 */
function unboundedRepetitions(source: string): number {
  let n = 0;
  const groups: boolean[] = [];
  for (const i of syntaxAt(source)) {
    const c = source[i];
    if (c === "(") groups.push(/^\(\?<?[=!]/.test(source.slice(i)) || groups.at(-1) === true);
    else if (c === ")") groups.pop();
    else if (groups.at(-1) !== true && (c === "*" || c === "+" || (c === "{" && /^\{\d+,\}/.test(source.slice(i))))) n++;
  }
  return n;
}

/** True when a group followed by a quantifier contains a quantifier or `|` itself. */
function nestedQuantifier(source: string): boolean {
  const stack: boolean[] = [];
  let inner = false;
  for (const i of syntaxAt(source)) {
    const c = source[i];
    if (c === "(") {
      stack.push(inner);
      inner = false;
    } else if (c === ")") {
      const had: boolean = inner;
      inner = stack.pop() ?? false;
      const next = source[i + 1];
      if (had && (next === "*" || next === "+" || next === "{")) return true;
      inner ||= had || next === "*" || next === "+" || next === "{" || next === "?";
    } else if (c === "*" || c === "+" || c === "{" || c === "|" || (c === "?" && source[i - 1] !== "(")) {
      inner = true;
    }
  }
  return false;
}
