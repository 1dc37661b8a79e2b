import type { Severity } from "../types.js";

export type SeverityOrOff = Severity | "off";

/** `--fail-on` and `failOn:`: a severity, or "never" (report only: exit 0 whatever is found). */
export type FailOn = Severity | "never";

/** "warn" is accepted wherever "warning" is (ESLint's spelling, typed from habit). */
export function canonicalSeverity<T extends string>(s: T): Exclude<T, "warn"> | "warning" {
  return (s === "warn" ? "warning" : s) as Exclude<T, "warn"> | "warning";
}

/** `rules: {<id>: off | info | warning | error | {severity, options}}` as written. */
export type RuleSettingInput = SeverityOrOff | { severity?: SeverityOrOff; options?: Record<string, unknown> };

/** The configuration file (`.k8slint.yaml`), as validated by schema/config.json. */
export interface K8slintConfig {
  rules?: Record<string, RuleSettingInput>;
  /** Like ESLint's overrides: the last override whose `files` match a file decides a rule's severity there. */
  overrides?: Array<{ files: string[]; rules?: Record<string, RuleSettingInput> }>;
  /** gitignore-style patterns, relative to the config file's directory. */
  ignore?: string[];
  failOn?: FailOn;
  maxWarnings?: number;
  kubeVersion?: string;
  namespace?: string;
  /** Objects that exist outside the repository: "Kind/namespace/name" or "Kind/name". */
  external?: string[];
  /** Files or directories of ValidatingAdmissionPolicies (with bindings and params) to enforce, relative to the config file. */
  policies?: string[];
  /** Files or directories of the CustomResourceDefinitions the cluster has, relative to the config file. */
  crds?: string[];
  /** Files or directories of custom rules written as data, relative to the config file. */
  customRules?: string[];
  /** Build kustomizations with remote bases, fetching them (default false: k8slint runs offline). */
  allowRemoteBases?: boolean;
}

/** Normalised setting of one rule. */
export interface RuleSetting {
  severity?: SeverityOrOff;
  options?: Record<string, unknown>;
}

export function normaliseSetting(input: RuleSettingInput | undefined): RuleSetting | undefined {
  if (input === undefined) return undefined;
  const setting = typeof input === "string" ? { severity: input } : input;
  return setting.severity === undefined ? setting : { ...setting, severity: canonicalSeverity(setting.severity) };
}
