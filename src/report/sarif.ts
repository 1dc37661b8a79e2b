import path from "node:path";
import type { Formatter, FormatContext } from "./formatter.js";
import type { RuleMeta, Severity } from "../types.js";
import type { Finding } from "../engine/finding.js";
import { visibleFindings } from "./visible.js";
import { ruleDocUrl, HOMEPAGE } from "./links.js";

/** GitHub code scanning accepts at most this many results per run. */
export const SARIF_MAX_RESULTS = 25_000;

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/**
 * SARIF 2.1.0 for GitHub code scanning. Deterministic: no timestamps, findings in a fixed order, so
 * two runs over the same tree produce identical files. No partialFingerprints: the upload action
 * computes primaryLocationLineHash itself from startLine.
 */
export const sarifFormatter: Formatter = {
  name: "sarif",
  format(ctx, warn): string {
    const rules = [...ctx.rules.values()];
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    let findings = visibleFindings(ctx).filter((f) => !f.suppressed || ctx.sarifIncludeSuppressed);
    if (findings.length > SARIF_MAX_RESULTS) {
      warn(`SARIF output truncated to ${SARIF_MAX_RESULTS} of ${findings.length} results (GitHub code scanning's limit per run)`);
      findings = findings.slice(0, SARIF_MAX_RESULTS);
    }
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
      columnKind: "unicodeCodePoints",
      results: findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId), ctx)),
    };
    const log = {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [run],
    };
    return JSON.stringify(log, null, 2) + "\n";
  },
};

function sarifRule(meta: RuleMeta): Record<string, unknown> {
  const tags = [meta.category];
  if (meta.securitySeverity !== undefined && !tags.includes("security")) tags.push("security");
  const props: Record<string, unknown> = { tags, precision: "very-high" };
  if (meta.securitySeverity !== undefined) props["security-severity"] = meta.securitySeverity.toFixed(1);
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: helpText(meta), markdown: helpMarkdown(meta) },
    helpUri: ruleDocUrl(meta.id),
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

function sarifResult(f: Finding, index: number | undefined, ctx: FormatContext): Record<string, unknown> {
  const subject = f.resource ? `${f.resource.kind} ${f.resource.namespace ? f.resource.namespace + "/" : ""}${f.resource.name}` : undefined;
  const text = subject ? `${subject}: ${f.message}.` : `${f.message}.`;
  const fix = ctx.rules.get(f.ruleId)?.remediation;
  const result: Record<string, unknown> = {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[f.severity],
    message: { text: fix ? `${text} ${fix}` : text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file, ctx), uriBaseId: "%SRCROOT%" },
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
  if (f.suppressed) result.suppressions = [{ kind: "inSource", justification: f.justification ?? "" }];
  return result;
}

/** A URI relative to the repository root, with forward slashes and percent-encoding. */
function artifactUri(file: string, ctx: FormatContext): string {
  if (file.startsWith("<")) return encodeURI(file.replace(/[<>]/g, ""));
  const abs = path.resolve(ctx.result.cwd, file);
  let rel = path.relative(ctx.repoRoot, abs);
  if (rel.startsWith("..") || path.isAbsolute(rel)) rel = abs;
  return rel
    .split(path.sep)
    .map((seg) => encodeURIComponent(seg))
    .join("/");
}

function pascal(id: string): string {
  return id
    .split(/[-_]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}
