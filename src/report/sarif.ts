import { wellFormedJson } from "./sanitize.js";
import type { Formatter, FormatContext } from "./formatter.js";
import { severityRank, type RuleMeta, type Severity } from "../types.js";
import type { Finding } from "../engine/finding.js";
import type { FileChange } from "../engine/fix.js";
import { visibleFindings } from "./visible.js";
import { findingSubject } from "./subject.js";
import { ruleHelpUri, HOMEPAGE } from "./links.js";
import { RepoPaths } from "./repo-path.js";
import { fingerprintsOf } from "./fingerprints.js";

/** GitHub code scanning accepts at most this many results per run. */
export const SARIF_MAX_RESULTS = 25_000;
/** Of those, it keeps and shows this many: results come most severe first, so these are the worst. */
export const SARIF_KEPT_RESULTS = 5_000;
/**
 * The partialFingerprints key: line-free, so an alert survives edits above it with any uploader. v2
 * names list items (a container by its name, a capability by itself): under v1's positions a new item
 * in front took over the alert state (dismissed, say) of the one it displaced.
 */
export const FINGERPRINT_KEY = "k8slint/v2";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/**
 * SARIF 2.1.0 for GitHub code scanning. Deterministic: no timestamps, findings in a fixed order (most
 * severe first, then by file and position), so two runs over the same tree produce identical files.
 * Each result has a partialFingerprint from its rule, file, object and field (as the baseline keys
 * findings), not its line; the upload action adds its own line-based hash beside it.
 */
export const sarifFormatter: Formatter = {
  name: "sarif",
  format(ctx, warn): string {
    const rules = [...ctx.rules.values()];
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const paths = new RepoPaths(ctx);
    let findings = bySeverity(visibleFindings(ctx).filter((f) => !f.suppressed || ctx.sarifIncludeSuppressed));
    if (findings.length > SARIF_MAX_RESULTS) {
      warn(`SARIF output truncated to ${SARIF_MAX_RESULTS} of ${findings.length} results (GitHub code scanning's limit per run)`);
      findings = findings.slice(0, SARIF_MAX_RESULTS);
    } else if (findings.length > SARIF_KEPT_RESULTS) {
      warn(`${findings.length} SARIF results: GitHub code scanning keeps only the first ${SARIF_KEPT_RESULTS} of a run (the most severe come first)`);
    }
    const fingerprints = fingerprintsOf(findings, paths);
    const run: Record<string, unknown> = {
      tool: {
        driver: {
          name: "k8slint",
          semanticVersion: ctx.toolVersion,
          version: ctx.toolVersion,
          informationUri: HOMEPAGE,
          rules: rules.map(sarifRule),
        },
      },
      ...(ctx.sarifCategory ? { automationDetails: { id: `${ctx.sarifCategory.replace(/\/+$/, "")}/` } } : {}),
      // Columns are offsets in JavaScript strings, i.e. UTF-16 code units.
      columnKind: "utf16CodeUnits",
      results: findings.map((f, i) => sarifResult(f, ruleIndex.get(f.ruleId), ctx, paths, fingerprints[i])),
    };
    const log = {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [run],
    };
    return wellFormedJson(JSON.stringify(log, null, 2)) + "\n";
  },
};

/** Categories GitHub should list under security alerts: they need a security-severity. */
const SECURITY_CATEGORIES = new Set(["security", "secrets", "rbac"]);

/** security-severity for a security rule that does not set one: GitHub's high / medium / low bands. */
const DEFAULT_SECURITY_SEVERITY: Record<Severity, number> = { error: 7.0, warning: 5.0, info: 3.0 };

function sarifRule(meta: RuleMeta): Record<string, unknown> {
  const tags = [meta.category];
  const security = meta.securitySeverity !== undefined || SECURITY_CATEGORIES.has(meta.category);
  if (security && !tags.includes("security")) tags.push("security");
  const props: Record<string, unknown> = { tags, precision: "very-high" };
  if (security) props["security-severity"] = (meta.securitySeverity ?? DEFAULT_SECURITY_SEVERITY[meta.severity]).toFixed(1);
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: helpText(meta), markdown: helpMarkdown(meta) },
    ...(ruleHelpUri(meta) ? { helpUri: ruleHelpUri(meta) } : {}),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: props,
  };
}

