import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { ROOT } from "./helpers/fixtures.js";

// What fixtures cannot hold: a ConfigMap above the API server's 1 MiB, and the messages' wording.
const run = (text: string) => lint({ sources: [{ name: "config.yaml", text }], cwd: ROOT }).findings.filter((f) => f.ruleId === "api-validation");

describe("api-validation: ConfigMap and Secret sizes", () => {
  const configMap = (bytes: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dashboards, namespace: monitoring}\ndata:\n  a.json: "${"x".repeat(bytes)}"\n`;

  it("a ConfigMap whose values hold more than 1 MiB is refused, at data; at 1 MiB exactly it is not", () => {
    const over = run(configMap(1024 * 1024 + 1));
    expect(over.map((f) => [f.path, f.line, f.message])).toEqual([["data", 4, "holds 1.00 MiB of data, above the 1 MiB a ConfigMap may hold: the API server refuses it"]]);
    expect(run(configMap(1024 * 1024))).toEqual([]);
  });

  it("counts UTF-8 bytes and decoded base64, not characters", () => {
    // 600,000 two-byte characters are 1.2 MB; 1,000,000 base64 characters are 750,000 bytes.
    expect(run(configMap(0).replace('""', `"${"é".repeat(600_000)}"`))).toHaveLength(1);
    const binary = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: blob, namespace: monitoring}\nbinaryData:\n  blob.bin: ${"QUJD".repeat(250_000)}\n`;
    expect(run(binary)).toEqual([]);
  });

  it("a Secret's stringData counts with its data, and a value that is not base64 is never quoted", () => {
    const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: app}\ntype: Opaque\ndata:\n  pin: "hunter2!"\n  ok: "YWI="\nstringData:\n  big: "${"y".repeat(1024 * 1024 - 2)}"\n  pad: "abc"\n`;
    const found = run(secret);
    expect(found.map((f) => f.message)).toEqual([
      "holds 1.00 MiB of data, above the 1 MiB a Secret may hold: the API server refuses it",
      'data "pin" is not base64 (put plain text under stringData): the API server cannot read the object',
    ]);
    expect(JSON.stringify(found)).not.toContain("hunter2");
  });
});
