/**
 * The known id closest to a misspelled one, for "unknown rule x (did you mean y?)": Levenshtein
 * distance, accepted when it is small for the id's length, or when one id contains the other.
 */
export function closestId(id: string, known: Iterable<string>): string | undefined {
  const wanted = id.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(wanted, k.toLowerCase(), limit);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  if (bestDistance <= limit) return best;
  // A prefix or part of an id ("limits" for "resource-limits") is worth suggesting too.
  for (const k of known) if (wanted.length >= 4 && k.toLowerCase().includes(wanted)) return k;
  return undefined;
}

/**
 * The name closest to a misspelt object name, only for a slip of a character or two (`app-confg` for
 * `app-config`): names of one family differ by a whole part (`metrics-tls`, `metrics-auth`), and the
 * loose match closestId allows for rule ids would offer the wrong one.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.min(2, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    if (k === name || Math.abs(k.length - name.length) > 2) continue;
    const d = editDistance(name, k, limit);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** The " (did you mean y?)" to append to an unknown-id message, or "" when nothing is close. */
export function didYouMean(id: string, known: Iterable<string>): string {
  return meant(closestId(id, known));
}

/** " (did you mean y?)" for a close id already found, or "" for none. */
export function meant(near: string | undefined): string {
  return near ? ` (did you mean ${near}?)` : "";
}

/**
 * Levenshtein distance over UTF-16 code units, with two rows reused (not an array per row), exact up
 * to `limit`; any distance above it is returned as `limit + 1`. Callers accept only a distance within
 * their limit, and the first of the closest, so a name already too far needs no more rows: a row's
 * minimum never decreases down the table, and a miss (missing-reference) is compared with up to 200
 * names of its kind, nearly all of them far.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev: number[] = new Array<number>(b.length + 1);
  let cur: number[] = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (c === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    const done = prev;
    prev = cur;
    cur = done;
  }
  return prev[b.length] > limit ? limit + 1 : prev[b.length];
}

/**
 * A near miss close enough to offer as an edit: the same but for case, two neighbouring letters swapped
 * (lables, contianers), or a couple of characters off.
 */
export function nearMiss(written: string, near: string | undefined, known: readonly string[]): boolean {
  if (near === undefined) return false;
  // Each way needs lengths within two (case aside, which keeps an ASCII name's length): most keys a
  // rule asks about are far from the field, and leave before two lower-cased copies are made.
  if (Math.abs(near.length - written.length) > 2 && ASCII.test(near)) return false;
  return near.toLowerCase() === written.toLowerCase() || swapped(written, near) || closestName(written, known) === near;
}

const ASCII = /^[\x00-\x7f]*$/;

/** `a` is `b` with one pair of neighbouring characters swapped. */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
