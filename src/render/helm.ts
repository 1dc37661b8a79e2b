import fs from "node:fs";
import path from "node:path";
import { LineCounter } from "yaml";
import type { ObjectPath, SourceRange } from "../types.js";
import { parseSource } from "../load/parse.js";
import { scalarLine } from "../load/scalar-line.js";
import { escapeRegExp } from "../escape-regexp.js";
import type { SourceFile } from "../load/source-file.js";
import { positionOf } from "../load/source-file.js";
import type { ResourceSource } from "../model/model.js";
import type { KubeObject, ResourceLocator } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import { realPath } from "./source-cache.js";
import { CHART_FILE } from "./root-files.js";
import { existingDepth } from "./path-match.js";
import { findExecutable, runTools, type ToolJob, type ToolRun } from "./tool.js";

/** True when a directory is a Helm chart. */
export function isChartDir(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, CHART_FILE)).isFile();
  } catch {
    return false;
  }
}

/** helm named with --helm-bin, else helm on PATH. */
export function findHelm(explicit?: string): string | undefined {
  return findExecutable(explicit ?? "helm");
}

/** Every file under a chart's templates/ directory (Go templates, helpers, NOTES.txt): never parsed as YAML. */
export function chartTemplateFiles(chartDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 20) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, depth + 1);
      else if (e.isFile() || e.isSymbolicLink()) out.push(full);
    }
  };
  walk(path.join(chartDir, "templates"), 0);
  return out;
}

export interface HelmSettings {
  bin: string;
  release: string;
  namespace: string;
  values: string[];
  timeoutMs: number;
  cwd: string;
  display: (file: string) => string;
}

export type ChartRender = { ok: true; sources: ResourceSource[] } | { ok: false; message: string };

/**
 * `helm template` of one chart. Each rendered object maps to the template named by the `# Source:`
 * comment Helm writes above it; positions are that template's matching `kind:` line, since the
 * template text is not YAML and fields cannot be followed into it.
 */
export function renderChartsWithHelm(charts: ReadonlyArray<{ dir: string; label: string }>, settings: HelmSettings): ChartRender[] {
  const runs = runTools(charts.map((c) => helmJob(c.dir, settings)));
  return charts.map((c, i) => renderedChart(c.dir, runs[i], settings, c.label));
}

function helmJob(chartDir: string, settings: HelmSettings): ToolJob {
  // Test hooks (templates/tests/) run only on `helm test`: they are not what an install applies.
  const args = ["template", settings.release, chartDir, "--namespace", settings.namespace, "--skip-tests"];
  for (const v of settings.values) args.push("--values", path.resolve(settings.cwd, v));
  return { bin: settings.bin, args, cwd: settings.cwd, timeoutMs: settings.timeoutMs };
}

