import { eachNode } from "./ast-nodes.js";

/**
 * cel-go orders strings as Go's strings.Compare does (common/types/string.go): by UTF-8 bytes, which is
 * code point order. JavaScript's `<` compares UTF-16 units, which puts a character beyond U+FFFF (a
 * surrogate pair, D800–DFFF) before U+E000–U+FFFF: `'😀' > '\uffff'` is true in cel-go, false in
 * JavaScript. Units from E000 up are moved below the surrogates, which then order as their code points.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

const ORDER: Record<string, (c: number) => boolean> = {
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

type Handle = (left: unknown, right: unknown, ...rest: unknown[]) => unknown;

/**
 * The library's `<`, `<=`, `>`, `>=` on two strings, as cel-go orders them. Each comparison node of a
 * checked expression holds the handler it calls with both operands (`handle`, a string overload's or
 * the dyn dispatcher); strings are compared here, every other type as before.
 */
export function orderStringsByCodePoint(root: unknown): void {
  eachNode(root, (node) => {
    const holder = node as unknown as { handle?: Handle };
    const order = ORDER[node.op];
    const handle = holder.handle;
    if (!order || typeof handle !== "function") return;
    holder.handle = (left, right, ...rest) => (typeof left === "string" && typeof right === "string" ? order(compareCodePoints(left, right)) : handle(left, right, ...rest));
  });
}
