import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lint, type LintOptions, type LintResult } from "../../src/lint.js";
import { builtinRules } from "../../rules/index.js";
import { defaultRuleSettings, ruleDefaultOptions, type RuleSettings } from "../../src/engine/rule-settings.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const RULE_FIXTURES = path.join(ROOT, "fixtures/rules");
export const SHARED = path.resolve(ROOT, "../shared");
export const CORPUS = path.join(SHARED, "corpus");

/**
 * Fixture markers. A fixture marks each finding it expects on the offending line:
 *   `# expect: rule-id[, rule-id…]`            an active finding of that rule on this line
 *   `# expect-suppressed: rule-id[, …]`        a suppressed finding on this line
 *   `# expect(+N): rule-id[, …]`               an active finding N lines below (a line inside a block
 *                                              scalar, where a comment would be text); also `expect-suppressed(+N)`
 * A first-line `# fixture: {…}` JSON sets run options: namespace, kubeVersion, external, rules
 * ({id: {severity?, options?}}). The harness compares the exact set of (file, line, rule, suppressed)
 * for the rule under test and every rule a marker names, so a fixture that must not fire has no markers.
 */
export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  suppressed: boolean;
}

export interface FixtureSettings {
  namespace?: string;
  kubeVersion?: string;
  external?: string[];
  rules?: Record<string, { severity?: string; options?: Record<string, unknown> }>;
  /** Render the fixture's charts with test/helpers/helm-replay.mjs, which replays Helm's recorded output. */
  helm?: "replay";
}

const HELM_REPLAY = path.join(path.dirname(fileURLToPath(import.meta.url)), "helm-replay.mjs");

const MARKER = /#\s*expect(-suppressed)?(?:\(\+(\d+)\))?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;

export function readExpectations(files: string[], cwd: string): Expectation[] {
  const out: Expectation[] = [];
  for (const file of files) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((text, i) => {
      for (const m of text.matchAll(MARKER)) {
        for (const id of m[3].split(",").map((s) => s.trim())) {
          out.push({ file: path.relative(cwd, file).split(path.sep).join("/"), line: i + 1 + Number(m[2] ?? 0), ruleId: id, suppressed: !!m[1] });
        }
      }
    });
  }
  return out;
}

export function readFixtureSettings(files: string[]): FixtureSettings {
  for (const file of files) {
    const first = fs.readFileSync(file, "utf8").split("\n")[0];
    const m = /^#\s*fixture:\s*(\{.*\})\s*$/.exec(first);
    if (m) return JSON.parse(m[1]) as FixtureSettings;
  }
  return {};
}

export function settingsFor(fx: FixtureSettings): RuleSettings {
  const base = defaultRuleSettings();
  const rules = fx.rules ?? {};
  return {
    enabled: (rule) => (rules[rule.meta.id]?.severity === "off" ? false : rules[rule.meta.id] ? true : base.enabled(rule)),
    severityFor: (id) => {
      const s = rules[id]?.severity;
      return s === "error" || s === "warning" || s === "info" || s === "off" ? s : undefined;
    },
    optionsFor: (rule) => ({ ...ruleDefaultOptions(rule), ...(rules[rule.meta.id]?.options ?? {}) }),
  };
}

/** Every manifest file under a fixture path (a file, or a directory linted as one set). */
export function fixtureFiles(p: string): string[] {
  if (fs.statSync(p).isFile()) return [p];
  const out: string[] = [];
  for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...fixtureFiles(full));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(full);
  }
  return out;
}

export function lintFixture(p: string, extra: Partial<LintOptions> = {}): LintResult {
  const fx = readFixtureSettings(fixtureFiles(p));
  return lint({
    paths: [p],
    cwd: ROOT,
    namespace: fx.namespace,
    kubeVersion: fx.kubeVersion,
    external: fx.external,
    rules: builtinRules,
    settings: settingsFor(fx),
    ...(fx.helm === "replay" ? { render: { helmBin: HELM_REPLAY } } : {}),
    ...extra,
  });
}

export function hasCorpus(): boolean {
  return fs.existsSync(CORPUS);
}