function renderedChart(chartDir: string, run: ToolRun, settings: HelmSettings, label: string): ChartRender {
  if (!run.ok) return { ok: false, message: run.message };
  const text = run.stdout;
  const parsed = parseSource({ path: `<helm template ${label}>`, display: `<helm template ${label}>`, text });
  const sourceMarks: Array<{ at: number; source: string }> = [];
  for (const m of text.matchAll(/^# Source: (.+)$/gm)) sourceMarks.push({ at: m.index ?? 0, source: m[1].trim() });
  const templates = new Map<string, TemplateText | undefined>();
  const seen = new Map<string, number>();
  const chartFile = templateText(realPath(path.join(chartDir, CHART_FILE)), settings.display);
  const sources: ResourceSource[] = [];
  for (const d of parsed.documents) {
    if (d.broken || !isRecord(d.value) || typeof d.value.kind !== "string" || typeof d.value.apiVersion !== "string") continue;
    const object = d.value as KubeObject;
    const start = d.start;
    let mark: string | undefined;
    for (const s of sourceMarks) if (s.at < start) mark = s.source;
    let tmpl: TemplateText | undefined;
    if (mark) {
      // "<chart>/templates/x.yaml" (or "<chart>/charts/<sub>/templates/x.yaml"): relative to the chart directory.
      const rel = mark.split("/").slice(1).join("/");
      const file = path.join(chartDir, rel);
      if (!templates.has(file)) templates.set(file, file.startsWith(chartDir + path.sep) ? templateText(file, settings.display) : undefined);
      tmpl = templates.get(file);
    }
    const target = tmpl ?? chartFile;
    if (!target) continue;
    const key = `${target.file.path}\u0000${object.kind}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    const locator = templateLocator(target, object, tmpl ? nth : -1);
    sources.push({ file: target.file, docIndex: d.index, object, locator, renderedFrom: `helm ${label}` });
  }
  return { ok: true, sources };
}

interface TemplateText {
  file: SourceFile;
}

export function templateText(file: string, display: (f: string) => string): TemplateText | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
  return { file: { path: file, display: display(file), text, lineCounter } };
}

/**
 * Findings on a rendered object point into its template: the object is found by its `kind:` line (the
 * nth object of that kind there), then the path is followed through the literal keys written in the
 * template, each within the block of the one before (and into the first item of a list only), as far as
 * it can be: fields that come from `{{ toYaml … }}` or a loop stop at the last key written out.
 */
function templateLocator(t: TemplateText, object: KubeObject, nth: number): ResourceLocator {
  const text = t.file.text;
  let kindAt: { start: number; end: number; sectionEnd: number } | null | undefined;
  const findKind = () => {
    if (kindAt !== undefined) return kindAt;
    kindAt = null;
    if (nth < 0) return kindAt;
    const kind = object.kind.replace(/[^A-Za-z0-9]/g, "");
    const hits = [...text.matchAll(scalarLine("kind", kind, "gm"))];
    const hit = hits[Math.min(nth, hits.length - 1)];
    if (!hit) return kindAt;
    const at = hit.index ?? 0;
    const next = /^---/gm;
    next.lastIndex = at;
    const sep = next.exec(text);
    kindAt = { start: at + hit[0].indexOf("kind"), end: at + hit[0].trimEnd().length, sectionEnd: sep ? sep.index : text.length };
    return kindAt;
  };
  const toRange = (start: number, end: number): SourceRange => {
    const s = positionOf(t.file, start);
    const e = positionOf(t.file, end);
    return { file: t.file.display, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };
  return {
    file: t.file,
    range(p: ObjectPath): SourceRange {
      const k = findKind();
      if (!k) return toRange(0, 0);
      let start = k.start;
      let end = k.end;
      let from = k.end;
      let to = k.sectionEnd;
      let indent = -1;
      // Points at a line (an item by its first line, `- name: web`, as in a plain manifest) and enters its block.
      const enter = (hit: LineHit, level: number, item: boolean) => {
        start = hit.keyStart;
        end = hit.lineEnd;
        from = item ? hit.index : hit.lineEnd;
        to = Math.min(to, blockEnd(text, hit.lineEnd, level, item));
        indent = level;
      };
      const depth = existingDepth(object, p);
      for (let i = 0; i < depth; i++) {
        const seg = p[i];
        if (typeof seg === "number") {
          // Only the first item: later ones may come from a {{ range }} loop.
          const item = seg === 0 ? lineMatch(text, /^([ \t]*)-[ \t]/gm, from, to) : undefined;
          if (!item || item.indent <= indent) break;
          enter(item, item.indent, true);
        } else {
          const key = lineMatch(text, new RegExp(`^([ \\t]*)(?:-[ \\t]+)?["']?${escapeRegExp(seg)}["']?[ \\t]*:`, "gm"), from, to);
          if (!key || key.keyIndent <= indent) break;
          enter(key, key.keyIndent, false);
        }
      }
      return toRange(start, end);
    },
  };
}

interface LineHit {
  index: number;
  /** Indentation of the line (of the dash, for a list item). */
  indent: number;
  /** Column of the key itself (after a dash). */
  keyIndent: number;
  keyStart: number;
  lineEnd: number;
  dash: boolean;
}

/** The first line in [from, to) matching a line pattern (group 1: the indentation). */
function lineMatch(text: string, re: RegExp, from: number, to: number): LineHit | undefined {
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m || m.index >= to) return undefined;
  const indent = m[1].length;
  const rest = m[0].slice(indent);
  const dash = rest.startsWith("-");
  const keyIndent = dash ? indent + (rest.length - rest.replace(/^-[ \t]+/, "").length) : indent;
  let lineEnd = text.indexOf("\n", m.index);
  if (lineEnd === -1) lineEnd = text.length;
  while (lineEnd > m.index && /\s/.test(text[lineEnd - 1])) lineEnd--;
  return { index: m.index, indent, keyIndent, keyStart: m.index + keyIndent, lineEnd, dash };
}

/**
 * Where the block under a line ends: the next line indented no deeper than it (or, for a list item,
 * the next item at its indentation). Template actions and comments on their own line do not end it.
 */
function blockEnd(text: string, from: number, indent: number, item: boolean): number {
  const re = /^([ \t]*)(\S.*)$/gm;
  re.lastIndex = from + 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    if (body.startsWith("{{") || body.startsWith("#")) continue;
    const ind = m[1].length;
    if (ind < indent) return m.index;
    // At the same indentation: the next item ends an item; only a list written flush with its key continues a key's block.
    if (ind === indent && (item || !body.startsWith("-"))) return m.index;
  }
  return text.length;
}
