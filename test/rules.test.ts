import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinRules } from "../rules/index.js";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { RULE_FIXTURES, ROOT, fixtureFiles, lintFixture, readExpectations, type Expectation } from "./helpers/fixtures.js";

// The RuleTester of k8slint: every fixture under fixtures/rules/<rule-id>/ is linted on its own (a
// directory is one set), and the findings must be exactly those its `# expect:` markers name.

const key = (e: Expectation) => `${e.file}:${e.line} ${e.ruleId}${e.suppressed ? " (suppressed)" : ""}`;

// Fixtures holding a kustomization are rendered by kubectl kustomize: without it they cannot pass here.
const kustomizeTool = findKustomizeTool();
if (!kustomizeTool) console.log("rules.test: no kubectl or kustomize installed; fixtures with a kustomization are skipped");
function usesKustomize(p: string): boolean {
  return fs.statSync(p).isDirectory() && fixtureFiles(p).some((f) => /^(kustomization\.ya?ml|Kustomization)$/.test(path.basename(f)));
}

const ruleDirs = fs.existsSync(RULE_FIXTURES) ? fs.readdirSync(RULE_FIXTURES).sort() : [];

describe("rule fixtures", () => {
  for (const ruleId of ruleDirs) {
    const dir = path.join(RULE_FIXTURES, ruleId);
    describe(ruleId, () => {
      for (const entry of fs.readdirSync(dir).sort()) {
        const fixture = path.join(dir, entry);
        const needsKustomize = usesKustomize(fixture);
        if (needsKustomize && !kustomizeTool) {
          it.skip(`${entry} (needs kubectl or kustomize, not installed here)`, () => {});
          continue;
        }
        it(entry, () => {
          const files = fixtureFiles(fixture);
          const expected = readExpectations(files, ROOT);
          const checked = new Set([ruleId, ...expected.map((e) => e.ruleId)]);
          const result = lintFixture(fixture);
          const actual: Expectation[] = result.findings
            .filter((f) => checked.has(f.ruleId))
            .map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId, suppressed: f.suppressed }));
          expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
          expect(result.notices.filter((n) => n.includes("failed"))).toEqual([]);
        });
      }
    });
  }
});

describe("every rule has fixtures", () => {
  for (const rule of builtinRules) {
    it(`${rule.meta.id} has fixtures that fire and fixtures that do not`, () => {
      const dir = path.join(RULE_FIXTURES, rule.meta.id);
      expect(fs.existsSync(dir), `fixtures/rules/${rule.meta.id}/ is missing`).toBe(true);
      const entries = fs.readdirSync(dir);
      const firing = entries.filter((e) => readExpectations(fixtureFiles(path.join(dir, e)), ROOT).some((x) => x.ruleId === rule.meta.id && !x.suppressed));
      const quiet = entries.filter((e) => e.startsWith("valid"));
      expect(firing.length, "a fixture with an `# expect:` marker for this rule").toBeGreaterThan(0);
      expect(quiet.length, "a valid* fixture that must not fire").toBeGreaterThan(0);
      for (const q of quiet) {
        expect(readExpectations(fixtureFiles(path.join(dir, q)), ROOT).filter((x) => x.ruleId === rule.meta.id && !x.suppressed), q).toEqual([]);
      }
    });
  }
});
