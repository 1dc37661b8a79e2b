import fs from "node:fs";
import { readBoundedText } from "../load/read-bounded.js";
import path from "node:path";
import type { Finding } from "./finding.js";

/**
 * 2: list items named by what they hold (`containers[name=app]`, src/engine/identity-path.ts);
 * 1 keyed them by position, so an item added in front made an accepted finding new and hid the new
 * one in its place. Version 1 files are still read, by position, as they were written.
 */
export const BASELINE_VERSION = 2;
const READ_VERSIONS: readonly number[] = [1, 2];

/** One recorded finding. No line numbers: an entry survives edits above it. */
export interface BaselineEntry {
  rule: string;
  /** Relative to the baseline file's directory, forward slashes. */
  file: string;
  /** Kind/namespace/name, Kind/name for cluster-scoped objects, "" for file-level findings. */
  resource: string;
  /** Dotted field path with list items named where they can be (the finding's identity), "" for file-level findings. */
  path: string;
  /** How many findings share these keys (two containers missing the same field in one object are two). */
  count: number;
  /**
   * The findings were errors because a namespace's enforced Pod Security level refuses their pods
   * (Finding.admissionRefused). Only such an entry hides such a finding: one recorded before the
   * namespace enforced the level accepted a risk, not a pod the cluster now refuses. It hides the
   * finding as the rule alone grades it too (the level no longer enforced).
   */
  refused?: true;
}

export interface BaselineFile {
  version: number;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

/** Kind/namespace/name of a finding's object (the baseline's and SARIF fingerprints' key), "" for none. */
export function resourceKey(f: Finding): string {
  if (!f.resource) return "";
  return f.resource.namespace ? `${f.resource.kind}/${f.resource.namespace}/${f.resource.name}` : `${f.resource.kind}/${f.resource.name}`;
}

function fileKey(file: string, cwd: string, baseDir: string): string {
  if (file.startsWith("<")) return file;
  return path.relative(baseDir, path.resolve(cwd, file)).split(path.sep).join("/");
}

/** The field a baseline of `version` keys a finding on. */
function pathKey(f: Finding, version: number): string {
  return (version >= 2 ? f.identity : undefined) ?? f.path ?? "";
}

function keyOf(e: Omit<BaselineEntry, "count">): string {
  return JSON.stringify(e.refused ? [e.rule, e.file, e.resource, e.path, "refused"] : [e.rule, e.file, e.resource, e.path]);
}

/** The baseline of a run: every active finding (suppressed ones need no baseline), counted by key. */
export function buildBaseline(findings: readonly Finding[], cwd: string, baselineFile: string): BaselineFile {
  const baseDir = path.dirname(path.resolve(cwd, baselineFile));
  const counts = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.suppressed) continue;
    const e = { rule: f.ruleId, file: fileKey(f.file, cwd, baseDir), resource: resourceKey(f), path: pathKey(f, BASELINE_VERSION), ...(f.admissionRefused ? { refused: true as const } : {}) };
    const k = keyOf(e);
    const existing = counts.get(k);
    if (existing) existing.count++;
    else counts.set(k, { ...e, count: 1 });
  }
  const entries = [...counts.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  return { version: BASELINE_VERSION, entries };
}

export function writeBaseline(findings: readonly Finding[], cwd: string, file: string): number {
  const baseline = buildBaseline(findings, cwd, file);
  const abs = path.resolve(cwd, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, JSON.stringify(baseline, null, 2) + "\n");
  return baseline.entries.reduce((n, e) => n + e.count, 0);
}

/** A baseline of a hundred thousand findings is a few tens of megabytes; `--baseline /dev/zero` never ends. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

export function readBaseline(cwd: string, file: string): BaselineFile {
  const abs = path.resolve(cwd, file);
  let data: unknown;
  try {
    data = JSON.parse(readBoundedText(abs, MAX_BASELINE_BYTES));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BaselineError(`${file}: cannot read baseline: ${code === "ENOENT" ? "no such file (create it with --write-baseline)" : (e as Error).message.split("\n")[0]}`);
  }
  const b = data as Partial<BaselineFile>;
  if (typeof b !== "object" || b === null || !READ_VERSIONS.includes(b.version as number) || !Array.isArray(b.entries)) {
    throw new BaselineError(`${file}: not a k8slint baseline (version ${BASELINE_VERSION}); write one with --write-baseline`);
  }
  return b as BaselineFile;
}

/**
 * A predicate that says whether a finding is in the baseline. Each entry covers as many findings as it
 * counts, so a new finding with the same keys as a baselined one (a third container) still shows.
 */
export function baselineMatcher(baseline: BaselineFile, cwd: string, file: string): (f: Finding) => boolean {
  const baseDir = path.dirname(path.resolve(cwd, file));
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) remaining.set(keyOf(e), (remaining.get(keyOf(e)) ?? 0) + (Number.isInteger(e.count) && e.count > 0 ? e.count : 1));
  const take = (k: string) => {
    const n = remaining.get(k) ?? 0;
    if (n <= 0) return false;
    remaining.set(k, n - 1);
    return true;
  };
  return (f) => {
    if (f.suppressed) return false;
    const e = { rule: f.ruleId, file: fileKey(f.file, cwd, baseDir), resource: resourceKey(f), path: pathKey(f, baseline.version) };
    const refused = keyOf({ ...e, refused: true });
    return f.admissionRefused ? take(refused) : take(keyOf(e)) || take(refused);
  };
}
