import type { Formatter } from "./formatter.js";
import { textFormatter } from "./text.js";
import { jsonFormatter } from "./json.js";
import { sarifFormatter } from "./sarif.js";
import { githubFormatter } from "./github.js";

export const formatters: Record<string, Formatter> = {
  text: textFormatter,
  json: jsonFormatter,
  sarif: sarifFormatter,
  github: githubFormatter,
};

export const FORMAT_NAMES = Object.keys(formatters);

/** The format a file name implies when --output is given without --format. */
export function formatForFile(file: string): string {
  if (/\.sarif(\.json)?$/i.test(file)) return "sarif";
  if (/\.json$/i.test(file)) return "json";
  return "text";
}
