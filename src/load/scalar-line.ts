import { escapeRegExp } from "../escape-regexp.js";

/**
 * A line of a manifest's text that writes `key: value` with the value plain or quoted, and maybe a
 * comment (`kind: Role`, `name: "reader" # …`): for finding where a document writes an object that no
 * parse gives (a Helm template's output, a document that does not parse).
 */
export function scalarLine(key: string, value: string, flags = "m"): RegExp {
  return new RegExp(`^[ \\t]*${escapeRegExp(key)}:[ \\t]*["']?${escapeRegExp(value)}["']?[ \\t]*(#.*)?$`, flags);
}
