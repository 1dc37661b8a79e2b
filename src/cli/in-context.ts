import fs from "node:fs";
import path from "node:path";
import { isManifestName } from "../load/discover.js";

/**
 * For the pre-commit hook: the named files plus the other manifests in their directories (not below),
 * so that cross-resource rules see a Deployment's PodDisruptionBudget in a sibling file. Returns the
 * paths to lint and the files to report.
 */
export function expandInContext(paths: readonly string[], cwd: string): { paths: string[]; reportOnly: string[] } {
  const all = new Set<string>();
  const dirs = new Set<string>();
  for (const p of paths) {
    if (p === "-") {
      all.add(p);
      continue;
    }
    const abs = path.resolve(cwd, p);
    let isDir = false;
    try {
      isDir = fs.statSync(abs).isDirectory();
    } catch {
      // Missing: lint() reports it as a usage error.
    }
    all.add(abs);
    if (isDir) continue;
    dirs.add(path.dirname(abs));
  }
  for (const dir of dirs) {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if ((e.isFile() || e.isSymbolicLink()) && isManifestName(e.name)) all.add(path.join(dir, e.name));
    }
  }
  // Directories named as such are reported whole.
  const reportOnly = paths.map((p) => (p === "-" ? p : path.resolve(cwd, p)));
  return { paths: [...all], reportOnly };
}
