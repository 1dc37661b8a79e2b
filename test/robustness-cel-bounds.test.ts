import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { testTree } from "./helpers/temp-dir.js";

// A hostile admission policy in the linted set: each expression must end as a finding within the
// per-expression bounds, never exhaust the heap (the child gets a small one, so an unbounded
// allocation aborts) or run for minutes.

const BIN = path.join(ROOT, "bin/k8slint");

function policy(name: string, extra: string, validations: string[]): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: ${name}
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["configmaps"]
${extra}  validations:
${validations.map((v) => `    - expression: "${v}"\n`).join("")}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: ${name}
spec:
  policyName: ${name}
  validationActions: [Deny]
`;
}

const configMap = (value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  text: "${value}"
---
`;

function lintTree(files: Record<string, string>, timeoutMs = 60_000) {
  const dir = testTree("k8slint-cel-bounds-", files);
  const r = spawnSync(process.execPath, ["--max-old-space-size=512", BIN, "--no-config", "-f", "json", "."], { cwd: dir, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  expect(r.signal, `killed (timeout or abort); stderr: ${(r.stderr ?? "").slice(0, 300)}`).toBeNull();
  expect(r.stderr).not.toMatch(/FATAL ERROR|internal error|\n\s+at /);
  return (JSON.parse(r.stdout) as { results: Array<{ ruleId: string; line: number; message: string }> }).results.filter((f) => f.ruleId === "admission-policy");
}

describe("admission policy expressions that make ever larger values", () => {
  it("a list or string that doubles with each variable stops at the cost limit", () => {
    const doubling = (prefix: string, first: string) =>
      [`    - name: ${prefix}0\n      expression: "${first}"\n`, ...Array.from({ length: 40 }, (_, i) => `    - name: ${prefix}${i + 1}\n      expression: "variables.${prefix}${i} + variables.${prefix}${i}"\n`)].join("");
    const found = lintTree({
      "all.yaml": configMap("a") + policy("doubling", `  variables:\n${doubling("l", "[1, 2, 3, 4, 5, 6, 7, 8]")}${doubling("s", "'abcdefgh'")}`, ["variables.l40.size() > 0", "variables.s40.size() > 0"]),
    });
    expect(found.map((f) => f.message)).toEqual([
      'ValidatingAdmissionPolicy "doubling" (binding "doubling") fails on ConfigMap shop/settings: the expression exceeded the per-expression cost limit',
      'ValidatingAdmissionPolicy "doubling" (binding "doubling") fails on ConfigMap shop/settings: the expression exceeded the per-expression cost limit',
    ]);
  });

  it("a value replaced by itself (thousands of characters squared) stops at the cost limit", () => {
    const found = lintTree({ "all.yaml": configMap("a".repeat(20_000)) + policy("squared", "", ["object.data.text.replace('a', object.data.text).size() > 0"]) });
    expect(found.map((f) => f.message)).toEqual(['ValidatingAdmissionPolicy "squared" (binding "squared") fails on ConfigMap shop/settings: the expression exceeded the per-expression cost limit']);
  });

  it("a slow function called for every character of a long value is stopped by the time bound soon after it passes", () => {
    // Each size() counts a million code points: a check of the clock every few thousand nodes let each
    // of these run for seconds (a minute for the ten), a bound well past what they take now.
    const validations = Array.from({ length: 10 }, (_, i) => `object.data.text.split('').all(c, object.data.text.size() > ${i})`);
    const found = lintTree({ "all.yaml": configMap("a".repeat(1_000_000)) + policy("slow", "", validations) }, 30_000);
    expect(found).toHaveLength(10);
    for (const f of found) expect(f.message).toMatch(/exceeded the per-expression cost limit$/);
  });
});
