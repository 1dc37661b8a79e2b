/** The report formats, without their code: the CLI's flags and help need only the names. */
export const FORMAT_NAMES = ["text", "json", "sarif", "github", "gitlab", "junit"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** The format a file name implies when --output is given without --format. */
export function formatForFile(file: string): string {
  if (/\.sarif(\.json)?$/i.test(file)) return "sarif";
  if (/\.json$/i.test(file)) return "json";
  if (/\.xml$/i.test(file)) return "junit";
  return "text";
}

/** Formats whose output is JSON: a `.json` file name takes any of them. */
export const JSON_FORMATS: ReadonlySet<string> = new Set(["json", "sarif", "gitlab"]);
