import fs from "node:fs";
import path from "node:path";
import type { Rule } from "../engine/rule.js";
import { configuredRuleSettings, type ConfiguredRule, type RuleOverride, type RuleSettings, type SeveritySetting } from "../engine/rule-settings.js";
import { didYouMean } from "../engine/closest-id.js";
import type { RuleOptionSpec } from "../types.js";
import { builtinRules } from "../../rules/index.js";
import { ConfigError, configError } from "./config-error.js";
import { findConfigFile, loadConfigFile, type LoadedConfig } from "./load-config.js";
import { loadAjv } from "../schema/ajv-loader.js";
import { loadCustomRules } from "./custom-rules.js";
import { compileGlobs } from "./glob.js";
import { ignorePredicate } from "./ignore.js";
import { canonicalSeverity, normaliseSetting, type FailOn, type RuleSettingInput } from "./config-types.js";
import { packageRoot } from "./package-root.js";

/** What the command line says about rules and the run; each field wins over the config file. */
export interface RunFlags {
  /** A config file, false for none (--no-config), undefined to look for one from cwd. */
  config?: string | false;
  /** `--rule id=severity` */
  rule?: string[];
  disable?: string[];
  enable?: string[];
  failOn?: FailOn;
  maxWarnings?: number;
  namespace?: string;
  kubeVersion?: string;
  external?: string[];
  /** --policy: files or directories of admission policies to enforce. */
  policy?: string[];
  /** --crds: files or directories of the CustomResourceDefinitions the cluster has. */
  crds?: string[];
}

/** Everything a run needs from configuration: spread `lintOptions` into lint(). */
export interface ResolvedRun {
  config?: LoadedConfig;
  lintOptions: {
    rules: Rule[];
    settings: RuleSettings;
    namespace?: string;
    kubeVersion?: string;
    external?: string[];
    policies?: string[];
    crds?: string[];
    ignore?: (absPath: string, isDirectory: boolean) => boolean;
  };
  failOn: FailOn;
  maxWarnings?: number;
}

/** The config file a run reads: the one named, else the nearest from cwd; none with --no-config. */
export function configFileOf(flags: Pick<RunFlags, "config">, cwd: string): string | undefined {
  return flags.config === false ? undefined : flags.config !== undefined ? flags.config : findConfigFile(cwd);
}

/** resolveRun for the CLI, which loads ajv (to check the config file and compile custom rules) only when there is a config file. */
export async function resolveRunAsync(flags: RunFlags, cwd: string): Promise<ResolvedRun> {
  if (configFileOf(flags, cwd) !== undefined) await loadAjv();
  return resolveRun(flags, cwd);
}

/**
 * Resolves the config file (found, named, or none) and the flags into rules and settings. Mistakes
 * throw a ConfigError with a one-line message: an unknown rule id says which id is closest.
 */
export function resolveRun(flags: RunFlags = {}, cwd: string = process.cwd()): ResolvedRun {
  const configFile = configFileOf(flags, cwd);
  const loaded = configFile !== undefined ? loadConfigFile(configFile, cwd) : undefined;
  const config = loaded?.config ?? {};
  const baseDir = loaded?.dir ?? cwd;

  const builtinIds = new Set(builtinRules.map((r) => r.meta.id));
  const custom = loaded && config.customRules ? loadCustomRules(config.customRules, baseDir, cwd, builtinIds) : [];
  const rules = [...builtinRules, ...custom];
  const byId = new Map(rules.map((r) => [r.meta.id, r]));

  const base: Record<string, ConfiguredRule> = {};
  for (const [id, input] of Object.entries(config.rules ?? {})) {
    base[id] = checkedSetting(loaded, ["rules", id], id, input, byId, true);
  }
  const overrides: RuleOverride[] = (config.overrides ?? []).map((o, i) => {
    const matcher = compileGlobs(o.files);
    const orules: Record<string, ConfiguredRule> = {};
    for (const [id, input] of Object.entries(o.rules ?? {})) orules[id] = checkedSetting(loaded, ["overrides", i, "rules", id], id, input, byId, false);
    return {
      rules: orules,
      matches: (file: string) => {
        if (file.startsWith("<")) return false;
        const rel = path.relative(baseDir, path.resolve(cwd, file));
        return !rel.startsWith("..") && !path.isAbsolute(rel) && matcher.matches(rel.split(path.sep).join("/"));
      },
    };
  });

  const cli: Record<string, SeveritySetting> = {};
  for (const spec of flags.rule ?? []) {
    const m = /^([^=\s]+)=(off|info|warning|warn|error)$/.exec(spec.trim());
    if (!m) throw new ConfigError(`--rule ${spec}: expected id=severity, severity one of off, info, warning (or warn), error`);
    cli[knownId(m[1], byId, "--rule")] = canonicalSeverity(m[2]) as SeveritySetting;
  }
  for (const id of splitIds(flags.disable)) cli[knownId(id, byId, "--disable")] = "off";
  const enable = new Set(splitIds(flags.enable).map((id) => knownId(id, byId, "--enable")));

  const settings = configuredRuleSettings({
    rules: base,
    overrides,
    cli,
    enable,
    optIn: new Set(rules.filter((r) => r.meta.optIn).map((r) => r.meta.id)),
  });
  checkFlagValues(flags);
  const external = [...(config.external ?? []), ...(flags.external ?? [])];
  // The config's policy paths are relative to the config file, as its other paths are; one that is
  // not there is said as the config's (a missing flag's path is said by the run, naming the flag).
  const configPaths = (key: "policies" | "crds") =>
    (config[key] ?? []).map((p) => {
      const abs = path.resolve(baseDir, p);
      if (!fs.existsSync(abs)) throw new ConfigError(`${key}: ${p}: no such file or directory (relative to ${path.relative(cwd, baseDir) || "."})`);
      return abs;
    });
  const policies = [...configPaths("policies"), ...(flags.policy ?? []).map((p) => path.resolve(cwd, p))];
  const crds = [...configPaths("crds"), ...(flags.crds ?? []).map((p) => path.resolve(cwd, p))];
  return {
    config: loaded,
    lintOptions: {
      rules,
      settings,
      namespace: flags.namespace ?? config.namespace,
      kubeVersion: (flags.kubeVersion ?? config.kubeVersion)?.replace(/^v/, ""),
      external: external.length ? external : undefined,
      policies: policies.length ? policies : undefined,
      crds: crds.length ? crds : undefined,
      ignore: ignorePredicate(baseDir, config.ignore ?? []),
    },
    failOn: canonicalSeverity(flags.failOn ?? config.failOn ?? "error"),
    // -1 is ESLint's "no limit": on the command line it lifts the config file's limit.
    maxWarnings: noLimit(flags.maxWarnings ?? config.maxWarnings),
  };
}

