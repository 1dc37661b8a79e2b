import { wellFormedJson } from "./sanitize.js";
import type { Formatter } from "./formatter.js";
import type { Category, Severity } from "../types.js";
import { visibleFindings } from "./visible.js";
import { findingSubject } from "./subject.js";
import { unitsSuffix } from "./units.js";
import { RepoPaths } from "./repo-path.js";
import { fingerprintsOf } from "./fingerprints.js";

/**
 * GitLab's scale is info, minor, major, critical, blocker. Errors are major, not critical or blocker:
 * those are kept for what the merge request must not ignore, which k8slint's --fail-on already decides.
 */
const SEVERITY: Record<Severity, "info" | "minor" | "major"> = { error: "major", warning: "minor", info: "info" };

/** Code Climate's categories (GitLab reads none; other Code Climate consumers require one). */
const CATEGORY: Record<Category, string> = {
  syntax: "Bug Risk",
  schema: "Bug Risk",
  security: "Security",
  secrets: "Security",
  rbac: "Security",
  reliability: "Bug Risk",
  resources: "Performance",
  networking: "Bug Risk",
  "cross-resource": "Bug Risk",
  "best-practice": "Style",
};

/**
 * GitLab Code Quality (`artifacts: reports: codequality:`), the subset of the Code Climate issue format
 * GitLab reads: an array of issues, each with a description, check_name, fingerprint, severity and a
 * location whose path is relative to the repository root. GitLab compares the fingerprints of the
 * merge request's report with the target branch's to show what a change introduced or fixed, so they
 * are line-free (the same as SARIF's): an edit above a finding does not make it new. The description
 * names the object and ends with the fix, since the merge request widget shows nothing else.
 * Suppressed findings are left out: GitLab has no way to show them as accepted.
 */
export const gitlabFormatter: Formatter = {
  name: "gitlab",
  format(ctx): string {
    const paths = new RepoPaths(ctx);
    const findings = visibleFindings(ctx).filter((f) => !f.suppressed);
    const fingerprints = fingerprintsOf(findings, paths);
    const issues = findings.map((f, i) => {
      const meta = ctx.rules.get(f.ruleId);
      const subject = findingSubject(f);
      const sentence = /[.!?]$/.test(f.message) ? f.message : `${f.message}.`;
      const units = unitsSuffix(f, ctx.result.units);
      const fix = meta?.remediation;
      return {
        type: "issue",
        check_name: f.ruleId,
        description: [subject ? `${subject}: ${sentence}` : sentence, units, fix].filter(Boolean).join(" "),
        categories: [(meta && CATEGORY[meta.category]) ?? "Bug Risk"],
        severity: SEVERITY[f.severity],
        fingerprint: fingerprints[i],
        location: { path: paths.segments(f.file).join("/"), lines: { begin: f.line, end: f.endLine } },
      };
    });
    return wellFormedJson(JSON.stringify(issues, null, 2)) + "\n";
  },
};
