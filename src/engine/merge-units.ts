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
  const problems = new ProblemTable();
  for (const { finding: f, unit, plainSet, listed } of found) {
    const message = listed ? withoutList(f.message, listed) : f.message;
    let m = problems.find(f, message);
    if (!m) {
      m = problems.add(f, message, listed);
      if (keys) m.key = problemKey(f, listed);
    } else {
      if (severityRank(f.severity) > severityRank(m.finding.severity)) {
        m.finding = { ...f };
        if (listed) m.listed = listed;
      }
      // The places are copied before the first join: a rule may give one set to every finding it lists it in.
      if (listed && m.listed) {
        for (const p of listed.places) if (!(m.places ?? m.listed.places).has(p)) (m.places ??= new Set(m.listed.places)).add(p);
      }
    }
    if (unit !== undefined && !m.units?.includes(unit)) (m.units ??= []).push(unit);
    if (plainSet !== undefined) m.plain = withPlainSet(m.plain, plainSet);
  }
  const out: Finding[] = [];
  for (const m of problems.all) {
    let units = m.units ?? [];
    if (units.length > 0 && m.plain !== undefined && plainCount(m.plain) >= Math.min(plainSetsHolding?.(m.finding.file) ?? plainSets, plainSets)) units = units.filter((u) => !isVariantLabel(u));
    const message = m.places && m.listed ? withPlaces(m.finding.message, m.listed, m.places) : undefined;
    const f = units.length > 0 || message !== undefined ? { ...m.finding, ...(units.length > 0 ? { units } : {}), ...(message !== undefined ? { message } : {}) } : m.finding;
    if (m.key !== undefined) keys?.set(m.key, f);
    out.push(f);
  }
  return out;
}

function withPlainSet(plain: number | Set<number> | undefined, index: number): number | Set<number> {
  if (plain === undefined || plain === index) return index;
  if (typeof plain === "number") return new Set([plain, index]);
  return plain.add(index);
}

function plainCount(plain: number | Set<number>): number {
  return typeof plain === "number" ? 1 : plain.size;
}

/** One problem as the sets reported it: its first finding (or the gravest), and the sets that did. */
interface Problem {
  finding: Finding;
  /** The message without the places it lists: with rule, place and suppression, what the problem is (problemKey). */
  message: string;
  units?: string[];
  /** The plain sets that reported it: one index, or a set of several (a run of one set has only index 0). */
  plain?: number | Set<number>;
  listed?: ListedPlaces;
  places?: Set<string>;
  /** Its problemKey, when the caller asked for them. */
  key?: string;
}

/**
 * The problems in the order they were first reported, found by file and line: a key string joined
 * from every part of each finding was most of the merge's time and memory, for findings that, in a
 * run of one set, all differ.
 */
class ProblemTable {
  readonly all: Problem[] = [];
  private readonly byFile = new Map<string, Map<number, Problem[]>>();

  find(f: Finding, message: string): Problem | undefined {
    const atLine = this.byFile.get(f.file)?.get(f.line);
    if (!atLine) return undefined;
    for (const m of atLine) {
      const g = m.finding;
      if (g.column === f.column && g.ruleId === f.ruleId && g.suppressed === f.suppressed && m.message === message) return m;
    }
    return undefined;
  }

  add(f: Finding, message: string, listed: ListedPlaces | undefined): Problem {
    const m: Problem = listed ? { finding: f, message, listed } : { finding: f, message };
    this.all.push(m);
    let lines = this.byFile.get(f.file);
    if (!lines) this.byFile.set(f.file, (lines = new Map()));
    const atLine = lines.get(f.line);
    if (atLine) atLine.push(m);
    else lines.set(f.line, [m]);
    return m;
  }
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
