import { describe, expect, it } from "vitest";
import { escapeCelName, unescapeCelName } from "../src/cel/escaping.js";

// The names of apiserver/pkg/cel/escaping.go's examples.
describe("CEL names of object properties", () => {
  it.each([
    ["replicas", "replicas"],
    ["max-size", "max__dash__size"],
    ["a.b", "a__dot__b"],
    ["a/b", "a__slash__b"],
    ["a__b", "a__underscores__b"],
    ["namespace", "__namespace__"],
    ["if", "__if__"],
    ["_private", "_private"],
  ])("%s is %s, and back", (name, cel) => {
    expect(escapeCelName(name)).toBe(cel);
    expect(unescapeCelName(cel)).toBe(name);
  });

  it.each(["1st", "a b", "a:b", ""])("%j cannot be named in CEL", (name) => {
    expect(escapeCelName(name)).toBeUndefined();
  });
});
