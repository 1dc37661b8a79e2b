import path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import type { InputProblem } from "../model/model.js";
import type { SourceFile } from "../load/source-file.js";
import { readBoundedText } from "../load/read-bounded.js";
import { unsafeValues, valueHint, withoutComputedTokens, withoutValuesOf } from "../engine/message-values.js";
import { chartLiteralText } from "./chart-text.js";
import { firstMeaningfulLine } from "./tool.js";
import { templateText } from "./helm.js";
import { withoutUrlCredentials } from "./remote-bases.js";

/**
 * A chart `helm template` could not render, as a finding of the helm-template rule: at the template
 * and line Helm names (`template: web/templates/deploy.yaml:12:20: executing …`, `execution error at
 * (web/templates/x.yaml:3:4): …`, `parse error at (web/templates/x.yaml:5): …`, `YAML parse error on
 * web/templates/x.yaml: … line 4: …`), else at Chart.yaml. Dependencies not yet fetched
 * (`helm dependency build`) are the checkout's state, not a fault of the chart: kind helm-dependencies.
 */
export function helmFailureProblem(chartDir: string, message: string, display: (file: string) => string, values: readonly string[] = []): InputProblem {
  const kind = /missing in charts\/ directory|helm dependency (build|update)|no repository definition/i.test(message) ? "helm-dependencies" : "helm-template";
  // Helm may quote a value it could not use: a message of the dependencies' is Helm's own text about
  // Chart.yaml, and loses the values it repeats; one of the templates' a template may have computed
  // (`fail (upper .Values.password)`, `required`): what the chart's authors wrote stays, a value (as
  // written, transformed, or a piece of one) does not. A chart repository's URL loses the credentials
  // Chart.yaml may hold in it.
  const first = firstMeaningfulLine(message).replace(/^Error:\s*/, "");
  const roots = valuesOf(chartDir, values);
  const literal = kind === "helm-template" ? chartLiteralText(chartDir, first) : "";
  const text = withoutUrlCredentials(kind === "helm-template" ? withoutTemplateValues(first, roots, literal) : withoutValuesOf(first, roots));
  const at = namedPlace(message, chartDir);
  const file = at ? templateText(at.file, display)?.file : undefined;
  const chart = file ?? templateText(path.join(chartDir, "Chart.yaml"), display)?.file ?? { path: chartDir, display: display(chartDir), text: "", lineCounter: new LineCounter() };
  const start = file && at ? offsetOf(file, at.line, at.column) : 0;
  const end = file ? lineEnd(file.text, start) : 0;
  const what = kind === "helm-dependencies" ? "helm template cannot render the chart before its dependencies are fetched (helm dependency build)" : "helm template failed";
  return { kind, message: `${what}: ${text}`, start, end, file: chart };
}

/** The template file and 1-based line and column Helm's message names, when it is inside the chart. */
function namedPlace(message: string, chartDir: string): { file: string; line: number; column: number } | undefined {
  const m =
    /template: ([^\s:]+\/templates\/[^\s:]+):(\d+):(\d+)/.exec(message) ??
    /error at \(([^\s:)]+\/templates\/[^\s:)]+):(\d+)(?::(\d+))?\)/.exec(message) ??
    /YAML parse error on ([^\s:]+\/templates\/[^\s:]+):[^\n]*?line (\d+)/.exec(message);
  if (!m) return undefined;
  // "<chart>/templates/x.yaml" (or "<chart>/charts/<sub>/templates/x.yaml"): relative to the chart directory.
  const file = path.join(chartDir, m[1].split("/").slice(1).join("/"));
  if (!file.startsWith(chartDir + path.sep)) return undefined;
  return { file, line: Number(m[2]), column: Number(m[3] ?? 1) };
}

/**
 * Text a template computed from `roots` (parsed values files) with no form of their values in it:
 * tokens that could be credentials are hidden unless the chart's authors wrote them (`literal`, from
 * chartLiteralText), and so are pieces of credential-like values.
 */
export function withoutTemplateValues(text: string, roots: readonly unknown[], literal: string): string {
  return withoutValuePieces(withoutComputedTokens(text, roots, literal), roots, literal);
}

/**
 * `text` without the pieces a template cut from a credential-like value (`trunc 6`, `substr`), in any
 * case (`upper`): too short to be hidden as a credential of their own, still part of one. A piece is a
 * run of letters and digits; one the chart's authors wrote (`literal`) is theirs, and a hint already
 * made stays as it is.
 */
function withoutValuePieces(text: string, roots: readonly unknown[], literal: string): string {
  const values: string[] = [];
  for (const root of roots) if (root !== null && typeof root === "object") for (const v of unsafeValues(root)) values.push(v.toLowerCase());
  if (values.length === 0) return text;
  return text.replace(PIECE, (piece) => {
    if (piece.startsWith("<") || literal.includes(piece)) return piece;
    const lower = piece.toLowerCase();
    return values.some((v) => v.includes(lower)) ? valueHint(piece) : piece;
  });
}
/** A hint (kept), or a run of letters and digits long enough to tell something of a value. */
const PIECE = /<value of \d+ characters>|[\p{L}\p{N}]{4,}/gu;

/** The chart's values files (values.yaml and those given with --helm-values), parsed: what a message must not repeat. */
export function valuesOf(chartDir: string, given: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const file of [path.join(chartDir, "values.yaml"), ...given]) {
    try {
      for (const d of parseAllDocuments(readBoundedText(file, MAX_VALUES_BYTES))) out.push(d.toJS({ maxAliasCount: 100 }));
    } catch {
      // No such file, or not YAML: nothing to hide from it.
    }
  }
  return out;
}
const MAX_VALUES_BYTES = 4 * 1024 * 1024;

/** The offset of a 1-based line and column, clamped to its line (and to the text). */
function offsetOf(file: SourceFile, line: number, column: number): number {
  const starts = file.lineCounter.lineStarts;
  const index = Math.max(1, line) - 1;
  if (index >= starts.length) return file.text.length;
  const at = starts[index];
  return Math.min(at + Math.max(0, column - 1), lineEnd(file.text, at));
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl === -1 ? text.length : nl;
}
