import fs from "node:fs";
import path from "node:path";
import { LineCounter } from "yaml";
import type { InputProblem } from "../model/model.js";
import type { Kustomization } from "./kustomization.js";
import type { SourceCache } from "./source-cache.js";
import { isRecord } from "../model/pod-spec.js";
import { generatorEntries } from "../model/generator-sources.js";

/**
 * Remote Kustomize bases, found in the kustomization before anything is built: `kubectl kustomize`
 * fetches them (git clone, HTTP, DNS), and k8slint promises to run offline, so a pull request could
 * otherwise make CI fetch any URL. They are built only when the user opts in (--allow-remote-bases,
 * or `allowRemoteBases: true` in the config).
 */

/** Fields whose entries kustomize loads, and may fetch. */
export const LOADED_FIELDS = ["resources", "bases", "components", "configurations", "crds", "transformers", "generators", "validators"] as const;

/** A remote entry of a kustomization: where it is written, and the URL to show. */
export interface RemoteEntry {
  field: string;
  index: number;
  /** A base (resources, components…: a git clone or a download), one file (a patch, a generator's input) or a Helm chart (helmCharts' repo). */
  what: "base" | "file" | "chart";
  /** The entry as written. */
  entry: string;
  /** The entry without credentials, for messages. */
  shown: string;
}

/**
 * Whether a kustomization entry names something kustomize would fetch: a URL with a scheme
 * (https://, ssh://, git::, file:// is local but cloned as git), scp-style `git@host:repo`, the hosts
 * kustomize knows (github.com/…, gitlab.com/…), `gh:`, a `?ref=`, or a host-like first segment
 * (`example.com/org/repo`) that is not a local file or directory.
 */
export function isRemoteEntry(entry: string, dir?: string): boolean {
  const e = entry.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e) || /^git::/i.test(e) || /^gh:/i.test(e)) return true;
  if (/^[\w.-]+@[\w.-]+:/.test(e)) return true;
  if (/^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com|ssh\.dev\.azure\.com)\//i.test(e)) return true;
  if (/[?&](ref|version|timeout|submodules)=/.test(e) || /\.git(\/\/|$|\?)/.test(e)) return true;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?\//i.test(e)) return dir === undefined || !fs.existsSync(path.resolve(dir, e));
  return false;
}

/** The entry without user, password or token: `https://user:token@host/x` → `https://…@host/x`. */
export function shownUrl(entry: string): string {
  return withoutUrlCredentials(entry.trim());
}

/**
 * `text` with the user, password or token of every URL in it hidden: a tool's error quotes the URL it
 * fetched (git's command line), which is not the entry as written, so not found among its values.
 */
export function withoutUrlCredentials(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"`]*@/gi, "$1…@")
    .replace(/([?&](?:token|access_token|private_token|password|key)=)[^&\s'"`]*/gi, "$1…");
}

/** Every remote entry of a kustomization's loaded fields, in field order, then the remote files it names. */
export function remoteEntries(value: Record<string, unknown>, dir: string): RemoteEntry[] {
  const out: RemoteEntry[] = [];
  for (const field of LOADED_FIELDS) {
    const list = value[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (typeof entry === "string" && entry.trim() !== "" && isRemoteEntry(entry, dir)) out.push({ field, index, what: "base", entry, shown: shownUrl(entry) });
    });
  }
  for (const f of fileEntries(value)) {
    const url = f.entry.slice(f.entry.indexOf("=") + 1).trim();
    if (REMOTE_FILE.test(url)) out.push({ ...f, what: "file", shown: shownUrl(url) });
  }
  for (const c of helmCharts(value)) {
    if (typeof c.chart.repo !== "string" || c.chart.repo.trim() === "" || typeof c.chart.name !== "string") continue;
    // kustomize pulls a chart (helm pull) only when chartHome does not hold it yet.
    const home = path.resolve(dir, chartHome(value));
    const version = typeof c.chart.version === "string" ? c.chart.version : undefined;
    const local = [path.join(home, c.chart.name), ...(version ? [path.join(home, `${c.chart.name}-${version}`, c.chart.name)] : [])];
    if (local.some((d) => fs.existsSync(d))) continue;
    out.push({ field: "helmCharts", index: c.index, what: "chart", entry: c.chart.repo, shown: `${shownUrl(c.chart.repo)} (${c.chart.name})` });
  }
  return out;
}

/** The helmCharts entries of a kustomization, with their index. */
export function helmCharts(value: Record<string, unknown>): Array<{ index: number; chart: Record<string, unknown> }> {
  const list = Array.isArray(value.helmCharts) ? value.helmCharts : [];
  return list.flatMap((chart, index) => (isRecord(chart) ? [{ index, chart }] : []));
}

/** Where a kustomization's helmCharts are kept (helmGlobals.chartHome, "charts" by default), relative to it. */
export function chartHome(value: Record<string, unknown>): string {
  const globals = value.helmGlobals;
  return isRecord(globals) && typeof globals.chartHome === "string" && globals.chartHome.trim() !== "" ? globals.chartHome : "charts";
}

/**
 * What kustomize's file loader fetches instead of reading (fileloader.go: an http or https URL). It
 * loads every file a kustomization names that way, not only bases: a patch, a replacement's source,
 * an OpenAPI schema, a generator's files and env files.
 */
const REMOTE_FILE = /^https?:\/\//i;

/** The entries of a kustomization that name one file, as written (a generator's `key=path` whole). */
function fileEntries(value: Record<string, unknown>): Array<{ field: string; index: number; entry: string }> {
  const out: Array<{ field: string; index: number; entry: string }> = [];
  const add = (field: string, index: number, entry: unknown) => {
    // A multi-line entry of patchesStrategicMerge is an inline patch, not a file name.
    if (typeof entry === "string" && entry.trim() !== "" && !entry.includes("\n")) out.push({ field, index, entry });
  };
  const records = (field: string) => (Array.isArray(value[field]) ? (value[field] as unknown[]) : []);
  records("patchesStrategicMerge").forEach((e, i) => add("patchesStrategicMerge", i, e));
  for (const field of ["patches", "patchesJson6902", "replacements"]) {
    records(field).forEach((e, i) => add(field, i, typeof e === "string" ? e : isRecord(e) ? e.path : undefined));
  }
  if (isRecord(value.openapi)) add("openapi", 0, value.openapi.path);
  for (const g of generatorEntries(value)) add(g.field, g.index, g.entry);
  return out;
}

/**
 * The notice a root gets when it is not built for its remote base: at the first remote entry of the
 * kustomization that names one (the root, or a local base of it).
 */
export function remoteBaseProblem(k: Kustomization, cache: SourceCache): InputProblem {
  const first = k.remoteEntries[0];
  const file = k.parsed?.file ?? { path: k.file, display: cache.displayOf(k.file), text: "", lineCounter: new LineCounter() };
  const at = file.text.indexOf(first.entry);
  const start = at === -1 ? 0 : at;
  const more = k.remoteEntries.length > 1 ? ` (and ${k.remoteEntries.length - 1} more)` : "";
  return {
    kind: "kustomize-remote",
    message: `not built: ${first.field} names the remote ${first.what} ${first.shown}${more}, which kubectl would fetch, and k8slint runs offline unless --allow-remote-bases (or allowRemoteBases: true in the config) is given; the directory's files were linted as plain files`,
    start,
    end: at === -1 ? 0 : at + first.entry.length,
    file,
  };
}
