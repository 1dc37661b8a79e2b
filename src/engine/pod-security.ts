import type { ObjectPath } from "../types.js";
import type { Resource } from "../model/resource.js";
import type { RuleSettings } from "./rule-settings.js";
import { retargeted } from "./removed-field.js";
import { resolve, type RawFinding } from "./run-rules.js";

/**
 * Reports each setting a namespace's enforced Pod Security level refuses once. The
 * pod-security-admission rule reports every such setting, naming the rule that judges it; where that
 * rule reported the setting too, its finding stays (its message, its fix) as an error saying why
 * the pod is refused, and the admission finding goes. A setting no rule reported (one a rule accepts,
 * runAsUser: 1000 without runAsNonRoot; a rule that is off) keeps the admission finding.
 *
 * Runs per set after severities (a rule the configuration turns off reports nothing to escalate; a
 * severity it sets for the rule stays) and before suppressions (a justification of the rule's finding
 * covers the refusal it now states). Linear in the findings: the rules' findings are grouped by object.
 */
export function escalateRefused(findings: RawFinding[], settings: RuleSettings): RawFinding[] {
  const owners = new Set<string>();
  for (const f of findings) if (f.report.refusal) owners.add(f.report.refusal.rule);
  if (owners.size === 0) return findings;
  const byObject = new Map<Resource, RawFinding[]>();
  for (const f of findings) {
    const t = f.report.target;
    if (f.report.refusal || !owners.has(f.rule.meta.id) || !("resource" in t)) continue;
    const list = byObject.get(t.resource);
    if (list) list.push(f);
    else byObject.set(t.resource, [f]);
  }
  const escalated = new Map<RawFinding, string>();
  const stated = new Set<RawFinding>();
  for (const f of findings) {
    const refusal = f.report.refusal;
    const t = f.report.target;
    if (!refusal || !("resource" in t)) continue;
    for (const o of byObject.get(t.resource) ?? []) {
      const at = (o.report.target as { path: ObjectPath }).path;
      if (o.rule.meta.id !== refusal.rule || !(refusal.at.some((p) => samePath(at, p)) || refusal.below.some((p) => startsWith(at, p)))) continue;
      if (!escalated.has(o)) escalated.set(o, refusal.because);
      stated.add(f);
    }
  }
  const out: RawFinding[] = [];
  for (const f of findings) {
    if (stated.has(f)) continue;
    const because = escalated.get(f);
    out.push(because === undefined ? f : escalate(f, because, settings));
  }
  return out;
}

/** The finding again as an error saying why admission refuses the pod (a copy: a shared object's report is reused by other sets). */
function escalate(f: RawFinding, because: string, settings: RuleSettings): RawFinding {
  const report = retargeted(f.report, f.report.target);
  report.message = `${f.report.message} ${because}`;
  report.severity = "error";
  const out = resolve(f.rule, report);
  // A severity the configuration gives the rule wins over the rule's own grading, as everywhere.
  const configured = settings.severityFor(f.rule.meta.id, f.finding.file);
  if (configured !== undefined && configured !== "off") {
    out.severity = configured;
    out.finding.severity = configured;
  }
  if (f.commentLine !== undefined) out.commentLine = f.commentLine;
  return out;
}

function samePath(a: ObjectPath, b: ObjectPath): boolean {
  return a.length === b.length && startsWith(a, b);
}

function startsWith(path: ObjectPath, prefix: ObjectPath): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}
