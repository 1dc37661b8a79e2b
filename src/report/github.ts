import type { Formatter } from "./formatter.js";
import { visibleFindings } from "./visible.js";
import { findingSubject } from "./subject.js";
import { unitsSuffix } from "./units.js";

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request. */
export const githubFormatter: Formatter = {
  name: "github",
  format(ctx): string {
    const out: string[] = [];
    for (const f of visibleFindings(ctx)) {
      if (f.suppressed) continue;
      const cmd = f.severity === "error" ? "error" : f.severity === "warning" ? "warning" : "notice";
      const props = [
        `file=${escapeProperty(f.file)}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(f.ruleId)}`,
      ].join(",");
      const subject = f.resource ? `${findingSubject(f)}: ` : "";
      const fix = ctx.rules.get(f.ruleId)?.remediation;
      const units = unitsSuffix(f, ctx.result.units);
      out.push(`::${cmd} ${props}::${escapeData(subject + f.message + (units ? " " + units : "") + (fix ? `\n${fix}` : ""))}`);
    }
    return out.length ? out.join("\n") + "\n" : "";
  },
};

// Escaping as the GitHub Actions toolkit does (@actions/core command.ts).
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
