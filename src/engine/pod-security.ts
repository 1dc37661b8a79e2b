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
 * Runs per set after severities and before suppressions. A rule the configuration turns off reports
 * nothing to escalate; a severity it configures for the rule grades the risk that rule names, so its
 * finding stays as configured and the admission finding states the refusal. The admission finding is
 * kept beside the escalated one (`stated` pairs them) until suppressions have run
 * (dropStatedRefusals): a justification or disable comment of the rule's finding accepts the risk,
 * not the refusal, which admission still makes, so the admission finding then stands; its own
 * justification records a cluster's exemption. Linear in the findings: the rules' findings are
 * grouped by object.
 */
export function escalateRefused(findings: RawFinding[], settings: RuleSettings): Escalated {
  const owners = new Set<string>();
  for (const f of findings) if (f.report.refusal) owners.add(f.report.refusal.rule);
  if (owners.size === 0) return { findings, stated: new Map() };
  const byObject = new Map<Resource, RawFinding[]>();
  for (const f of findings) {
    const t = f.report.target;
    if (f.report.refusal || !owners.has(f.rule.meta.id) || !("resource" in t)) continue;
    const list = byObject.get(t.resource);
    if (list) list.push(f);
    else byObject.set(t.resource, [f]);
  }
  const escalated = new Map<RawFinding, string>();
  const stated = new Map<RawFinding, RawFinding>();
  for (const f of findings) {
    const refusal = f.report.refusal;
    const t = f.report.target;
    if (!refusal || !("resource" in t)) continue;
    for (const o of byObject.get(t.resource) ?? []) {
      const at = (o.report.target as { path: ObjectPath }).path;
      if (o.rule.meta.id !== refusal.rule || !(refusal.at.some((p) => samePath(at, p)) || refusal.below.some((p) => startsWith(at, p)))) continue;
      // A severity configured for the rule grades the risk it names: its finding stays as configured,
      // and the refusal is this finding's to state.
      if (configuredSeverity(o, settings) !== undefined) continue;
      if (!escalated.has(o)) escalated.set(o, refusal.because);
      if (!stated.has(f)) stated.set(f, o);
    }
  }
  const copies = new Map<RawFinding, RawFinding>();
  const out: RawFinding[] = [];
  for (const f of findings) {
    const because = escalated.get(f);
    if (because === undefined) {
      out.push(f);
      continue;
    }
    const copy = escalate(f, because);
    copies.set(f, copy);
    out.push(copy);
  }
  const statedBy = new Map<RawFinding, RawFinding>();
  for (const [f, o] of stated) statedBy.set(f, copies.get(o)!);
  return { findings: out, stated: statedBy };
}

/** The findings with refusals escalated, and each admission finding whose refusal an escalated finding states. */
export interface Escalated {
  findings: RawFinding[];
  stated: ReadonlyMap<RawFinding, RawFinding>;
}

/**
 * After suppressions: drops each admission finding whose refusal a rule's finding still states as an
 * unsuppressed error (see escalateRefused).
 */
export function dropStatedRefusals(findings: RawFinding[], stated: ReadonlyMap<RawFinding, RawFinding>): RawFinding[] {
  if (stated.size === 0) return findings;
  const standing = new Set(findings.filter((f) => !f.finding.suppressed && f.finding.severity === "error"));
  return findings.filter((f) => {
    const by = stated.get(f);
    return by === undefined || !standing.has(by);
  });
}

/** The finding again as an error saying why admission refuses the pod (a copy: a shared object's report is reused by other sets). */
function escalate(f: RawFinding, because: string): RawFinding {
  const report = retargeted(f.report, f.report.target);
  report.message = `${f.report.message} ${because}`;
  report.severity = "error";
  // Where the message lists places, they stay last: located again. Otherwise the finding is where it
  // was, and only its message and severity change (thousands of pods in an enforcing namespace).
  if (f.listed) {
    const out = resolve(f.rule, report);
    if (f.commentLine !== undefined) out.commentLine = f.commentLine;
    out.finding.admissionRefused = true;
    return out;
  }
  const out: RawFinding = { ...f, report, severity: "error", finding: { ...f.finding, severity: "error", message: `${f.finding.message} ${because}`, admissionRefused: true } };
  return out;
}

/** The severity the configuration gives a finding's rule for its file, if any (off is no finding at all). */
function configuredSeverity(f: RawFinding, settings: RuleSettings): string | undefined {
  const configured = settings.severityFor(f.rule.meta.id, f.finding.file);
  return configured === "off" ? undefined : configured;
}

function samePath(a: ObjectPath, b: ObjectPath): boolean {
  return a.length === b.length && startsWith(a, b);
}

function startsWith(path: ObjectPath, prefix: ObjectPath): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}
