import fs from "node:fs";
import path from "node:path";
import { readBoundedText } from "../load/read-bounded.js";
import { chartTemplateFiles } from "./helm.js";

/** Bounds on what is read of a chart for a failure's message: a hostile chart cannot make it slow. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;
const MAX_DEPTH = 10;

/** A template's place as Helm names it (`web/templates/x.yaml`, `web/charts/db/templates/_h.tpl`), with its `:line:column`. */
const PLACE = /[^\s:()"'<>]+\/templates\/[^\s:()"'<>]+(?::\d+)*/g;

/**
 * The text a chart's authors wrote, for a `helm template` failure's message (`fail`, `required`):
 * the templates and helpers of the chart and of its unpacked subcharts, Chart.yaml and
 * values.schema.json, and the places of those templates the message names. Text in it was written,
 * not computed from a value; its values files are not in it. Packed subcharts (charts/*.tgz) are not
 * read: a token only they wrote that could be a credential is hidden.
 */
export function chartLiteralText(chartDir: string, message: string): string {
  const parts: string[] = [];
  const written = new Set<string>();
  let total = 0;
  const add = (file: string) => {
    if (total >= MAX_TOTAL_BYTES) return;
    try {
      const text = readBoundedText(file, MAX_FILE_BYTES);
      total += text.length;
      parts.push(text);
    } catch {
      // Not there, or not a regular file: nothing of it was written.
    }
  };
  const walk = (dir: string, depth: number) => {
    add(path.join(dir, "Chart.yaml"));
    add(path.join(dir, "values.schema.json"));
    for (const file of chartTemplateFiles(dir)) {
      written.add(file);
      add(file);
    }
    if (depth >= MAX_DEPTH) return;
    let subcharts: fs.Dirent[] = [];
    try {
      subcharts = fs.readdirSync(path.join(dir, "charts"), { withFileTypes: true });
    } catch {
      // No subcharts.
    }
    for (const e of subcharts) if (e.isDirectory()) walk(path.join(dir, "charts", e.name), depth + 1);
  };
  walk(chartDir, 0);
  // Helm names a template by the chart's name and its path in the chart (`web/templates/x.yaml:3:4`).
  for (const [place] of message.matchAll(PLACE)) {
    const file = path.join(chartDir, place.replace(/(:\d+)+$/, "").split("/").slice(1).join("/"));
    if (written.has(file)) parts.push(place);
  }
  return parts.join("\n");
}
