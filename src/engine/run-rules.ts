import type { Severity, SourceRange } from "../types.js";
import type { Model } from "../model/model.js";
import { positionOf } from "../load/source-file.js";
import type { Report, Rule, Target } from "./rule.js";
import type { RuleSettings } from "./rule-settings.js";
import { formatPath, type Finding } from "./finding.js";
import { printablePath, withoutObjectValues } from "./message-values.js";
import { placesText, type ListedPlaces } from "./listed-places.js";
import { isRecord } from "../model/pod-spec.js";
import type { FocusModels } from "../model/focus-model.js";
import { valueLineRange } from "./value-line.js";
import { locatedPath, noteRemedyFields } from "./removed-field.js";

/** A finding before suppression and configuration: it still knows its rule and target. */
export interface RawFinding {
  rule: Rule;
  report: Report;
  severity: Severity;
  range: SourceRange;
  finding: Finding;
  /** The line a `# k8slint-disable-next-line` comment covers, when not the finding's (a line inside a block scalar: its key's). */
  commentLine?: number;
  /** The places its message lists, when the report gave them. */
  listed?: ListedPlaces;
  /**
   * For an unused-justification finding that a justification suppresses nothing: that justification
   * (rule and place). Another unit that used it makes the finding false (src/engine/suppress.ts).
   */
  justifies?: string;
}

export interface RuleRunStats {
  ruleId: string;
  millis: number;
  findings: number;
}

export interface RuleRun {
  findings: RawFinding[];
  stats: RuleRunStats[];
  /** Rules that threw: the run goes on, and the message says which rule failed on what. */
  failures: string[];
}

/**
 * Runs every enabled rule over the model and resolves each report's position. With `focus`, only
 * findings in that file are wanted: a rule sees the narrowest model its `meta.scope` allows, and
 * reports on objects of other files are dropped before their positions are computed. With `edits`
 * false (a run that makes no fixes: a text report), reports are kept without their fix and suggestions.
 */
export function runRules(model: Model, rules: readonly Rule[], settings: RuleSettings, focus?: FocusModels, edits = true): RuleRun {
  const findings: RawFinding[] = [];
  const stats: RuleRunStats[] = [];
  const failures: string[] = [];
  for (const rule of rules) {
    if (!settings.enabled(rule)) continue;
    const started = performance.now();
    const before = findings.length;
    const options = settings.optionsFor(rule);
    const scope = rule.meta.scope;
    try {
      rule.check({
        model: !focus || scope === undefined ? model : scope === "object" ? focus.object : focus.subject,
        options,
        report(report) {
          if (focus && elsewhere(report.target, focus.isFile)) return;
          noteRemedyFields(report);
          if (!edits) dropEdits(report);
          findings.push(resolve(rule, report));
        },
      });
    } catch (e) {
      failures.push(`rule ${rule.meta.id} failed: ${(e as Error)?.message ?? String(e)}`);
    }
    stats.push({ ruleId: rule.meta.id, millis: performance.now() - started, findings: findings.length - before });
  }
  return { findings, stats, failures };
}

/**
 * A report's fix and suggestions, in a run that makes no edits: every finding keeps its report until the
 * run ends, and their operations were ~4 MB of a text report's heap at 10,000 resources. A report the
 * rule froze keeps them.
 */
function dropEdits(report: Report): void {
  try {
    if (report.fix !== undefined) report.fix = undefined;
    if (report.suggestions !== undefined) report.suggestions = undefined;
  } catch {
    // Frozen: nothing is dropped.
  }
}

/** A report on a plain file's object or text other than `file` (a rendered object may map into any file). */
function elsewhere(t: Target, isFile: (path: string) => boolean): boolean {
  if ("resource" in t) return t.resource.renderedFrom === undefined && !isFile(t.resource.file.path);
  return !isFile(("document" in t ? t.document.file : t.file).path);
}

