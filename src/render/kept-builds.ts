import fs from "node:fs";
import type { ToolRun } from "./tool.js";
import type { KustomizeGraph } from "./kustomization.js";
import type { RenderedObject } from "./kustomize.js";
import { realPath } from "./source-cache.js";

/** What a path was when a build began: enough to see that it changed (or appeared, or went) since. */
export type Stamps = ReadonlyMap<string, string>;

/** A build kept: its output, the wrapper it was built through, and its objects once read (rules never change them). */
export interface KeptBuild {
  run: ToolRun;
  wrapper: string;
  objects?: readonly RenderedObject[];
}

/**
 * Kustomize outputs kept between runs: the passes of one `--fix` or `--fix-dry-run` (nothing changes on
 * disk between them but the files it writes; Argo CD's 7 builds took about 13 s of wall time per lint,
 * and the fix loop lints after every pass of every round), and the keystrokes of `k8slint lsp` (a build
 * reads only the disk, so an unsaved buffer does not change it; Argo CD's cluster-install took ~1 s
 * per keystroke). A kept build is used only while every path it read is as it was when it began
 * (stamps of the graph's files and inputs), and is dropped when one of its files is reported written.
 */
export class KeptBuilds {
  private readonly builds = new Map<string, KeptBuild & { stamps: Stamps }>();

  /** At most this many roots are kept (the least recently used go first): an editor opens many over a day. */
  constructor(private readonly limit = Infinity) {}

  /** The stamps to keep with a build of `graph`: taken before it runs, so a change made meanwhile is seen. */
  static stamp(graph: KustomizeGraph): Stamps {
    const stamps = new Map<string, string>();
    for (const f of graph.files) stamps.set(f, stampOf(f));
    for (const f of graph.inputs) stamps.set(f, stampOf(f));
    return stamps;
  }

  /** The build kept under `key` (a root and the tool that built it), while what it read is unchanged. */
  get(key: string): KeptBuild | undefined {
    const b = this.builds.get(key);
    if (!b) return undefined;
    for (const [f, s] of b.stamps) {
      if (stampOf(f) === s) continue;
      this.builds.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.builds.delete(key);
    this.builds.set(key, b);
    return b;
  }

  keep(key: string, stamps: Stamps, run: ToolRun, wrapper: string): KeptBuild {
    const kept = { stamps, run, wrapper };
    this.builds.delete(key);
    this.builds.set(key, kept);
    for (const oldest of this.builds.keys()) {
      if (this.builds.size <= this.limit) break;
      this.builds.delete(oldest);
    }
    return kept;
  }

  /**
   * Files were written: the builds that read any of them (every path read has a stamp) are made again.
   * Said even where the stamps would see it: a file rewritten within the file system's time resolution
   * at the same size would not.
   */
  written(files: Iterable<string>): void {
    const real = [...files].map((f) => realPath(f));
    for (const [key, b] of this.builds) if (real.some((f) => b.stamps.has(f))) this.builds.delete(key);
  }
}

/** Modification and change times, size and inode; "-" for a path that is not there. */
function stampOf(file: string): string {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}`;
  } catch {
    return "-";
  }
}
