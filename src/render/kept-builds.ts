import type { ToolRun } from "./tool.js";
import { realPath } from "./source-cache.js";

/**
 * Kustomize outputs kept between the runs of one `--fix` or `--fix-dry-run`: nothing changes on disk
 * between its passes but the files it writes, and a root is built again only when one of the files its
 * build reads was written. Argo CD's 7 builds took about 13 s of wall time per lint, and the fix loop
 * lints after every pass of every round.
 */
export class KeptBuilds {
  private readonly builds = new Map<string, { files: ReadonlySet<string>; run: ToolRun; wrapper: string }>();

  get(rootDir: string): { run: ToolRun; wrapper: string } | undefined {
    return this.builds.get(rootDir);
  }

  keep(rootDir: string, files: ReadonlySet<string>, run: ToolRun, wrapper: string): void {
    this.builds.set(rootDir, { files, run, wrapper });
  }

  /** Files were written: the builds that read any of them are made again. */
  written(files: Iterable<string>): void {
    const real = [...files].map((f) => realPath(f));
    for (const [dir, b] of this.builds) if (real.some((f) => b.files.has(f))) this.builds.delete(dir);
  }
}