/**
 * --namespace and --external are held to the config file's schema (schema/config.json, which checks
 * `namespace:` and `external:`), so a value the file refuses is not taken from the command line either.
 */
function checkFlagValues(flags: RunFlags): void {
  if (flags.namespace === undefined && flags.external === undefined) return;
  const schema = JSON.parse(fs.readFileSync(path.join(packageRoot(), "schema", "config.json"), "utf8")) as {
    properties: { namespace: { pattern: string }; external: { items: { pattern: string } } };
  };
  const check = (flag: string, value: string, pattern: string) => {
    // ajv, which checks the file, reads patterns with the u flag.
    if (!new RegExp(pattern, "u").test(value)) throw new ConfigError(`${flag} ${shownValue(value)}: must match the pattern ${pattern}`);
  };
  if (flags.namespace !== undefined) check("--namespace", flags.namespace, schema.properties.namespace.pattern);
  for (const e of flags.external ?? []) check("--external", e, schema.properties.external.items.pattern);
}

/** A flag's value as typed: quoted when it is empty or holds white space, which would not show. */
function shownValue(v: string): string {
  return v === "" || /\s|"/.test(v) ? JSON.stringify(v) : v;
}

function noLimit(n: number | undefined): number | undefined {
  return n === -1 ? undefined : n;
}

function splitIds(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
}

function knownId(id: string, byId: ReadonlyMap<string, Rule>, flag: string): string {
  if (byId.has(id)) return id;
  throw new ConfigError(`${flag} ${id}: unknown rule${didYouMean(id, byId.keys())}`);
}

function checkedSetting(
  loaded: LoadedConfig | undefined,
  at: (string | number)[],
  id: string,
  input: RuleSettingInput,
  byId: ReadonlyMap<string, Rule>,
  optionsAllowed: boolean,
): ConfiguredRule {
  const fail = (where: (string | number)[], message: string) =>
    loaded ? configError(loaded.source, where, message) : new ConfigError(`${where.join(".")}: ${message}`);
  const rule = byId.get(id);
  if (!rule) throw fail(at, `unknown rule${didYouMean(id, byId.keys())}`);
  const setting = normaliseSetting(input) ?? {};
  if (setting.options !== undefined) {
    if (!optionsAllowed) throw fail([...at, "options"], "options are set per rule in the top-level rules:, not in overrides");
    const specs = rule.meta.options ?? {};
    for (const [name, value] of Object.entries(setting.options)) {
      const spec = specs[name];
      if (!spec) {
        const names = Object.keys(specs);
        const hint = didYouMean(name, names) || (names.length ? ` (${id} has: ${names.join(", ")})` : ` (${id} has no options)`);
        throw fail([...at, "options", name], `unknown option${hint}`);
      }
      if (!optionMatches(spec, value)) throw fail([...at, "options", name], `must be ${spec.type === "string[]" ? "a list of strings" : `a ${spec.type}`}`);
    }
  }
  return setting;
}

function optionMatches(spec: RuleOptionSpec, value: unknown): boolean {
  switch (spec.type) {
    case "boolean":
      return typeof value === "boolean";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
  }
}
