import { severityRank } from "../types.js";
import type { Finding } from "./finding.js";
import { withPlaces, withoutList, type ListedPlaces } from "./listed-places.js";

/** A finding as one set (a Kustomize root, a Helm chart, a variant of the plain files) reported it. */
export interface UnitFinding {
  finding: Finding;
  /** The set's label; undefined for the plain files when they are one set. */
  unit?: string;
  /** Set for the plain files' sets when alternatives split them: which of `plainSets` it is. */
  plainSet?: number;
  /** The places its message lists (each set lists those it holds). */
  listed?: ListedPlaces;
}

/**
 * One finding per problem: a problem is its rule, source location and message. Several Kustomize
 * roots rendering one base, or several variants sharing one plain file, report the same problem once,
 * naming the sets it came from. A finding every plain set holding its file reported belongs to that
 * file alone (a file all sets share, or an alternative file whose header already names it): naming
 * the variants there would only be noise. `plainSetsHolding` counts the plain sets that hold a file
 * (all of them when not given). A message that lists places (an object's other definitions) lists
 * those of every set: a variant set sees the definitions in its own alternative only. `keys`, when
 * given, gets each merged finding's problem key (the lazy fixes find their finding by it).
 */
export function mergeAcrossUnits(found: readonly UnitFinding[], plainSets: number, plainSetsHolding?: (file: string) => number, keys?: Map<string, Finding>): Finding[] {
  const merged = new Map<string, { finding: Finding; units: string[]; plain: Set<number>; listed?: ListedPlaces; places?: Set<string> }>();
  for (const { finding: f, unit, plainSet, listed } of found) {
    const key = problemKey(f, listed);
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { finding: f, units: [], plain: new Set(), ...(listed ? { listed } : {}) }));
    else {
      if (severityRank(f.severity) > severityRank(m.finding.severity)) {
        m.finding = { ...f };
        if (listed) m.listed = listed;
      }
      // The places are copied before the first join: a rule may give one set to every finding it lists it in.
      if (listed && m.listed) {
        for (const p of listed.places) if (!(m.places ?? m.listed.places).has(p)) (m.places ??= new Set(m.listed.places)).add(p);
      }
    }
    if (unit !== undefined && !m.units.includes(unit)) m.units.push(unit);
    if (plainSet !== undefined) m.plain.add(plainSet);
  }
  const out: Finding[] = [];
  for (const [key, m] of merged) {
    const holding = plainSetsHolding?.(m.finding.file) ?? plainSets;
    const units = m.plain.size > 0 && m.plain.size >= Math.min(holding, plainSets) ? m.units.filter((u) => !isVariantLabel(u)) : m.units;
    const message = m.places && m.listed ? withPlaces(m.finding.message, m.listed, m.places) : undefined;
    const f = units.length > 0 || message !== undefined ? { ...m.finding, ...(units.length > 0 ? { units } : {}), ...(message !== undefined ? { message } : {}) } : m.finding;
    keys?.set(key, f);
    out.push(f);
  }
  return out;
}

/** What makes two findings one problem: rule, location, message without the places it lists (and whether it is suppressed). */
export function problemKey(f: Finding, listed?: ListedPlaces): string {
  const message = listed ? withoutList(f.message, listed) : f.message;
  return `${f.ruleId}\u0000${f.file}\u0000${f.line}\u0000${f.column}\u0000${message}\u0000${f.suppressed}`;
}

/** Label of the plain files' set that holds one alternative file (`variant k8s/app.selinux.yaml`). */
export function variantLabel(display: string): string {
  return `variant ${display}`;
}

function isVariantLabel(label: string): boolean {
  return label.startsWith("variant ");
}
