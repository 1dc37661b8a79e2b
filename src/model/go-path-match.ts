// Go's path.Match, which Argo CD's ApplicationSet Git generators match directory patterns with: no
// regular expressions, so a pattern of many stars stays cheap on any name.

/** Whether a path's segments match a pattern's, one for one (Go's path.Match: `*` stays within a segment). */
export function matchesSegments(segments: readonly string[], pattern: readonly string[]): boolean {
  return segments.length === pattern.length && pattern.every((p, i) => matchSegment(p, segments[i]));
}

/**
 * Whether a name matches one segment of a pattern as Go's path.Match reads it: `*` any run of
 * characters, `?` one, `[…]` (or `[^…]`; Go reads `!` as itself) one of a class with ranges, `\` escaping. Greedy with one
 * backtracking point, so a pattern of many stars costs at most the product of the two lengths.
 */
export function matchSegment(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] === "*") {
      starP = ++p;
      starN = n;
      continue;
    }
    const step = p < pattern.length ? matchOne(pattern, p, name[n]) : undefined;
    if (step !== undefined) {
      p = step;
      n++;
    } else if (starP >= 0) {
      p = starP;
      n = ++starN;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Where the pattern continues when its element at `p` (not a star) matches `c`; undefined if not. */
function matchOne(pattern: string, p: number, c: string): number | undefined {
  const head = pattern[p];
  if (head === "?") return p + 1;
  if (head === "\\" && p + 1 < pattern.length) return pattern[p + 1] === c ? p + 2 : undefined;
  if (head !== "[") return head === c ? p + 1 : undefined;
  let i = p + 1;
  const negated = pattern[i] === "^";
  if (negated) i++;
  let matched = false;
  for (let first = true; i < pattern.length && (first || pattern[i] !== "]"); first = false) {
    let lo = pattern[i++];
    if (lo === "\\" && i < pattern.length) lo = pattern[i++];
    let hi = lo;
    if (pattern[i] === "-" && i + 1 < pattern.length && pattern[i + 1] !== "]") {
      hi = pattern[i + 1];
      if (hi === "\\" && i + 2 < pattern.length) hi = pattern[i++ + 2];
      i += 2;
    }
    if (lo <= c && c <= hi) matched = true;
  }
  // An unterminated class matches nothing (Go reports the pattern malformed).
  if (i >= pattern.length) return undefined;
  return matched !== negated ? i + 1 : undefined;
}
