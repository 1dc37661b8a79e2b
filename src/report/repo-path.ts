import fs from "node:fs";
import path from "node:path";
import type { FormatContext } from "./formatter.js";

/**
 * A finding's file as GitHub names it: relative to the repository root (what code scanning resolves
 * %SRCROOT% to, and what annotations are matched against in a pull request's diff), whatever the
 * working directory (`working-directory:` in a workflow). For a file linted from outside the
 * repository (`k8slint ../other/k8s`), relative to the git top level above that file, else to the
 * filesystem root: never absolute, never climbing with "..", and independent of the other files linted.
 * Returns path segments, joined by each format as it needs (SARIF percent-encodes them).
 */
export class RepoPaths {
  private readonly tops = new Map<string, string>();
  /** Each file's segments, made once: a SARIF report asks for every finding, fix and fingerprint (13,000 findings: ~90 ms). */
  private readonly known = new Map<string, readonly string[]>();
  constructor(private readonly ctx: FormatContext) {}

  segments(file: string): readonly string[] {
    let segments = this.known.get(file);
    if (segments === undefined) this.known.set(file, (segments = Object.freeze(this.segmentsOf(file))));
    return segments;
  }

  private segmentsOf(file: string): string[] {
    // Standard input and named sources (`<k8s/app.yaml>`): the name itself.
    if (file.startsWith("<")) return file.replace(/^<|>$/g, "").split("/");
    const abs = path.resolve(this.ctx.result.cwd, file);
    return path.relative(this.rootFor(abs), abs).split(path.sep);
  }

  private rootFor(abs: string): string {
    // The working directory's repository holds the files under it; outside any repository (where
    // repoRoot is the working directory itself) each file's own repository decides, then the cwd.
    if (this.inRepository() && isInside(this.ctx.repoRoot, abs)) return this.ctx.repoRoot;
    const dir = path.dirname(abs);
    let top = this.tops.get(dir);
    if (top === undefined) {
      top = gitTopLevel(dir) ?? (isInside(this.ctx.repoRoot, abs) ? this.ctx.repoRoot : path.parse(abs).root);
      this.tops.set(dir, top);
    }
    return top;
  }

  private repository: boolean | undefined;
  private inRepository(): boolean {
    return (this.repository ??= fs.existsSync(path.join(this.ctx.repoRoot, ".git")));
  }
}

function gitTopLevel(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}
