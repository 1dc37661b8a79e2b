import fs from "node:fs";
import path from "node:path";
import type { KustomizeGraph } from "./kustomization.js";
import { chartLiteralText } from "./chart-text.js";
import { valuesOf, withoutTemplateValues } from "./helm-failure.js";
import { chartHome, helmCharts } from "./remote-bases.js";

/** What kustomize puts after helm's own message when a helmCharts entry does not render. */
const HELM_RUN = /: unable to run: '[^']*\btemplate\b/;

/**
 * A failed build's message (its verbatim values already hidden) with helm's part treated as a failing
 * chart's message is (src/render/helm-failure.ts): kustomize puts the stderr of the `helm template`
 * it ran for a helmCharts entry first (`<helm's message>: unable to run: '<helm> template …'`), and a
 * template may have computed it from the values kustomize gave (`fail (upper .Values.password)` of a
 * valuesInline password). `roots` are the build's documents, valuesInline among them.
 */
export function withoutInflatedChartValues(message: string, graph: KustomizeGraph, roots: readonly unknown[]): string {
  const run = HELM_RUN.exec(message);
  if (!run) return message;
  const head = message.slice(0, run.index);
  const literal: string[] = [];
  const values: unknown[] = [...roots];
  const seen = new Set<string>();
  for (const chain of graph.chains.values()) {
    for (const k of chain) {
      if (seen.has(k.file)) continue;
      seen.add(k.file);
      const home = path.resolve(k.dir, chartHome(k.value));
      for (const { chart } of helmCharts(k.value)) {
        if (typeof chart.name !== "string") continue;
        // Where kustomize keeps the chart: chartHome/<name>, or chartHome/<name>-<version>/<name> once pulled.
        const dirs = [path.join(home, chart.name), ...(typeof chart.version === "string" ? [path.join(home, `${chart.name}-${chart.version}`, chart.name)] : [])];
        const given = [chart.valuesFile, ...(Array.isArray(chart.additionalValuesFiles) ? chart.additionalValuesFiles : [])].filter((f): f is string => typeof f === "string").map((f) => path.resolve(k.dir, f));
        for (const dir of dirs.filter((d) => fs.existsSync(path.join(d, "Chart.yaml")))) {
          literal.push(chartLiteralText(dir, head));
          values.push(...valuesOf(dir, given));
        }
      }
    }
  }
  return withoutTemplateValues(head, values, literal.join("\n")) + message.slice(run.index);
}
