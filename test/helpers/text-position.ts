/**
 * "line:col" (1-based) of the nth occurrence of a needle in a text: tests derive expected positions
 * from the fixture text itself, so an expectation cannot drift from the text it describes.
 */
export function where(text: string, needle: string, nth = 0): string {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" #${nth} not in text`);
  }
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
