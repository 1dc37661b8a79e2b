/**
 * The other places a finding's subject is written, listed at the end of its message (duplicate-object's
 * `also defined at a.yaml:4, b.yaml:9`). Sets that each see some of those places (the variants of the
 * plain files, each with the files they share) report one problem with different lists: the merge
 * across sets (merge-units.ts) joins the lists, so it must know which part of the message is the list.
 */
export interface ListedPlaces {
  /** Every place the subject is written, `file:line`, the finding's own among them. */
  places: ReadonlySet<string>;
  /** The finding's own place, never listed. */
  own: string;
  /** Where the list starts in the message, and its text there (a suppression note may follow it). */
  at: number;
  text: string;
}

/** How many other places a message names before it says how many more. */
const SHOWN = 3;

/** `a.yaml:4, b.yaml:9, c.yaml:2, 2 more`: the places other than `own`, each once. */
export function placesText(places: ReadonlySet<string>, own: string): string {
  const shown: string[] = [];
  for (const p of places) {
    if (shown.length === SHOWN) break;
    if (p !== own) shown.push(p);
  }
  const more = places.size - (places.has(own) ? 1 : 0) - shown.length;
  if (more > 0) shown.push(`${more} more`);
  return shown.join(", ");
}

/** The message without its list: what makes two findings one problem whatever places each set saw. */
export function withoutList(message: string, listed: ListedPlaces): string {
  return message.slice(0, listed.at) + message.slice(listed.at + listed.text.length);
}

/** The message listing `places` instead of what `listed` says it lists. */
export function withPlaces(message: string, listed: ListedPlaces, places: ReadonlySet<string>): string {
  return message.slice(0, listed.at) + placesText(places, listed.own) + message.slice(listed.at + listed.text.length);
}
