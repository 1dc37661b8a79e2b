import type { Resource } from "../model/resource.js";
import type { RawFinding } from "./run-rules.js";
import type { Report, Target } from "./rule.js";

/**
 * Drops the findings whose `causedBy` rule reported the same object (or the one `causedBy` names): that finding states the cause
 * (the misspelt field, the value of the wrong type), and this one is its consequence. Where the causing
 * rule is off, or its findings are off for the file, the consequence is what is left to say, and stays.
 * Runs after suppression: a cause suppressed with a reason (or in the baseline) was seen and accepted,
 * and the consequence goes with it; a justification written for the consequence still counts as used.
 * A consequence kept offers its fix as a suggestion. Linear in the findings.
 */
export function dropExplained(findings: RawFinding[]): RawFinding[] {
  // The objects a consequence's cause is in: only their rules are gathered (not a set per object of the run).
  const asked = new Set<Resource>();
  let consequences = false;
  for (const f of findings) {
    const cause = f.report.causedBy;
    if (cause === undefined) continue;
    consequences = true;
    if (typeof cause !== "string") asked.add(cause.in);
    else if ("resource" in f.report.target) asked.add(f.report.target.resource);
  }
  if (!consequences) return findings;
  const reported = new Map<Resource, Set<string>>();
  for (const f of findings) {
    const t = f.report.target;
    if (!("resource" in t) || !asked.has(t.resource)) continue;
    const rules = reported.get(t.resource);
    if (rules) rules.add(f.rule.meta.id);
    else reported.set(t.resource, new Set([f.rule.meta.id]));
  }
  const kept: RawFinding[] = [];
  for (const f of findings) {
    const cause = f.report.causedBy;
    if (cause !== undefined && explained(cause, f.report.target, reported)) continue;
    // The cause is still in the manifest: a fix made around it (a securityContext written beside the
    // misspelt securityContex) would clash with the rename that fixes the cause. A person decides.
    if (cause !== undefined && f.report.fix !== undefined) f.report = { ...f.report, fix: undefined, suggestions: [f.report.fix, ...(f.report.suggestions ?? [])] };
    kept.push(f);
  }
  return kept;
}

/** Whether the causing rule reported the object the cause is in: the finding's own, or the one it names. */
function explained(cause: NonNullable<Report["causedBy"]>, target: Target, reported: ReadonlyMap<Resource, ReadonlySet<string>>): boolean {
  if (typeof cause !== "string") return reported.get(cause.in)?.has(cause.rule) === true;
  return "resource" in target && reported.get(target.resource)?.has(cause) === true;
}
