import path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import type { InputProblem } from "../model/model.js";
import type { SourceFile } from "../load/source-file.js";
import { readBoundedText } from "../load/read-bounded.js";
import { withoutValuesOf } from "../engine/message-values.js";
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
  // Helm may quote a value it could not use (`fail` with .Values.password): hidden as a finding's message hides its object's values;
  // and a chart repository's URL, with the credentials Chart.yaml may hold in it.
  const text = withoutUrlCredentials(withoutValuesOf(firstMeaningfulLine(message).replace(/^Error:\s*/, ""), valuesOf(chartDir, values)));
  const kind = /missing in charts\/ directory|helm dependency (build|update)|no repository definition/i.test(message) ? "helm-dependencies" : "helm-template";
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

/** The chart's values files (values.yaml and those given with --helm-values), parsed: what a message must not repeat. */
function valuesOf(chartDir: string, given: readonly string[]): unknown[] {
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
