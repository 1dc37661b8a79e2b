import type { Model } from "../model/model.js";
import type { Resource } from "../model/resource.js";
import type { SourceFile } from "../load/source-file.js";
import type { Rule, Report } from "./rule.js";
import type { RuleSettings } from "./rule-settings.js";
import { applySeverities, rangeOf, resolve, type RawFinding } from "./run-rules.js";
import { locatedPath } from "./removed-field.js";
import type { SourceRange } from "../types.js";
import { justifyAnnotations, JUSTIFY_PREFIX, type JustifyAnnotation } from "./justify-annotations.js";
import { disableComments, type DisableComment } from "./disable-comments.js";
import { reasonProblem } from "./justification-reason.js";
import { closestId, didYouMean, meant } from "./closest-id.js";
import { removeValue } from "./fix.js";
import { builtinRules } from "../../rules/index.js";

const DIRECTIVES = ["k8slint-disable-next-line", "k8slint-disable-file"];

/** The rule that reports justifications which suppress nothing. */
export const UNUSED_JUSTIFICATION = "unused-justification";

interface Candidate {
  reason: string | undefined;
  by: "annotation" | "comment";
  label: string;
  markUsed(): void;
}

/**
 * The suppression stage of one unit: marks findings justified by a `justify.k8slint.io/<rule-id>`
 * annotation (on the object or its pod template) or a `# k8slint-disable-…` comment, and reports
 * justifications that suppress nothing. A justification whose reason is missing or a placeholder does
 * not suppress: the finding stays and its message says why.
 *
 * A function of the unit's findings, model and source files only, so each Kustomize overlay (a unit of
 * its own) is suppressed against its own objects. `own` tells the unit's objects from context objects
 * (plain files a rendered unit sees but does not report): the justifications of context objects and
 * files are judged in their own unit, not once more in every unit that sees them.
 */
