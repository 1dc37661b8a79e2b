import { readManifest } from "../load/read.js";
import { parseSource, type ParsedFile } from "../load/parse.js";
import type { ParseInput } from "../load/parse-pool.js";

/**
 * Source files that rendered objects map back to (bases, patches, kustomizations), each read and
 * parsed once per run however many overlays use it. Keys are real paths.
 */
export class SourceCache {
  private readonly parsed = new Map<string, ParsedFile | undefined>();

  constructor(
    private readonly display: (file: string) => string,
    private readonly maxFileBytes: number,
    private readonly parse: (input: ParseInput) => ParsedFile = parseSource,
  ) {}

  private readonly byDisplay = new Map<string, ParsedFile>();

  get(realPath: string): ParsedFile | undefined {
    if (this.parsed.has(realPath)) return this.parsed.get(realPath);
    let result: ParsedFile | undefined;
    const read = readManifest(realPath, this.maxFileBytes);
    if (read.ok) result = this.parse({ path: realPath, display: this.display(realPath), text: read.text });
    this.parsed.set(realPath, result);
    if (result) this.byDisplay.set(result.file.display, result);
    return result;
  }

  /** A file already read, by the path findings show (to find the file a finding points into). */
  fileShownAs(display: string): ParsedFile | undefined {
    return this.byDisplay.get(display);
  }

  displayOf(realPath: string): string {
    return this.display(realPath);
  }
}

// Rendering compares files by real path; the helper lives with the loader, which needs it too.
export { realPath } from "../load/real-path.js";
