import type { LintResult } from "../lint.js";
import type { RuleMeta } from "../types.js";
import type { FormatContext } from "./formatter.js";
import { findRepoRoot } from "./repo-root.js";
import { toolVersion } from "../version.js";

/** A format context with the defaults of a plain run; the CLI and library users override what they set. */
export function formatContext(result: LintResult, overrides: Partial<Omit<FormatContext, "result" | "rules">> = {}): FormatContext {
  return {
    result,
    rules: new Map<string, RuleMeta>(result.rules.map((r) => [r.id, r])),
    color: false,
    verbose: false,
    showSuppressed: false,
    sarifIncludeSuppressed: false,
    repoRoot: findRepoRoot(result.cwd),
    toolVersion: toolVersion(),
    quiet: false,
    ...overrides,
  };
}
