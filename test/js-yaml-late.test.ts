import { describe, expect, it } from "vitest";
import * as jsYaml from "js-yaml";

// The tests load js-yaml as the bundle does, with its allocations made late (scripts/js-yaml-late.mjs),
// so that test/fast-parse.test.ts proves the parser the CLI runs: the patched module carries a mark.
describe("js-yaml as the tests load it", () => {
  it("is the build the bundle takes, patched", () => {
    expect((jsYaml as Record<string, unknown>).lateAllocation).toBe(true);
  });

  it("reads tags, anchors and flow collections as before", () => {
    expect(jsYaml.loadAll("a: &x [1, {b: !!str 2}]\nc: *x\n---\n!!map {d: e}\n")).toEqual([{ a: [1, { b: "2" }], c: [1, { b: "2" }] }, { d: "e" }]);
  });
});
