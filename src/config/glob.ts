import { guardRegExps } from "../regexp-guard.js";

/**
 * gitignore-style patterns, used by `ignore:`, `.k8slintignore` and `overrides[].files`:
 * - a pattern without a slash (other than a trailing one) matches a name at any depth: `*.generated.yaml`;
 * - a pattern with a slash is anchored at the base directory: `k8s/legacy/**`, `/kustomization.yaml`;
 * - `*` and `?` stay within one path segment, `**` spans any number of them, `[abc]` is a class;
 * - a trailing slash matches directories only (and so everything below them);
 * - `!pattern` re-includes what an earlier pattern excluded; the last matching pattern decides.
 * Matching a directory also matches everything below it, as git does.
 */
export interface GlobMatcher {
  /** Whether a path (relative to the base directory, forward slashes) is matched. */
  matches(relPath: string, isDirectory?: boolean): boolean;
}

interface CompiledPattern {
  negated: boolean;
  directoryOnly: boolean;
  regex: RegExp;
}

export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  // `a*a*a*a*a*a*b` against a long name backtracks for minutes on V8's default engine (src/regexp-guard.ts).
  guardRegExps();
  const compiled: CompiledPattern[] = [];
  for (const raw of patterns) {
    let p = raw.trim();
    if (p === "" || p.startsWith("#")) continue;
    let negated = false;
    if (p.startsWith("!")) {
      negated = true;
      p = p.slice(1);
    }
    let directoryOnly = false;
    if (p.endsWith("/")) {
      directoryOnly = true;
      p = p.replace(/\/+$/, "");
    }
    if (p.startsWith("./")) p = p.slice(2);
    const anchored = p.includes("/");
    if (p.startsWith("/")) p = p.slice(1);
    if (p === "") continue;
    const body = globToRegex(p);
    compiled.push({ negated, directoryOnly, regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`) });
  }
  return {
    matches(relPath: string, isDirectory = false): boolean {
      const clean = relPath.split("\\").join("/").replace(/^\.\//, "").replace(/\/+$/, "");
      if (clean === "" || clean.startsWith("../")) return false;
      // Each ancestor directory, then the path itself: a matched directory matches what is under it.
      const segments = clean.split("/");
      let matched = false;
      for (const pat of compiled) {
        if (pat.negated !== matched) continue;
        for (let i = 1; i <= segments.length; i++) {
          const isDir = i < segments.length || isDirectory;
          if (pat.directoryOnly && !isDir) continue;
          if (pat.regex.test(segments.slice(0, i).join("/"))) {
            matched = !pat.negated;
            break;
          }
        }
      }
      return matched;
    },
  };
}

function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        // `**/` is zero or more directories; a trailing `/**` is everything below; `**` alone anything.
        const slashAfter = glob[i + 2] === "/";
        i += slashAfter ? 2 : 1;
        out += slashAfter ? "(?:.*/)?" : ".*";
      } else {
        out += "[^/]*";
      }
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) {
        out += "\\[";
      } else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (cls.startsWith("!")) cls = "^" + cls.slice(1);
        // An inverted range (`[z-a]`) matches nothing, as in git, instead of an invalid regexp.
        out += invertedRange(cls) ? "(?!)" : `[${cls}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]);
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

function invertedRange(cls: string): boolean {
  for (let i = 1; i + 1 < cls.length; i++) if (cls[i] === "-" && cls[i - 1] !== "\\" && cls.charCodeAt(i - 1) > cls.charCodeAt(i + 1)) return true;
  return false;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