function helpText(meta: RuleMeta): string {
  return `${meta.description}\n\nWhy: ${meta.rationale}\n\nFix: ${meta.remediation}`;
}

function helpMarkdown(meta: RuleMeta): string {
  const parts = [`**${meta.title}**`, "", meta.description, "", `**Why:** ${meta.rationale}`, "", `**Fix:** ${meta.remediation}`];
  if (meta.examples?.good) parts.push("", "Example:", "", "```yaml", meta.examples.good.trimEnd(), "```");
  return parts.join("\n");
}

function sarifResult(f: Finding, index: number | undefined, ctx: FormatContext, paths: RepoPaths, fingerprint: string): Record<string, unknown> {
  const subject = findingSubject(f);
  // The first sentence names the object (GitHub shows it as the alert's title); the fix follows.
  const sentence = /[.!?]$/.test(f.message) ? f.message : `${f.message}.`;
  const text = subject ? `${subject}: ${sentence}` : sentence;
  const fix = ctx.rules.get(f.ruleId)?.remediation;
  const result: Record<string, unknown> = {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[f.severity],
    message: { text: fix ? `${text} ${fix}` : text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file, paths), uriBaseId: "%SRCROOT%" },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column : 1) },
        },
        ...(f.resource
          ? {
              logicalLocations: [
                {
                  name: f.resource.name || "<unnamed>",
                  fullyQualifiedName: `${f.resource.kind}/${f.resource.namespace ? f.resource.namespace + "/" : ""}${f.resource.name}${f.path ? "/" + f.path : ""}`,
                  kind: "object",
                },
              ],
            }
          : {}),
      },
    ],
  };
  result.partialFingerprints = { [FINGERPRINT_KEY]: fingerprint };
  if (f.suppressed) result.suppressions = [{ kind: "inSource", justification: f.justification ?? "" }];
  // One result per problem: the Kustomize roots, Helm charts or variants that produced it.
  if (f.units) result.properties = { units: f.units };
  const changes = [...(f.fix ? [{ change: f.fix, label: "" }] : []), ...(f.suggestions ?? []).map((change) => ({ change, label: "Suggestion (review before applying): " }))];
  if (changes.length > 0) result.fixes = changes.map(({ change, label }) => sarifFix(change, label, paths));
  return result;
}

/** Active findings before suppressed ones, errors before warnings before infos; otherwise in file order. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.suppressed ? -1 : severityRank(f.severity));
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank(b.f) - rank(a.f) || a.i - b.i).map((x) => x.f);
}

/**
 * A fix as SARIF's artifactChanges: each edit replaces a region (empty for an insertion) with new text.
 * A change that creates a file is an artifactChange for the new artifact, its text inserted at 1:1 of
 * the empty file; the other files the change edits (the kustomization that lists it) follow.
 */
function sarifFix(change: FileChange, label: string, paths: RepoPaths): Record<string, unknown> {
  return {
    description: { text: `${label}${change.description}` },
    artifactChanges: [change, ...(change.also ?? [])].map((c) => ({
      // The file the edits are in: a rendered object's fix edits its base, which the finding may not point into.
      artifactLocation: { uri: artifactUri(c.display, paths), uriBaseId: "%SRCROOT%" },
      replacements: c.edits.map((e) => ({
        deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
        insertedContent: { text: e.text },
      })),
    })),
  };
}

/** A URI relative to the repository root, with forward slashes and percent-encoding. */
function artifactUri(file: string, paths: RepoPaths): string {
  return paths.segments(file).map(encodeURIComponent).join("/");
}

function pascal(id: string): string {
  return id
    .split(/[-_]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}
