import type { LintResult } from "../lint.js";
import type { RuleMeta } from "../types.js";
import { ruleHelpUri } from "./links.js";

/**
 * The Markdown a GitHub Actions job summary gets ($GITHUB_STEP_SUMMARY): findings per rule and
 * severity, worst first, then the totals. Active findings only: suppressed and baselined ones are
 * counted in the last line.
 */
export function stepSummaryMarkdown(result: LintResult, rules: ReadonlyMap<string, RuleMeta>, title = "k8slint"): string {
  const counts = new Map<string, { error: number; warning: number; info: number }>();
  for (const f of result.findings) {
    if (f.suppressed || f.baselined) continue;
    const c = counts.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
    c[f.severity]++;
    counts.set(f.ruleId, c);
  }
  const s = result.summary;
  const files = `${s.files} ${s.files === 1 ? "file" : "files"}, ${s.resources} ${s.resources === 1 ? "resource" : "resources"}`;
  const aside = [s.suppressed ? `${s.suppressed} suppressed` : "", s.baselined ? `${s.baselined} baselined` : ""].filter(Boolean).join(", ");
  const lines = [`### ${title}`, ""];
  if (counts.size === 0) {
    lines.push(`No problems in ${files}${aside ? ` (${aside})` : ""}.`, "");
    return lines.join("\n");
  }
  lines.push("| rule | errors | warnings | infos |", "| --- | ---: | ---: | ---: |");
  const rows = [...counts].sort(([a, x], [b, y]) => y.error - x.error || y.warning - x.warning || y.info - x.info || (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, c] of rows) {
    const meta = rules.get(id);
    const uri = meta && ruleHelpUri(meta);
    lines.push(`| ${uri ? `[${id}](${uri})` : id} | ${c.error} | ${c.warning} | ${c.info} |`);
  }
  const total = s.errors + s.warnings + s.infos;
  lines.push("", `**${total} ${total === 1 ? "problem" : "problems"}** (${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos) in ${files}${aside ? `; ${aside}` : ""}.`, "");
  return lines.join("\n");
}
