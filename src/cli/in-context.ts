import fs from "node:fs";
import path from "node:path";
import { compareNames, isManifestName } from "../load/discover.js";

/**
 * For the pre-commit hook: the named files plus the other manifests in their directories (not below),
 * so that cross-resource rules see a Deployment's PodDisruptionBudget in a sibling file. Each
 * directory's files are listed in the lexical order `kubectl apply -f DIR` uses, so order-sensitive
 * rules see the order of a real apply. Returns the paths to lint and the paths to report.
 */
export function expandInContext(paths: readonly string[], cwd: string): { paths: string[]; reportOnly: string[] } {
  const out: string[] = [];
  const byDir = new Map<string, Set<string>>();
  for (const p of paths) {
    if (p === "-") {
      out.push(p);
      continue;
    }
    const abs = path.resolve(cwd, p);
    let isDir = false;
    try {
      isDir = fs.statSync(abs).isDirectory();
    } catch {
      // Missing: lint() reports it as a usage error.
    }
    if (isDir) {
      out.push(abs);
      continue;
    }
    const dir = path.dirname(abs);
    let files = byDir.get(dir);
    if (!files) {
      byDir.set(dir, (files = new Set()));
      out.push(dir); // a placeholder, replaced by the directory's files below
      try {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          if ((e.isFile() || e.isSymbolicLink()) && isManifestName(e.name)) files.add(path.join(dir, e.name));
        }
      } catch {
        // An unreadable directory: the named file alone, and lint() says why it cannot be read.
      }
    }
    files.add(abs);
  }
  const expanded = out.flatMap((p) => {
    const files = byDir.get(p);
    if (!files) return [p];
    return [...files].sort((a, b) => compareNames(path.basename(a), path.basename(b)));
  });
  // Directories named as such are reported whole.
  return { paths: expanded, reportOnly: paths.map((p) => (p === "-" ? p : path.resolve(cwd, p))) };
}
