import fs from "node:fs";
import path from "node:path";
import { compareNames, isManifestName } from "./discover.js";

/**
 * Glob patterns among the paths (`k8slint 'k8s/**\/deploy*.yaml'`): what a shell without globbing
 * (cmd.exe, PowerShell, a quoted argument in CI or a hook's args) leaves to the program, as ESLint
 * expands them. An argument is a pattern only when no file of that name exists, so a file whose name
 * holds `[` or `*` is still read as named.
 */
const GLOB_CHARS = /[*?[\]{}]|[!@+]\(/;

function isGlobArgument(p: string, cwd: string): boolean {
  return p !== "-" && GLOB_CHARS.test(p) && !fs.existsSync(path.resolve(cwd, p));
}

/**
 * The paths with each glob pattern replaced by what it matches, in byte order: directories (walked as
 * any named directory) and manifest files (`k8s/**` means the manifests below k8s/, not its README);
 * a pattern that matches nothing stays as written, so the run says it does not exist. fast-glob is loaded only when there is a pattern: runs without one
 * (nearly all) do not pay for it.
 */
export async function expandGlobArguments(paths: readonly string[], cwd: string): Promise<string[]> {
  if (!paths.some((p) => isGlobArgument(p, cwd))) return [...paths];
  const { default: fg } = await import("fast-glob");
  const out: string[] = [];
  for (const p of paths) {
    if (!isGlobArgument(p, cwd) || !fg.isDynamicPattern(p)) {
      out.push(p);
      continue;
    }
    // As a shell does: `*` skips dot files; and as the directory walk does: .git and node_modules are never entered.
    const entries = fg.sync(p, { cwd, onlyFiles: false, markDirectories: true, dot: false, followSymbolicLinks: true, suppressErrors: true, ignore: ["**/.git/**", "**/node_modules/**"] });
    const matches = entries.filter((e) => e.endsWith("/") || isManifestName(e)).map((e) => (e.endsWith("/") ? e.slice(0, -1) : e));
    if (matches.length === 0) out.push(p);
    else for (const m of matches.sort(comparePaths)) out.push(m);
  }
  return out;
}

/** Segment by segment, each in the byte order of discovery (kubectl's). */
function comparePaths(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareNames(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}
