import { wellFormedJson } from "./sanitize.js";
import type { FileChange } from "../engine/fix.js";
import type { Formatter } from "./formatter.js";
import { visibleFindings } from "./visible.js";
import { findingsByRule } from "./rule-counts.js";

/** Version of the JSON report's shape; bumped on any incompatible change. */
export const JSON_FORMAT_VERSION = 1;

/** Machine output, documented in the README: stable keys, one object per finding. */
export const jsonFormatter: Formatter = {
  name: "json",
  format(ctx): string {
    const results = visibleFindings(ctx).map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      // Keys in a fixed order; namespace is null for cluster-scoped objects.
      resource: f.resource ? { apiVersion: f.resource.apiVersion, kind: f.resource.kind, namespace: f.resource.namespace ?? null, name: f.resource.name } : null,
      path: f.path ?? null,
      ...(f.units ? { units: f.units } : {}),
      suppressed: f.suppressed,
      ...(f.suppressed ? { justification: f.justification ?? null } : {}),
      remediation: ctx.rules.get(f.ruleId)?.remediation ?? null,
      // Edits in the file: 1-based line and column (UTF-16) of where each replaced text starts and ends.
      fix: f.fix ? jsonChange(f.fix) : null,
      suggestions: (f.suggestions ?? []).map(jsonChange),
      ...(f.noFix ? { noFix: f.noFix } : {}),
    }));
    const s = ctx.result.summary;
    return (
      wellFormedJson(JSON.stringify(
        {
          version: JSON_FORMAT_VERSION,
          tool: { name: "k8slint", version: ctx.toolVersion },
          results,
          summary: {
            files: s.files,
            resources: s.resources,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            suppressed: s.suppressed,
            baselined: s.baselined,
            skipped: s.skipped,
            ...(s.notValidated !== undefined ? { notValidated: s.notValidated } : {}),
            notices: ctx.result.notices,
            // The text report's table: active findings per rule, most first.
            byRule: findingsByRule(visibleFindings(ctx)).map((r) => ({ ruleId: r.ruleId, count: r.count, errors: r.error, warnings: r.warning, infos: r.info })),
          },
        },
        null,
        2,
      )) + "\n"
    );
  },
};

interface JsonChange {
  description: string;
  file: string;
  edits: Array<{ start: { line: number; column: number }; end: { line: number; column: number }; text: string }>;
  create?: true;
  also?: JsonChange[];
}

/**
 * A fix or suggestion: `file` is the file its edits are in (a rendered object's fix edits the base it
 * comes from, not always the file the finding points into); `create` when the change makes that file
 * (its one edit is the whole text), `also` the same change's edits to other files.
 */
function jsonChange(c: FileChange): JsonChange {
  return {
    description: c.description,
    file: c.display,
    edits: c.edits.map((e) => ({ start: { line: e.line, column: e.column }, end: { line: e.endLine, column: e.endColumn }, text: e.text })),
    ...(c.create ? { create: true as const } : {}),
    ...(c.also ? { also: c.also.map(jsonChange) } : {}),
  };
}
