import path from "node:path";
import type { Finding } from "./finding.js";

export interface ReportScope {
  /** Only findings in these files, or under these directories, are reported; the others were read for context. */
  reportOnly?: readonly string[];
  /** Says whether a finding is in the baseline; such findings stay in the result, marked `baselined`. */
  baseline?: (finding: Finding) => boolean;
}

/** Applies --in-context's file filter and the baseline to sorted findings. */
export function scopeFindings(findings: Finding[], scope: ReportScope, cwd: string): Finding[] {
  let out = findings;
  if (scope.reportOnly) {
    const wanted = new Set(scope.reportOnly.map((f) => path.resolve(cwd, f)));
    out = out.filter((f) => f.file.startsWith("<") || f.file === "-" || isWanted(path.resolve(cwd, f.file), wanted));
  }
  if (scope.baseline) for (const f of out) if (!f.suppressed && scope.baseline(f)) f.baselined = true;
  return out;
}

/** The file or one of its directories is wanted: a lookup per path segment, not per wanted entry. */
function isWanted(file: string, wanted: ReadonlySet<string>): boolean {
  for (let p = file; ; ) {
    if (wanted.has(p)) return true;
    const parent = path.dirname(p);
    if (parent === p) return false;
    p = parent;
  }
}
