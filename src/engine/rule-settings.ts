import type { Severity } from "../types.js";
import type { Rule } from "./rule.js";

export type SeveritySetting = Severity | "off";

/**
 * What the user asked of each rule: on or off, at which severity, with which options, per file.
 * The config file and the command line both resolve to this; the engine only asks it questions.
 */
export interface RuleSettings {
  /** Whether the rule runs at all (a rule off everywhere is not run). */
  enabled(rule: Rule): boolean;
  /** The severity a user set for this rule in this file, "off" to drop it, undefined to keep the rule's own. */
  severityFor(ruleId: string, file: string): SeveritySetting | undefined;
  /** The rule's options: metadata defaults overlaid with the user's. */
  optionsFor(rule: Rule): Record<string, unknown>;
}

/** Defaults: every rule that is not opt-in runs at its own severity with its default options. */
export function defaultRuleSettings(): RuleSettings {
  return {
    enabled: (rule) => !rule.meta.optIn,
    severityFor: () => undefined,
    optionsFor: (rule) => ruleDefaultOptions(rule),
  };
}

export function ruleDefaultOptions(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.meta.options ?? {})) out[name] = spec.default;
  return out;
}
