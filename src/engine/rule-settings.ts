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

/** A rule's setting as configured: a severity (or "off"), options, or both. */
export interface ConfiguredRule {
  severity?: SeveritySetting;
  options?: Record<string, unknown>;
}

/** Settings for the files an override's globs match (severities only: options are per rule, not per file). */
export interface RuleOverride {
  matches(file: string): boolean;
  rules: Readonly<Record<string, ConfiguredRule>>;
}

export interface ConfiguredRuleSettingsInput {
  /** The config file's `rules:`. */
  rules?: Readonly<Record<string, ConfiguredRule>>;
  /** The config file's `overrides:`, in order: the last one that matches a file and names a rule decides. */
  overrides?: readonly RuleOverride[];
  /** Command-line severities (`--rule id=sev`, `--disable id` as "off"): they win everywhere. */
  cli?: Readonly<Record<string, SeveritySetting>>;
  /** `--enable id`: turns on an opt-in or disabled rule at its own severity. */
  enable?: ReadonlySet<string>;
  /** Opt-in rules by id (off unless something turns them on). */
  optIn?: ReadonlySet<string>;
}

/**
 * RuleSettings from the config file and the command line. Precedence, highest first: --rule/--disable,
 * --enable, the last matching override, the config's rules, the rule's own default.
 * `severityFor` receives the finding's file as displayed; overrides decide how to match it.
 */
export function configuredRuleSettings(input: ConfiguredRuleSettingsInput): RuleSettings {
  const base = input.rules ?? {};
  const overrides = input.overrides ?? [];
  const cli = input.cli ?? {};
  const enable = input.enable ?? new Set<string>();
  const optIn = input.optIn ?? new Set<string>();

  const configured = (id: string, file: string): SeveritySetting | undefined => {
    let s = base[id]?.severity;
    for (const o of overrides) {
      const os = o.rules[id]?.severity;
      if (os !== undefined && o.matches(file)) s = os;
    }
    return s;
  };

  return {
    enabled(rule) {
      const id = rule.meta.id;
      if (cli[id] !== undefined) return cli[id] !== "off";
      if (enable.has(id)) return true;
      const s = base[id]?.severity;
      const onSomewhere = overrides.some((o) => o.rules[id]?.severity !== undefined && o.rules[id]?.severity !== "off");
      if (s === "off") return onSomewhere;
      if (s !== undefined || base[id] !== undefined) return true;
      return !(optIn.has(id) || rule.meta.optIn) || onSomewhere;
    },
    severityFor(id, file) {
      if (cli[id] !== undefined) return cli[id];
      const s = configured(id, file);
      if (enable.has(id)) return s === "off" || s === undefined ? undefined : s;
      if (s === undefined && optIn.has(id) && base[id] === undefined) return "off";
      return s;
    },
    optionsFor(rule) {
      return { ...ruleDefaultOptions(rule), ...(base[rule.meta.id]?.options ?? {}) };
    },
  };
}
