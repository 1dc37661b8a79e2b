// The library API: `import { lint } from "k8slint"`.
export { lint } from "./lint.js";
export type { LintOptions, LintResult, LintSummary, SkippedFile } from "./lint.js";
export type { Finding } from "./engine/finding.js";
export type { Rule, RuleContext, Report, Target } from "./engine/rule.js";
export type { RuleMeta, Severity, ObjectPath, Category } from "./types.js";
export { builtinRules } from "../rules/index.js";
export { formatters } from "./report/formatters.js";