export function applySuppressions(
  findings: RawFinding[],
  model: Model,
  rules: readonly Rule[],
  settings: RuleSettings,
  scope: { own?: (r: Resource) => boolean; files?: readonly SourceFile[]; used?: Set<string> } = {},
): RawFinding[] {
  const own = scope.own ?? (() => true);
  const files = scope.files ?? sourceFilesOf(model, findings, own);
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const annotations = new Map<Resource, JustifyAnnotation[]>();
  const annotationsOf = (r: Resource) => {
    let list = annotations.get(r);
    if (!list) annotations.set(r, (list = justifyAnnotations(r, model)));
    return list;
  };
  const usedAnnotations = new Set<JustifyAnnotation>();
  const comments = new Map<string, DisableComment[]>();
  // Per file: file-wide comments, and next-line comments by the line they cover (a lookup per finding).
  const fileWide = new Map<string, DisableComment[]>();
  const byLine = new Map<string, Map<number, DisableComment[]>>();
  for (const f of files) {
    if (comments.has(f.display)) continue;
    const list = disableComments(f);
    comments.set(f.display, list);
    if (list.length === 0) continue;
    const lines = new Map<number, DisableComment[]>();
    const wide: DisableComment[] = [];
    for (const c of list) {
      if (c.scope === "file") wide.push(c);
      else if (c.line !== undefined) {
        const at = lines.get(c.line);
        if (at) at.push(c);
        else lines.set(c.line, [c]);
      }
    }
    fileWide.set(f.display, wide);
    byLine.set(f.display, lines);
  }
  const usedComments = new Map<DisableComment, Set<string>>();

  const commentCandidate = (c: DisableComment, id: string): Candidate => ({
    reason: c.reason,
    by: "comment",
    label: `the k8slint-disable-${c.scope} comment`,
    markUsed: () => {
      let ids = usedComments.get(c);
      if (!ids) usedComments.set(c, (ids = new Set()));
      ids.add(id);
    },
  });

  for (const raw of findings) {
    const id = raw.rule.meta.id;
    // Made only for a finding that something may justify: most have nothing (no array per finding).
    let candidates: Candidate[] | undefined;
    const t = raw.report.target;
    if ("resource" in t) {
      for (const a of annotationsOf(t.resource)) {
        if (a.ruleId !== id) continue;
        (candidates ??= []).push({ reason: a.reason, by: "annotation", label: JUSTIFY_PREFIX + id, markUsed: () => usedAnnotations.add(a) });
      }
    }
    const lines = byLine.get(raw.finding.file);
    if (lines) {
      // Next-line comments of the finding's line, then the file's.
      for (const c of lines.get(raw.commentLine ?? raw.finding.line) ?? []) if (c.ruleIds.includes(id)) (candidates ??= []).push(commentCandidate(c, id));
      for (const c of fileWide.get(raw.finding.file)!) if (c.ruleIds.includes(id)) (candidates ??= []).push(commentCandidate(c, id));
    }
    if (candidates === undefined) continue;
    for (const c of candidates) c.markUsed();
    const accepted = candidates.find((c) => reasonProblem(c.reason) === undefined);
    if (accepted) {
      raw.finding.suppressed = true;
      raw.finding.justification = accepted.reason!.trim();
      raw.finding.suppressedBy = accepted.by;
    } else {
      const c = candidates[0];
      raw.finding.message += ` (${c.label} does not suppress it: ${reasonProblem(c.reason)})`;
    }
  }

  if (scope.used) {
    for (const a of usedAnnotations) scope.used.add(justificationKey(a.ruleId, rangeOf({ resource: a.resource, path: a.path })));
    for (const [c, ids] of usedComments) for (const id of ids) scope.used.add(justificationKey(id, rangeOf({ file: c.file, start: c.start, end: c.end })));
  }
  const unusedRule = byId.get(UNUSED_JUSTIFICATION);
  if (!unusedRule || !settings.enabled(unusedRule)) return findings;
  // Built-in ids are known even when a caller runs a subset: a justification for one is not a typo.
  const known = [...new Set([...byId.keys(), ...builtinRules.map((r) => r.meta.id)])];
  const reports: Report[] = [];
  // Per report that says a justification suppresses nothing: which one (another unit may use it).
  const justifies = new Map<Report, string>();
  // Whether a justification of this rule in this file could have matched anything in this run.
  const ran = (ruleId: string, file: string) => {
    const rule = byId.get(ruleId);
    return rule !== undefined && settings.enabled(rule) && settings.severityFor(ruleId, file) !== "off";
  };
  for (const r of model.resources) {
    if (!own(r)) continue;
    for (const a of annotationsOf(r)) {
      if (usedAnnotations.has(a)) continue;
      const target = { resource: r, path: a.path };
      // Suggestions, not fixes: a justification may be written ahead of a finding another kube-version,
      // config or overlay gives, and only its author knows which rule a misspelt one meant.
      const remove = removeValue(`remove the ${JUSTIFY_PREFIX}${a.ruleId} annotation`, r.object, a.path);
      if (!known.includes(a.ruleId)) {
        const near = closestId(a.ruleId, known);
        const rename = near ? [{ description: `rename it to ${JUSTIFY_PREFIX}${near}`, operations: [{ op: "rename" as const, path: a.path, to: `${JUSTIFY_PREFIX}${near}` }] }] : [];
        reports.push({ target, message: `${JUSTIFY_PREFIX}${a.ruleId} names no known rule${meant(near)}`, suggestions: [...rename, remove] });
      } else if (ran(a.ruleId, r.locator.file.display)) {
        const rep = { target, message: `justification for ${a.ruleId} suppresses nothing: this object has no ${a.ruleId} finding`, suggestions: [remove] };
        justifies.set(rep, a.ruleId);
        reports.push(rep);
      }
    }
  }
  for (const list of comments.values()) {
    for (const c of list) {
      const target = { file: c.file, start: c.start, end: c.end };
      if (c.scope === "trailing") {
        reports.push({ target, message: `${c.directive} written after a line's content suppresses nothing: put it on a line of its own, above the line it is for` });
        continue;
      }
      if (c.scope === "unknown") {
        // "-line" never means the whole file, however close the spelling.
        const hint = /line/.test(c.directive) ? " (did you mean k8slint-disable-next-line?)" : didYouMean(c.directive, DIRECTIVES);
        reports.push({ target, message: `${c.directive} is not a k8slint directive${hint}; it suppresses nothing` });
        continue;
      }
      if (c.ruleIds.length === 0) {
        reports.push({ target, message: `k8slint-disable-${c.scope} comment names no rule id` });
        continue;
      }
      const used = usedComments.get(c);
      for (const id of c.ruleIds) {
        if (used?.has(id)) continue;
        if (!known.includes(id)) {
          reports.push({ target, message: `k8slint-disable-${c.scope} names no known rule "${id}"${didYouMean(id, known)}` });
        } else if (ran(id, c.file.display)) {
          const where = c.scope === "file" ? "in this file" : c.line === undefined ? "after it" : `on line ${c.line}`;
          const rep = { target, message: `k8slint-disable-${c.scope} for ${id} suppresses nothing: no ${id} finding ${where}` };
          justifies.set(rep, id);
          reports.push(rep);
        }
      }
    }
  }
  if (reports.length === 0) return findings;
  const unused = reports.map((rep) => {
    const raw = resolve(unusedRule, rep);
    const id = justifies.get(rep);
    if (id !== undefined) raw.justifies = justificationKey(id, raw.range);
    return raw;
  });
  return [...findings, ...applySeverities(unused, settings)];
}

/**
 * A justification by the rule it is for and where it is written: a base's annotation or comment that
 * one Kustomize overlay needs and another does not is the same justification in both units.
 */
function justificationKey(ruleId: string, at: SourceRange): string {
  return `${ruleId}\u0000${at.file}\u0000${at.line}\u0000${at.column}`;
}

/** Every file of a unit that a reported finding or a justification can be in. */
function sourceFilesOf(model: Model, findings: readonly RawFinding[], own: (r: Resource) => boolean): SourceFile[] {
  const files = new Set<SourceFile>();
  for (const r of model.resources) if (own(r)) files.add(r.locator.file);
  for (const d of model.otherDocuments) files.add(d.file);
  for (const p of model.inputProblems) files.add(p.file);
  for (const f of findings) {
    const t = f.report.target;
    if ("resource" in t && !own(t.resource)) continue;
    files.add("resource" in t ? (t.resource.locator.fileAt?.(locatedPath(f.report) ?? t.path) ?? t.resource.locator.file) : "document" in t ? t.document.file : t.file);
  }
  return [...files];
}
