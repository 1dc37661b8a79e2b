import type { FormatContext } from "./formatter.js";
import type { Finding } from "../engine/finding.js";

/** Findings a report shows: baselined ones never, and only errors with --quiet. Suppressed ones are left to each format. */
export function visibleFindings(ctx: FormatContext): Finding[] {
  return ctx.result.findings.filter((f) => !f.baselined && (!ctx.quiet || f.severity === "error"));
}
