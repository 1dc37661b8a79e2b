import { describe, expect, it } from "vitest";
import { compareQuantities } from "../src/model/quantity.js";

// compareQuantities orders quantities as the API server stores them (ParseQuantity): exact decimals,
// a non-zero amount rounded up to 1n, a binary-suffixed one capped at 2^63-1.
describe("compareQuantities", () => {
  it.each([
    ["100m", "0.1", 0],
    ["2Gi", "2048Mi", 0],
    ["1.5G", "1500M", 0],
    ["1e3", "1k", 0],
    ["1", "999m", 1],
    ["500m", "1", -1],
    ["1Ki", "1000", 1],
    ["-1", "1", -1],
    ["1n", "0", 1],
    // Rounded up to the nano: 0.9n and 0.5n are both 1n; 2.9999999999 is 3.
    ["0.9n", "0.5n", 0],
    ["3", "2.9999999999", 0],
    // Binary suffixes are capped at 2^63-1 bytes: 16Ei and 8Ei are stored alike.
    ["16Ei", "8Ei", 0],
    ["8Ei", "7Ei", 1],
    // Exponents past what a double holds compare exactly.
    ["1e400", "1e400", 0],
    ["1e400", "2e400", -1],
  ] as const)("%s against %s is %i", (a, b, want) => {
    expect(compareQuantities(a, b)).toBe(want);
  });

  it("is undefined for what is not a quantity", () => {
    expect(compareQuantities("2 GB", "1G")).toBeUndefined();
  });
});
