import fs from "node:fs";
import path from "node:path";
import type { Formatter, FormatContext } from "./formatter.js";
import type { RuleMeta, Severity } from "../types.js";
import type { Finding } from "../engine/finding.js";
import { visibleFindings } from "./visible.js";
import { findingSubject } from "./subject.js";
import { ruleHelpUri, HOMEPAGE } from "./links.js";

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
    const base = uriBase(ctx);
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
      // Columns are offsets in JavaScript strings, i.e. UTF-16 code units.
      columnKind: "utf16CodeUnits",
      results: findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId), ctx, base)),
    };
    const log = {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [run],
    };
    return JSON.stringify(log, null, 2) + "\n";
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

function sarifResult(f: Finding, index: number | undefined, ctx: FormatContext, base: UriBase): Record<string, unknown> {
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
          artifactLocation: { uri: artifactUri(f.file, ctx, base), uriBaseId: "%SRCROOT%" },
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
  // One result per problem: the Kustomize roots, Helm charts or variants that produced it.
  if (f.units) result.properties = { units: f.units };
  return result;
}

/**
 * Where each file's URI is rooted: the repository root (what code scanning resolves %SRCROOT% to) for
 * files inside it; for a file linted from outside it (`k8slint ../other/k8s`), the git top level above
 * that file, else the filesystem root. So a URI is never absolute, never climbs with "..", and does not
 * depend on which other files were linted.
 */
class UriBase {
  private readonly tops = new Map<string, string>();
  constructor(readonly root: string) {}

  rootFor(abs: string): string {
    if (isInside(this.root, abs)) return this.root;
    const dir = path.dirname(abs);
    let top = this.tops.get(dir);
    if (top === undefined) {
      top = gitTopLevel(dir) ?? path.parse(abs).root;
      this.tops.set(dir, top);
    }
    return top;
  }
}

function uriBase(ctx: FormatContext): UriBase {
  return new UriBase(ctx.repoRoot);
}

function gitTopLevel(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** A URI relative to its root, with forward slashes and percent-encoding. */
function artifactUri(file: string, ctx: FormatContext, base: UriBase): string {
  // Standard input and named sources (`<k8s/app.yaml>`): the name itself, slashes kept.
  if (file.startsWith("<")) return file.replace(/^<|>$/g, "").split("/").map(encodeURIComponent).join("/");
  const abs = path.resolve(ctx.result.cwd, file);
  return path
    .relative(base.rootFor(abs), abs)
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
