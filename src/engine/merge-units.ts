import { severityRank } from "../types.js";
import type { Finding } from "./finding.js";

/** A finding as one set (a Kustomize root, a Helm chart, a variant of the plain files) reported it. */
export interface UnitFinding {
  finding: Finding;
  /** The set's label; undefined for the plain files when they are one set. */
  unit?: string;
  /** Set for the plain files' sets when alternatives split them: which of `plainSets` it is. */
  plainSet?: number;
}

/**
 * One finding per problem: a problem is its rule, source location and message. Several Kustomize
 * roots rendering one base, or several variants sharing one plain file, report the same problem once,
 * naming the sets it came from. A finding every plain set holding its file reported belongs to that
 * file alone (a file all sets share, or an alternative file whose header already names it): naming
 * the variants there would only be noise. `plainSetsHolding` counts the plain sets that hold a file
 * (all of them when not given).
 */
export function mergeAcrossUnits(found: readonly UnitFinding[], plainSets: number, plainSetsHolding?: (file: string) => number): Finding[] {
  const merged = new Map<string, { finding: Finding; units: string[]; plain: Set<number> }>();
  for (const { finding: f, unit, plainSet } of found) {
    const key = problemKey(f);
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { finding: f, units: [], plain: new Set() }));
    else if (severityRank(f.severity) > severityRank(m.finding.severity)) m.finding = { ...f };
    if (unit !== undefined && !m.units.includes(unit)) m.units.push(unit);
    if (plainSet !== undefined) m.plain.add(plainSet);
  }
  const out: Finding[] = [];
  for (const m of merged.values()) {
    const holding = plainSetsHolding?.(m.finding.file) ?? plainSets;
    const units = m.plain.size > 0 && m.plain.size >= Math.min(holding, plainSets) ? m.units.filter((u) => !isVariantLabel(u)) : m.units;
    out.push(units.length > 0 ? { ...m.finding, units } : m.finding);
  }
  return out;
}

/** What makes two findings one problem: rule, location, message (and whether it is suppressed). */
export function problemKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.message}\u0000${f.suppressed}`;
}

/** Label of the plain files' set that holds one alternative file (`variant k8s/app.selinux.yaml`). */
export function variantLabel(display: string): string {
  return `variant ${display}`;
}

function isVariantLabel(label: string): boolean {
  return label.startsWith("variant ");
}
