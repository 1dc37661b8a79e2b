import type { Formatter } from "./formatter.js";
import type { Finding } from "../engine/finding.js";
import { visibleFindings } from "./visible.js";
import { findingSubject } from "./subject.js";
import { unitsSuffix } from "./units.js";
import { visible } from "./sanitize.js";
import { RepoPaths } from "./repo-path.js";

/**
 * JUnit XML, the test report format CI systems show without a plugin of ours (GitLab's
 * `artifacts: reports: junit:`, Jenkins, Azure Pipelines, CircleCI). One test suite per rule that ran,
 * one test case per finding: a failure whose type is its severity, located by file (relative to the
 * repository root) and line, with the fix in its text. A rule without findings is one passing test case, so a clean run is a report of
 * passed checks rather than an empty one (which Jenkins treats as a failed step). Suppressed findings
 * appear, as skipped cases with their justification, only with --show-suppressed; a rule whose findings
 * --quiet hides has no case at all (it did not pass). Deterministic: no
 * timestamps or durations.
 */
export const junitFormatter: Formatter = {
  name: "junit",
  format(ctx): string {
    const paths = new RepoPaths(ctx);
    const findings = visibleFindings(ctx).filter((f) => !f.suppressed || ctx.showSuppressed);
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) {
      let list = byRule.get(f.ruleId);
      if (!list) byRule.set(f.ruleId, (list = []));
      list.push(f);
    }
    const hidden = new Set(ctx.result.findings.filter((f) => !f.suppressed && !f.baselined && !byRule.has(f.ruleId)).map((f) => f.ruleId));
    // Rules that ran, then any finding's rule they do not list (a file that could not be read).
    const ids = [...ctx.rules.keys(), ...[...byRule.keys()].filter((id) => !ctx.rules.has(id))];
    const suites: string[] = [];
    let [tests, failures, skipped] = [0, 0, 0];
    for (const id of ids) {
      const list = byRule.get(id) ?? [];
      const meta = ctx.rules.get(id);
      const cases = list.map((f) => {
        const subject = findingSubject(f);
        // Relative to the repository root, as the CI system that shows the report names files.
        const file = visible(paths.segments(f.file).join("/"));
        const name = visible(`${subject ? `${subject}: ` : ""}${f.message}`);
        const head = `  <testcase classname="${attr(id)}" name="${attr(name)}" file="${attr(file)}" line="${f.line}"`;
        if (f.suppressed) return `${head}>\n      <skipped message="${attr(visible(`suppressed: ${f.justification ?? ""}`))}"/>\n    </testcase>`;
        const units = unitsSuffix(f, ctx.result.units);
        const body = [`${file}:${f.line}:${f.column} ${f.severity} ${name}${units ? ` ${visible(units)}` : ""}`, ...(meta ? [`Fix: ${meta.remediation}`] : [])].join("\n");
        return `${head}>\n      <failure type="${f.severity}" message="${attr(visible(f.message))}">${text(body)}</failure>\n    </testcase>`;
      });
      const suiteSkipped = list.filter((f) => f.suppressed).length;
      const suiteFailures = list.length - suiteSkipped;
      // A rule with nothing to report is one passed check; one whose findings --quiet hides is not.
      if (list.length === 0 && !hidden.has(id)) cases.push(`  <testcase classname="${attr(id)}" name="${attr(meta?.title ?? id)}"/>`);
      tests += cases.length;
      failures += suiteFailures;
      skipped += suiteSkipped;
      const open = `  <testsuite name="${attr(id)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}"`;
      suites.push(cases.length === 0 ? `${open}/>` : `${open}>\n${cases.map((c) => `  ${c}`).join("\n")}\n  </testsuite>`);
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="k8slint" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
  },
};

/**
 * Characters XML 1.0 cannot carry at all, written as U+FFFD so the document stays well-formed: C0
 * controls but tab and line breaks (input-derived text has them shown by visible() already), lone
 * surrogate halves and the two noncharacters.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value: also its quote, and line breaks kept as characters rather than normalised to spaces. */
function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
