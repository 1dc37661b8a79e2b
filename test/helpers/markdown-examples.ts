import fs from "node:fs";

/**
 * Code blocks that a document marks as examples (`<!-- example: name -->` on the line before the
 * fence), so tests run exactly what the README and docs show.
 */
export function markdownExamples(file: string): Map<string, string> {
  const text = fs.readFileSync(file, "utf8");
  const out = new Map<string, string>();
  const re = /<!-- example: ([\w./-]+) -->\n```[\w-]*\n([\s\S]*?)\n```/g;
  for (const m of text.matchAll(re)) out.set(m[1], m[2] + "\n");
  return out;
}
