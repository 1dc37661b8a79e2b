import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint, type LintOptions } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";
import { ParseCache } from "../src/lsp/parse-cache.js";
import { KeptBuilds } from "../src/render/kept-builds.js";
import { expandInContext } from "../src/cli/in-context.js";
import type { RuleSettings } from "../src/engine/rule-settings.js";
import { CORPUS, RULE_FIXTURES, ROOT, SHARED, fixtureFiles, hasCorpus, readFixtureSettings, settingsFor } from "./helpers/fixtures.js";
import { testTempDir } from "./helpers/temp-dir.js";

// The editor lints a keystroke with `focus` (rules with a meta.scope see the edited file's objects
// only). Its findings for that file, fixes and suggestions included, must be what a whole run finds
// there: for every file of every rule fixture (every rule on, opt-in ones too) and of both corpora.

/** Every rule on, with the fixture's options: opt-in rules' scopes are proven too. */
function allRulesOn(p: string): RuleSettings {
  const s = settingsFor(readFixtureSettings(fixtureFiles(p)));
  return { ...s, enabled: () => true };
}

function inFile(result: ReturnType<typeof lint>, file: string, cwd: string): string[] {
  return result.findings.filter((f) => path.resolve(cwd, f.file) === file).map((f) => JSON.stringify(f));
}

/**
 * For each file: the findings a focused run gives equal the whole run's findings in that file. The
 * focused runs reuse the whole run's parses and Kustomize builds, as the editor's keystrokes do
 * (src/lsp/server.ts); the whole run parses and builds everything itself.
 */
function expectSame(options: LintOptions, files: readonly string[]): number {
  const cwd = options.cwd ?? ROOT;
  const cache = new ParseCache();
  const render = { ...options.render, keptBuilds: new KeptBuilds() };
  const whole = lint({ ...options, fixes: true, parseCache: cache, render });
  let compared = 0;
  for (const file of files) {
    const focused = lint({ ...options, fixes: true, parseCache: cache, render, focus: file });
    expect(inFile(focused, file, cwd), path.relative(ROOT, file)).toEqual(inFile(whole, file, cwd));
    compared += inFile(whole, file, cwd).length;
  }
  return compared;
}

describe("a focused run finds in its file what a whole run finds there", () => {
  it("every file of every rule fixture", () => {
    let findings = 0;
    for (const ruleDir of fs.readdirSync(RULE_FIXTURES).sort()) {
      for (const entry of fs.readdirSync(path.join(RULE_FIXTURES, ruleDir)).sort()) {
        const p = path.join(RULE_FIXTURES, ruleDir, entry);
        const files = fixtureFiles(p);
        if (files.length === 0) continue;
        const fx = readFixtureSettings(files);
        findings += expectSame({ paths: [p], cwd: ROOT, namespace: fx.namespace, kubeVersion: fx.kubeVersion, external: fx.external, rules: builtinRules, settings: allRulesOn(p) }, files);
      }
    }
    expect(findings).toBeGreaterThan(500);
  }, 300_000);

  it("a kustomization reached through a symbolic link (files Kustomize output maps to are read by real path)", () => {
    const link = path.join(testTempDir("k8slint-focus-"), "linked");
    fs.symlinkSync(RULE_FIXTURES, link, "dir");
    let findings = 0;
    let inKustomizations = 0;
    for (const [rule, entry] of [["kustomize-build", "invalid-missing-resource"], ["image-tag", "invalid-kustomize-rendered"]]) {
      const p = path.join(link, rule, entry);
      const files = fixtureFiles(p);
      const options = { paths: [p], cwd: ROOT, rules: builtinRules, settings: allRulesOn(path.join(RULE_FIXTURES, rule, entry)) };
      findings += expectSame(options, files);
      inKustomizations += inFile(lint(options), path.join(p, "kustomization.yaml"), ROOT).length;
    }
    expect(inKustomizations).toBeGreaterThan(0);
    expect(findings).toBeGreaterThanOrEqual(inKustomizations);
  });

  for (const corpus of [CORPUS, path.join(SHARED, "corpus-public")]) {
    it.skipIf(!hasCorpus())(`every file of ${path.basename(corpus)}, in its directory's context as the editor lints it`, () => {
      let findings = 0;
      const dirs = [corpus, ...fs.readdirSync(corpus, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name))];
      for (const dir of dirs.sort()) {
        const files = fs.readdirSync(dir).filter((n) => /\.(ya?ml|json)$/i.test(n)).sort().map((n) => path.join(dir, n));
        if (files.length === 0) continue;
        const { paths } = expandInContext(files, dir);
        findings += expectSame({ paths, cwd: dir, rules: builtinRules, settings: { ...settingsFor({}), enabled: () => true }, render: { render: false } }, files);
      }
      expect(findings).toBeGreaterThan(100);
    }, 600_000);
  }
});
