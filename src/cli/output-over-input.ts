import fs from "node:fs";
import path from "node:path";
import { isManifestName } from "../load/discover.js";
import { readBoundedText } from "../load/read-bounded.js";
import { writesKubernetesKeyLine } from "../model/manifest-documents.js";

/** Directories a walk never enters (src/load/discover.ts). */
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);

/**
 * The first report file (`--output`) that is one of the files the run reads: a named path, a manifest
 * that the walk of a named directory reaches (not ignored, not under .git or node_modules), or a
 * --policy or --crds file. Writing the report there would replace a manifest with it
 * (`k8slint k8s -o k8s/deploy.yaml`). Compared by real path, so a link or `./` is no way around it;
 * a report file that does not exist yet is never an input, and neither is the report an earlier run
 * wrote into the walked tree (`k8slint . -f json -o report.json`, run again): only a file that holds
 * a manifest is one.
 */
export function outputOverInput(
  outputs: readonly string[],
  inputs: readonly string[],
  cwd: string,
  ignore?: (absPath: string, isDirectory: boolean) => boolean,
): string | undefined {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const given = inputs.filter((p) => p !== "-").map((p) => ({ abs: path.resolve(cwd, p), real: real(path.resolve(cwd, p)) }));
  for (const out of outputs) {
    const target = real(path.resolve(out));
    if (target === undefined || !fs.statSync(target).isFile()) continue;
    for (const input of given) {
      if (input.real === undefined) continue;
      if (input.real === target) return out;
      const rel = path.relative(input.real, target);
      if (rel.startsWith("..") || path.isAbsolute(rel) || !isManifestName(target)) continue;
      if (!fs.statSync(input.real).isDirectory()) continue;
      // The walk skips ignored directories (the named one too) and files, and never enters .git or node_modules.
      const parts = rel.split(path.sep);
      let dir = input.abs;
      let reached = !ignore?.(dir, true);
      for (const part of parts.slice(0, -1)) {
        dir = path.join(dir, part);
        if (SKIPPED_DIRECTORIES.has(part) || ignore?.(dir, true)) reached = false;
      }
      if (reached && !ignore?.(path.join(input.abs, rel), false) && holdsManifest(target)) return out;
    }
  }
  return undefined;
}

/** Largest file read to tell a manifest from an earlier report; a larger one counts as a manifest. */
const MAX_CHECKED_BYTES = 16 * 1024 * 1024;

/** Whether a file the walk reaches holds a Kubernetes object (a JSON report or SARIF file does not). */
function holdsManifest(file: string): boolean {
  let text: string;
  try {
    text = readBoundedText(file, MAX_CHECKED_BYTES);
  } catch {
    return true;
  }
  if (/\.json$/i.test(file)) {
    try {
      const v: unknown = JSON.parse(text);
      return typeof v === "object" && v !== null && !Array.isArray(v) && "apiVersion" in v;
    } catch {
      return true; // not JSON that a report would be
    }
  }
  return writesKubernetesKeyLine(text) || /^\s*\{/.test(text);
}
