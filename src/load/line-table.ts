/** What positions need of a file's lines: the `yaml` package's LineCounter has the same two members. */
export interface LineIndex {
  readonly lineStarts: ArrayLike<number>;
  /** 1-based line and column of a 0-based offset (line 0 when there are no lines). */
  linePos(offset: number): { line: number; col: number };
}

/**
 * The line starts of a file's text as `yaml`'s LineCounter records them (0, then after each \n), found
 * when a position is first asked for and kept in an Int32Array. Built for every file up front as a
 * LineCounter (a growing array of numbers and two closures each), they were ~4 MB of every run's
 * heap at 10,000 resources, for files many of which never get a finding.
 */
export class LineTable implements LineIndex {
  private starts: Int32Array | undefined;

  constructor(
    private readonly text: string,
    starts?: Int32Array,
  ) {
    this.starts = starts;
  }

  get lineStarts(): Int32Array {
    return (this.starts ??= lineStartsOf(this.text));
  }

  /** As LineCounter.linePos: a binary search for the line. */
  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (low < starts.length && starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1] + 1 };
  }
}

function lineStartsOf(text: string): Int32Array {
  let lines = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
  const starts = new Int32Array(lines);
  let i = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts[i++] = at + 1;
  return starts;
}
