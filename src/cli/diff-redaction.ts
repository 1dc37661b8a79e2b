import type { Finding } from "../engine/finding.js";
import { valueHint, withoutTokensOf } from "../engine/message-values.js";
import { parseSource } from "../load/parse.js";
import type { FixedFile } from "../fix/fix-files.js";
import type { RuleMeta } from "../types.js";

/**
 * The lines of a fixed file that hold a credential the run found (its findings on the fixed text,
 * suppressed and baselined ones included: a justified credential is still one). A diff shows the
 * lines around each edit, and a password beside a fixed container would reach a CI log with it.
 */
export function credentialLines(file: FixedFile, findings: readonly Finding[], rules: readonly RuleMeta[]): Set<string> {
  // The rules say so in their metadata: a new credential rule is redacted without a list to keep here.
  const credentialRules = new Set(rules.filter((r) => r.pointsAtCredentials).map((r) => r.id));
  const lines = file.after.split("\n");
  const out = new Set<string>();
  for (const f of findings) {
    if (!credentialRules.has(f.ruleId) || f.file !== file.display) continue;
    for (let n = f.line; n <= Math.max(f.line, f.endLine ?? f.line); n++) {
      const text = lines[n - 1]?.replace(/\r$/, "");
      if (text !== undefined && text.trim() !== "") out.add(text);
    }
  }
  return out;
}

/**
 * The objects of a fixed file, before and after the fixes: the values a diff of it may show. A
 * credential no rule recognised (a token after `--password` in args) is still one of them.
 */
export function fileObjects(file: FixedFile): unknown[] {
  const roots: unknown[] = [];
  for (const text of [file.before, file.after]) {
    for (const d of parseSource({ path: file.file, display: file.display, text }).documents) if (d.value !== null && typeof d.value === "object") roots.push(d.value);
  }
  return roots;
}

/**
 * A unified diff with the value of each credential line replaced by its hint (`password: <value of
 * 16 characters>`), and every credential-like token of the file's objects (`roots`) that a line shows
 * replaced (withoutTokensOf): context, added and removed lines alike. Returns how many lines it redacted.
 */
export function redactDiff(patch: string, secret: ReadonlySet<string>, roots: readonly unknown[] = []): { patch: string; redacted: number } {
  if (secret.size === 0 && roots.length === 0) return { patch, redacted: 0 };
  let redacted = 0;
  const out = patch.split("\n").map((line) => {
    const mark = line[0];
    if ((mark !== " " && mark !== "+" && mark !== "-") || line.startsWith("+++ ") || line.startsWith("--- ")) return line;
    const text = line.slice(1).replace(/\r$/, "");
    if (!secret.has(text)) {
      const hidden = withoutTokensOf(text, roots);
      if (hidden === text) return line;
      redacted++;
      return `${mark}${hidden}`;
    }
    redacted++;
    // `key: value` keeps its key; a line of a block scalar (a key's body) is all value.
    const pair = /^(\s*(?:-\s+)?[^\s:#][^:#]*?:\s+)(\S.*)$/.exec(text);
    return pair ? `${mark}${pair[1]}${valueHint(pair[2])}` : `${mark}${text.match(/^\s*/)![0]}${valueHint(text.trim())}`;
  });
  return { patch: out.join("\n"), redacted };
}