/** Turns a report into a finding with its position (the suppression stage reports through it too). */
export function resolve(rule: Rule, report: Report): RawFinding {
  const severity = report.severity ?? rule.meta.severity;
  const t0 = report.target;
  // A finding about a field a patch removed is at the removal (removed-field.ts); its path stays the target's.
  const keyRange = "resource" in t0 ? t0.resource.locator.range(locatedPath(report) ?? t0.path) : rangeOf(t0);
  // A line inside a literal block: there, with the comment that disables it above the key (a comment inside the block is text).
  const inValue =
    report.valueLine !== undefined && !("file" in t0)
      ? "resource" in t0
        ? valueLineRange(keyRange, t0.resource.locator, t0.resource.object, t0.path, report.valueLine)
        : valueLineRange(keyRange, t0.document.locator, t0.document.value, t0.path, report.valueLine)
      : undefined;
  const range = inValue ?? keyRange;
  // Which Kustomize overlay or Helm chart rendered the object is the finding's `units` (lint.ts).
  let message = withoutObjectValues(report.message, report.target);
  if (report.quotes) for (const r of report.quotes) message = withoutObjectValues(message, { resource: r, path: [] });
  let listed: ListedPlaces | undefined;
  if (report.places) {
    const own = `${range.file}:${range.line}`;
    listed = { places: report.places, own, at: message.length + 1, text: placesText(report.places, own) };
    message = `${message} ${listed.text}`;
  }
  const disableAbove = inValue ? keyLineStart(report.target) : writtenAt(reportedLineStart(report.target), report.target, range.line);
  // Two literals rather than a spread of a one-key object: every finding of the run is made here.
  const finding: Finding =
    disableAbove === undefined
      ? { ruleId: rule.meta.id, severity, message, file: range.file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, suppressed: false }
      : { ruleId: rule.meta.id, severity, message, file: range.file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, disableAbove, suppressed: false };
  const t = report.target;
  if ("resource" in t) {
    const r = t.resource;
    finding.resource =
      r.namespace !== undefined ? { apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace } : { apiVersion: r.apiVersion, kind: r.kind, name: r.name };
    const shown = printablePath(t.path);
    finding.path = formatPath(shown);
    finding.objectPath = shown;
  } else if ("document" in t) {
    const shown = printablePath(t.path);
    finding.path = formatPath(shown);
    finding.objectPath = shown;
  }
  const raw: RawFinding = { rule, report, severity, range, finding };
  if (inValue) raw.commentLine = keyRange.line;
  if (listed) raw.listed = listed;
  return raw;
}

/** `application.yml:`: the key a finding inside its block scalar is disabled above. */
function keyLineStart(t: Target): string | undefined {
  if ("file" in t) return undefined;
  const last = t.path[t.path.length - 1];
  return typeof last === "string" ? `${last}:` : undefined;
}

/**
 * What the reported line starts with, when it is not where a reader looks for the finding's subject:
 * for a field that is not written, its closest written ancestor (`securityContext:`, `- args:`); for a
 * list item such as a container, its first field when that is not its name (`- args:` above
 * `name: api`, as generated bundles sort keys). A disable comment must precede that line.
 */
function reportedLineStart(t: Target): string | undefined {
  // A rendered object's keys are in the renderer's order, not in the order of the file people edit.
  if (!("resource" in t) || t.resource.renderedFrom !== undefined) return undefined;
  let node: unknown = t.resource.object;
  let depth = 0;
  for (const seg of t.path) {
    const next = typeof seg === "number" ? (Array.isArray(node) ? node[seg] : undefined) : isRecord(node) ? node[seg] : undefined;
    if (next === undefined || next === null) break;
    node = next;
    depth++;
  }
  if (depth === 0) return undefined;
  const last = t.path[depth - 1];
  if (typeof last === "number") {
    const first = isRecord(node) ? firstKey(node) : undefined;
    return first !== undefined && (first !== "name" || depth < t.path.length) ? `- ${first}:` : undefined;
  }
  return depth < t.path.length ? `${last}:` : undefined;
}

/**
 * The hint only where the reported line reads so: a container written in flow style (`containers:
 * [{image: …, name: …}]`) or as JSON has no `- image:` line to put a comment above.
 */
function writtenAt(start: string | undefined, t: Target, line: number): string | undefined {
  if (start === undefined || !("resource" in t)) return start;
  const { text, lineCounter } = t.resource.file;
  let at = lineCounter.lineStarts[line - 1];
  if (at === undefined) return undefined;
  while (text[at] === " " || text[at] === "\t") at++;
  return text.startsWith(start, at) ? start : undefined;
}

/** Object.keys(o)[0] without the array of every key (a container's, for each finding on one). */
function firstKey(o: Record<string, unknown>): string | undefined {
  for (const k in o) if (Object.hasOwn(o, k)) return k;
  return undefined;
}

export function rangeOf(t: Target): SourceRange {
  if ("resource" in t) return t.resource.locator.range(t.path);
  if ("document" in t) return t.document.locator.range(t.path);
  const s = positionOf(t.file, t.start);
  const e = positionOf(t.file, Math.max(t.start, t.end));
  return { file: t.file.display, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** Applies per-file severity settings: "off" drops a finding, a severity replaces the rule's. */
export function applySeverities(findings: RawFinding[], settings: RuleSettings): RawFinding[] {
  const out: RawFinding[] = [];
  for (const f of findings) {
    const s = settings.severityFor(f.rule.meta.id, f.finding.file);
    if (s === "off") continue;
    if (s !== undefined) {
      f.severity = s;
      f.finding.severity = s;
    }
    out.push(f);
  }
  return out;
}
