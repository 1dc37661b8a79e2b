/**
 * The known id closest to a misspelled one, for "unknown rule x (did you mean y?)": Levenshtein
 * distance, accepted when it is small for the id's length, or when one id contains the other.
 */
export function closestId(id: string, known: Iterable<string>): string | undefined {
  const wanted = id.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(wanted, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  if (bestDistance <= limit) return best;
  // A prefix or part of an id ("limits" for "resource-limits") is worth suggesting too.
  for (const k of known) if (wanted.length >= 4 && k.toLowerCase().includes(wanted)) return k;
  return undefined;
}

/** The " (did you mean y?)" to append to an unknown-id message, or "" when nothing is close. */
export function didYouMean(id: string, known: Iterable<string>): string {
  const near = closestId(id, known);
  return near ? ` (did you mean ${near}?)` : "";
}

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
