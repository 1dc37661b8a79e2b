import type { LintProgress } from "../lint.js";

/** How long a run goes before it says anything: shorter runs (nearly all) show no progress at all. */
export const PROGRESS_DELAY_MS = 1000;
/** Redraws at most this often: a line per file would cost more than reading small files. */
const REDRAW_MS = 100;

/**
 * A progress line belongs on a person's terminal only: not in a pipe or a file (where it would be
 * noise in the log), not in CI (whose logs keep every carriage-return frame), not on a dumb terminal
 * (which cannot erase the line).
 */
export function progressWanted(stderr: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (stderr.isTTY !== true) return false;
  if (env.TERM === "dumb") return false;
  if (env.CI !== undefined && env.CI !== "" && env.CI !== "false") return false;
  return !env.GITHUB_ACTIONS;
}

/** The one-line progress indicator on stderr: shown once a run has lasted PROGRESS_DELAY_MS, erased before the report. */
export class ProgressLine {
  private readonly started: number;
  private lastDraw = -Infinity;
  private shown = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Lint's callback: cheap until the delay has passed, then a redraw at most every REDRAW_MS. */
  update(p: LintProgress): void {
    const t = this.now();
    if (t - this.started < PROGRESS_DELAY_MS || t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.shown = true;
    const roots = p.rootsRendered > 0 ? `, ${count(p.rootsRendered, "Kustomize root or Helm chart", "Kustomize roots and Helm charts")} rendered` : "";
    // \r and erase-line: the line is redrawn in place, never scrolled.
    this.write(`\r\x1b[Kk8slint: ${count(p.filesRead, "file", "files")} read${roots}…`);
  }

  /** Erases the line, if one was drawn, before anything else goes to the terminal. */
  clear(): void {
    if (!this.shown) return;
    this.shown = false;
    this.write("\r\x1b[K");
  }
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
