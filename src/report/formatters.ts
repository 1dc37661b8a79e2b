import type { Formatter } from "./formatter.js";
import { textFormatter } from "./text.js";
import { jsonFormatter } from "./json.js";
import { sarifFormatter } from "./sarif.js";
import { githubFormatter } from "./github.js";
import { gitlabFormatter } from "./gitlab.js";
import { junitFormatter } from "./junit.js";
import type { FormatName } from "./format-names.js";

export { FORMAT_NAMES, formatForFile, JSON_FORMATS } from "./format-names.js";

export const formatters: Record<string, Formatter> = {
  text: textFormatter,
  json: jsonFormatter,
  sarif: sarifFormatter,
  github: githubFormatter,
  gitlab: gitlabFormatter,
  junit: junitFormatter,
} satisfies Record<FormatName, Formatter>;
