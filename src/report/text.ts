import { Chalk } from "chalk";
import type { Formatter, FormatContext } from "./formatter.js";
import type { Finding } from "../engine/finding.js";
import { visibleFindings } from "./visible.js";
import { findingSubject } from "./subject.js";
import { unitsSuffix } from "./units.js";
import { findingsByRule } from "./rule-counts.js";
import { visible, visibleLine } from "./sanitize.js";

/**
 * Human output: findings grouped by file and, within it, by object (a header line names it), one line
 * each; then how many findings each rule made, how to fix each rule once, and a summary.
 */
export const textFormatter: Formatter = {
  name: "text",
  format(ctx: FormatContext): string {
    const c = stylesFor(ctx.color);
    const { result } = ctx;
    const shown = visibleFindings(ctx).filter((f) => !f.suppressed || ctx.showSuppressed);
    const lines: string[] = [];
    const error = c.red("error  ");
    const warning = c.yellow("warning");
    const info = c.blue("info   ");
    const suppressed = c.dim("suppressed");
    const sev = (f: Finding) => (f.suppressed ? suppressed : f.severity === "error" ? error : f.severity === "warning" ? warning : info);
    // Under each file, a header per object names it once; finding lines keep `line:col severity message rule`.
    let currentFile = "";
    let currentSubject: string | undefined;
    // The last object named and how: the findings on one object follow each other.
    let named: Finding["resource"];
    let namedAs: string | undefined;
    let hinted: { file: string; line: number; text: string } | undefined;
    for (const f of shown) {
      if (f.file !== currentFile) {
        if (currentFile) lines.push("");
        lines.push(c.underline(visibleLine(f.file)));
        currentFile = f.file;
        currentSubject = undefined;
      }
      if (f.resource && !(named && sameSubject(f.resource, named))) {
        named = f.resource;
        namedAs = visible(findingSubject(f)!);
      }
      const subject = f.resource ? namedAs : undefined;
      if (subject !== undefined && subject !== currentSubject) lines.push(`  ${c.bold(subject)}`);
      currentSubject = subject;
      const indent = subject === undefined ? "  " : "    ";
      const where = `${f.line}:${f.column}`.padEnd(8);
      const units = f.units ? visible(unitsSuffix(f, result.units)) : "";
      let line = `${indent}${c.dim(where)}${sev(f)}  ${visible(f.message)}${units ? " " + units : ""}  ${c.dim(f.ruleId)}`;
      if (f.suppressed && f.justification) line += c.dim(`  (justified: ${visible(f.justification)})`);
      // The line is a parent's, or a container's first field: say what it starts with, for a disable
      // comment; once for the findings of one line (a container's ten findings share it).
      else if (f.disableAbove && !f.suppressed && !(hinted && hinted.file === f.file && hinted.line === f.line && hinted.text === f.disableAbove)) {
        line += c.dim(`  (a disable comment goes above ${visible(JSON.stringify(f.disableAbove))})`);
        hinted = { file: f.file, line: f.line, text: f.disableAbove };
      }
      lines.push(line);
      if (ctx.verbose) {
        const meta = ctx.rules.get(f.ruleId);
        if (meta) lines.push(c.dim(`${indent}        fix: ${meta.remediation}`));
      }
    }
    const active = shown.filter((f) => !f.suppressed);
    if (active.length > 0) lines.push("", c.bold("Findings by rule:"), ...ruleCountTable(active).map((l) => `  ${l}`));
    if (!ctx.verbose && active.length > 0) {
      lines.push("", c.bold("How to fix:"));
      for (const id of [...new Set(active.map((f) => f.ruleId))].sort()) {
        const meta = ctx.rules.get(id);
        if (meta) lines.push(`  ${c.bold(id)}: ${meta.remediation}`);
      }
    }
    const s = result.summary;
    const problems = s.errors + s.warnings + s.infos;
    if (lines.length > 0) lines.push("");
    const counts = `${problems} ${problems === 1 ? "problem" : "problems"} (${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.infos, "info")})`;
    const head = problems === 0 ? c.green("✔ no problems") : (s.errors > 0 ? c.red("✖ ") : c.yellow("⚠ ")) + counts;
    const extra: string[] = [`${plural(s.files, "file")}`, `${plural(s.resources, "resource")}`];
    if (s.suppressed > 0) extra.push(`${s.suppressed} suppressed${ctx.showSuppressed ? "" : " (--show-suppressed to list)"}`);
    if (s.baselined > 0) extra.push(`${s.baselined} in baseline`);
    if (ctx.quiet && s.warnings + s.infos > 0) extra.push(`${s.warnings + s.infos} below error not shown (--quiet)`);
    lines.push(`${head} in ${extra.join(", ")}`);
    if (s.skipped.length > 0) {
      const reasons = new Map<string, number>();
      for (const k of s.skipped) reasons.set(k.reason, (reasons.get(k.reason) ?? 0) + 1);
      // Reasons are phrases ("Helm template (not rendered)"): counted after them, not pluralised.
      const why = reasons.size === 1 ? [...reasons.keys()][0] : [...reasons].map(([r, n]) => `${r}: ${n}`).join("; ");
      lines.push(c.dim(`skipped ${plural(s.skipped.length, "file")}: ${visible(why)}`));
    }
    for (const n of result.notices) lines.push(c.dim(`note: ${visible(n)}`));
    return lines.join("\n") + "\n";
  },
};

/** The styles of the report; without color each gives its text back, with no call into chalk per finding. */
interface Styles {
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
}

const unstyled = (text: string) => text;
const PLAIN: Styles = { dim: unstyled, bold: unstyled, underline: unstyled, red: unstyled, yellow: unstyled, blue: unstyled, green: unstyled };

function stylesFor(color: boolean): Styles {
  return color ? new Chalk({ level: 1 }) : PLAIN;
}

/** Whether two findings' objects are named alike (findingSubject reads these three). */
function sameSubject(a: NonNullable<Finding["resource"]>, b: NonNullable<Finding["resource"]>): boolean {
  return a === b || (a.kind === b.kind && a.namespace === b.namespace && a.name === b.name);
}

/** `  11  liveness-probe   (11 warnings)`: rules by number of findings, most first. */
function ruleCountTable(findings: readonly Finding[]): string[] {
  const rows = findingsByRule(findings);
  const width = Math.max(...rows.map((r) => String(r.count).length));
  const idWidth = Math.max(...rows.map((r) => r.ruleId.length));
  return rows.map((r) => {
    const bySeverity = (["error", "warning", "info"] as const).filter((k) => r[k] > 0).map((k) => plural(r[k], k));
    return `${String(r.count).padStart(width)}  ${r.ruleId.padEnd(idWidth)}  (${bySeverity.join(", ")})`;
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : word.endsWith("s") ? "es" : "s"}`;
}
