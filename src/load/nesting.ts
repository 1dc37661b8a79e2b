import { CST } from "yaml";

/**
 * Deepest nesting of collections a document may have. The `yaml` composer recurses once per level, so
 * without a bound the depth at which a document becomes unreadable is the thread's stack size: a
 * document 3,000 levels deep failed on the main thread and parsed on a worker, and a deep document that
 * met a regular expression at the bottom of the stack aborted the process (V8 cannot compile a regular
 * expression there). Manifests nest a few dozen levels (the deepest CRD schemas about a hundred).
 */
export const MAX_NESTING = 500;

/**
 * Offset of the first collection nested deeper than MAX_NESTING in a document's syntax tokens, or
 * undefined. The tokens come from the parser, which is iterative; this walk is too.
 */
export function tooDeepAt(root: CST.Token): number | undefined {
  const stack: Array<[CST.Token, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth >= MAX_NESTING) return token.offset;
    for (const item of token.items) {
      if (item.value) stack.push([item.value, depth + 1]);
      if (item.key) stack.push([item.key, depth + 1]);
    }
  }
  return undefined;
}
