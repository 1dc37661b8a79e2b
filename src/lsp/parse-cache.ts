import { parseSource, type ParsedFile } from "../load/parse.js";
import type { ParseInput } from "../load/parse-pool.js";

/**
 * Parsed files kept between runs by path, reused while their text is the same: in the editor a
 * keystroke changes one file, and the rest of its directory is not parsed again.
 */
export class ParseCache {
  private readonly files = new Map<string, { text: string; display: string; parsed: ParsedFile }>();

  parse(input: ParseInput): ParsedFile {
    const hit = this.files.get(input.path);
    if (hit && hit.text === input.text && hit.display === input.display) return hit.parsed;
    const parsed = parseSource(input);
    this.files.set(input.path, { text: input.text, display: input.display, parsed });
    return parsed;
  }
}
