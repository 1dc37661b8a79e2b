import type { SourceFile } from "../load/source-file.js";

/**
 * An ESLint-style suppression comment:
 *   # k8slint-disable-next-line <rule-id>[, <rule-id>…] -- <why>
 *   # k8slint-disable-file <rule-id>[, <rule-id>…] -- <why>
 */
export interface DisableComment {
  file: SourceFile;
  /**
   * "unknown": a comment that starts like a directive but is none (`k8slint-disable-nextline`);
   * "trailing": a directive written after a line's content (`privileged: true # k8slint-disable-…`),
   * where it applies to nothing: directives are whole-line comments.
   */
  scope: "next-line" | "file" | "unknown" | "trailing";
  /** The directive as written, e.g. "k8slint-disable-next-line". */
  directive: string;
  ruleIds: string[];
  /** Text after `--`; undefined when there is none. */
  reason: string | undefined;
  /** 0-based offsets of the comment (from `#` to the end of the line). */
  start: number;
  end: number;
  /** For next-line comments: the 1-based line they cover (the next line that is not blank or a comment). */
  line?: number;
}

const MARKER = "k8slint-disable";
const DIRECTIVE = /#\s*(k8slint-disable(?:-(next-line|file)\b)?[\w-]*)(.*)$/;

/**
 * Suppression comments of a file. Files without the marker are skipped with one substring search,
 * so the cost is a scan of the text only where people wrote such comments.
 */
export function disableComments(file: SourceFile): DisableComment[] {
  const text = file.text;
  if (!text.includes(MARKER)) return [];
  const out: DisableComment[] = [];
  const lines = text.split("\n");
  let offset = 0;
  const lineStarts: number[] = [];
  for (const l of lines) {
    lineStarts.push(offset);
    offset += l.length + 1;
  }
  const pending: DisableComment[] = [];
  lines.forEach((raw, i) => {
    const lineText = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const trimmed = lineText.trim();
    const m = lineText.includes(MARKER) ? DIRECTIVE.exec(lineText) : null;
    // A directive must be a whole-line comment (a `#` inside a quoted value is not a comment).
    if (m && trimmed.startsWith("#")) {
      const hash = lineText.indexOf("#", lineText.indexOf(trimmed));
      const { ids, reason } = parseBody(m[3]);
      const known = m[1] === "k8slint-disable-next-line" || m[1] === "k8slint-disable-file";
      const c: DisableComment = {
        file,
        scope: !known ? "unknown" : m[2] === "file" ? "file" : "next-line",
        directive: m[1],
        ruleIds: ids,
        reason,
        start: lineStarts[i] + hash,
        end: lineStarts[i] + lineText.length,
      };
      out.push(c);
      if (c.scope === "next-line") pending.push(c);
      return;
    }
    if (m) {
      // After the line's content: a comment only where the `#` follows white space outside quotes.
      const hash = trailingCommentAt(lineText);
      if (hash !== undefined && lineText.slice(hash).includes(MARKER)) {
        out.push({ file, scope: "trailing", directive: m[1], ruleIds: [], reason: undefined, start: lineStarts[i] + hash, end: lineStarts[i] + lineText.length });
      }
    }
    if (trimmed === "" || trimmed.startsWith("#")) return;
    // Stacked comments above one line all cover it.
    for (const c of pending) c.line = i + 1;
    pending.length = 0;
  });
  return out;
}

/** Where a line's trailing comment begins: a `#` after white space, outside single and double quotes. */
function trailingCommentAt(line: string): number | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && i > 0 && (line[i - 1] === " " || line[i - 1] === "\t")) return i;
  }
  return undefined;
}

function parseBody(body: string): { ids: string[]; reason: string | undefined } {
  const sep = body.search(/(^|\s)--(\s|$)/);
  const idPart = sep === -1 ? body : body.slice(0, sep);
  const reason = sep === -1 ? undefined : body.slice(sep).replace(/^\s*--/, "").trim();
  // Ids end where something that is not an id starts (a `#` of another comment, say).
  const ids: string[] = [];
  for (const tok of idPart.split(/[\s,]+/)) {
    if (tok === "") continue;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(tok)) break;
    ids.push(tok);
  }
  return { ids, reason: reason === "" ? undefined : reason };
}
