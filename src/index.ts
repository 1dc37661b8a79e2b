// The library API: `import { lint } from "k8slint"`.
//
//   const result = lint({ paths: ["k8s/"] });                         // built-in rules, defaults
//   const result = lint({ sources: [{ name: "app.yaml", text }] });    // manifests given as strings
//   const run = resolveRun({}, process.cwd());                         // .k8slint.yaml and custom rules
//   const result = lint({ ...run.lintOptions, paths: ["k8s/"] });
//   process.stdout.write(formatters.sarif.format(formatContext(result), console.error));
import { Ajv } from "ajv";
import { provideAjv } from "./schema/ajv-loader.js";
import * as celEngine from "./cel/engine.js";
import { provideCel } from "./cel/load.js";

// A synchronous lint() cannot load ajv on demand as the CLI does: library users get it at import.
provideAjv(Ajv);
provideCel(celEngine);

export { lint, lintAsync } from "./lint.js";
export type { LintOptions, LintResult, LintSummary, SkippedFile } from "./lint.js";
export type { Finding } from "./engine/finding.js";
export { defineRule } from "./engine/rule.js";
export type { Rule, RuleContext, Report, Target } from "./engine/rule.js";
export type { RuleSettings, SeveritySetting } from "./engine/rule-settings.js";
export type { RuleMeta, RuleOptionSpec, RuleReferences, Severity, ObjectPath, Category } from "./types.js";
export { SEVERITIES } from "./types.js";
export { builtinRules } from "../rules/index.js";
export { resolveRun, type RunFlags, type ResolvedRun } from "./config/resolve-run.js";
export { ConfigError } from "./config/config-error.js";
export type { K8slintConfig } from "./config/config-types.js";
export { formatters } from "./report/formatters.js";
export type { Formatter, FormatContext } from "./report/formatter.js";
export { formatContext } from "./report/context.js";
