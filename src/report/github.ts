import type { Formatter } from "./formatter.js";
import type { Severity } from "../types.js";
import { severityRank } from "../types.js";
import { visibleFindings } from "./visible.js";
import { findingSubject } from "./subject.js";
import { unitsSuffix } from "./units.js";
import { RepoPaths } from "./repo-path.js";
import { visible } from "./sanitize.js";

/**
 * GitHub shows at most this many annotations of each level (error, warning, notice) from one step;
 * the rest of the step's annotations are dropped without a word.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { error: "error", warning: "warning", info: "notice" };

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request. Paths are
 * relative to the repository root (as GitHub matches them against the diff), the most severe come
 * first, and past what GitHub shows one notice says how many more there are. A rule's fix is given
 * once, in its first annotation.
 */
export const githubFormatter: Formatter = {
  name: "github",
  format(ctx): string {
    const paths = new RepoPaths(ctx);
    const findings = visibleFindings(ctx)
      .filter((f) => !f.suppressed)
      .map((f, i) => ({ f, i }))
      .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i)
      .map((x) => x.f);
    const perLevel = (cmd: string) => findings.filter((f) => COMMAND[f.severity] === cmd).length;
    // With more than GitHub shows, one notice is kept for the count of the rest.
    const overflow = Object.values(COMMAND).some((cmd) => perLevel(cmd) > ANNOTATIONS_PER_LEVEL);
    const room = (cmd: string) => (cmd === "notice" && overflow ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL);
    const shown = new Map<string, number>();
    const fixed = new Set<string>();
    const out: string[] = [];
    let hidden = 0;
    for (const f of findings) {
      const cmd = COMMAND[f.severity];
      const n = shown.get(cmd) ?? 0;
      if (n >= room(cmd)) {
        hidden++;
        continue;
      }
      shown.set(cmd, n + 1);
      const props = [
        // The real path, percent-encoded (GitHub decodes %0A and %0D back): made visible, a newline in a
        // file name would become the two characters \n, and the annotation would name no file.
        `file=${escapeProperty(paths.segments(f.file).join("/"))}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(f.ruleId)}`,
      ].join(",");
      const subject = f.resource ? `${visible(findingSubject(f) ?? "")}: ` : "";
      const fix = fixed.has(f.ruleId) ? undefined : ctx.rules.get(f.ruleId)?.remediation;
      fixed.add(f.ruleId);
      const units = visible(unitsSuffix(f, ctx.result.units));
      out.push(`::${cmd} ${props}::${escapeData(subject + visible(f.message) + (units ? " " + units : "") + (fix ? `\n${fix}` : ""))}`);
    }
    if (hidden > 0) {
      const what = hidden === 1 ? "1 more finding is" : `${hidden} more findings are`;
      out.push(`::notice title=k8slint::${escapeData(`${what} not shown as annotations (GitHub shows ${ANNOTATIONS_PER_LEVEL} of each level per step): see the job summary, the log or the code scanning alerts`)}`);
    }
    return out.length ? out.join("\n") + "\n" : "";
  },
};

// Escaping as the GitHub Actions toolkit does (@actions/core command.ts); input-derived text is
// made visible first (sanitize.ts), and any other control character left is percent-encoded too.
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/[\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
