import type { LintResult } from "../lint.js";
import type { RuleMeta } from "../types.js";

/** What every formatter gets: the run's result and how the user asked to see it. */
export interface FormatContext {
  result: LintResult;
  /** Metadata of every rule that ran, by id (for remediation and SARIF rule entries). */
  rules: ReadonlyMap<string, RuleMeta>;
  color: boolean;
  verbose: boolean;
  showSuppressed: boolean;
  sarifIncludeSuppressed: boolean;
  /** SARIF automation category, for repositories that upload several analyses. */
  sarifCategory?: string;
  /** Directory SARIF URIs are relative to: the git top level, else the working directory. */
  repoRoot: string;
  toolVersion: string;
  /** Only errors (--quiet). */
  quiet: boolean;
}

/** A report format: one module per format, behind this one interface. */
export interface Formatter {
  name: string;
  /** Returns the whole report; warnings about the report itself (e.g. truncation) go to `warn`. */
  format(ctx: FormatContext, warn: (message: string) => void): string;
}
