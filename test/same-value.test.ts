import { describe, expect, it } from "vitest";
import { isDeepStrictEqual } from "node:util";
import { sameValue } from "../src/fix/same-value.js";

/** Values as parsers make them, and the odd ones that must be left to isDeepStrictEqual. */
function samples(): unknown[] {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const cyclic2: Record<string, unknown> = { a: 1 };
  cyclic2.self = cyclic2;
  const holey = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const withProp = Object.assign([1, 2], { extra: true });
  const nullProto = Object.assign(Object.create(null), { a: 1 });
  return [
    null, undefined, 0, -0, 1, NaN, Infinity, "", "0", "a", true, false, 1n,
    [], [1], [1, 2], [2, 1], [[1]], [{ a: 1 }], holey, [1, undefined, 3], withProp, [1, 2],
    {}, { a: 1 }, { a: 1, b: 2 }, { b: 2, a: 1 }, { a: "1" }, { a: undefined }, { b: undefined }, { a: { b: [1, { c: null }] } }, { a: { b: [1, { c: null }] } },
    nullProto, new Uint8Array([1, 2]), new Uint8Array([1, 2]), new Uint8Array([1, 3]), new Map([["a", 1]]), new Date(0),
    cyclic, cyclic2, { a: 1, self: { a: 1 } },
  ];
}

describe("sameValue", () => {
  it("answers as isDeepStrictEqual for every pair of samples", () => {
    const all = samples();
    let compared = 0;
    for (const a of all) {
      for (const b of all) {
        expect([a, b, sameValue(a, b)]).toEqual([a, b, isDeepStrictEqual(a, b)]);
        compared++;
      }
    }
    expect(compared).toBe(all.length ** 2);
  });

  it("compares documents deeper than its own recursion goes", () => {
    const deep = (n: number, leaf: unknown): unknown => (n === 0 ? leaf : { k: [deep(n - 1, leaf)] });
    expect(sameValue(deep(400, 1), deep(400, 1))).toBe(true);
    expect(sameValue(deep(400, 1), deep(400, 2))).toBe(false);
  });
});
