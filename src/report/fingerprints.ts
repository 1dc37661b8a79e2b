import { compareFindings, type Finding } from "../engine/finding.js";
import { resourceKey } from "../engine/baseline.js";
import type { RepoPaths } from "./repo-path.js";

/**
 * A line-free identity for each finding, for the reports whose consumers track problems across
 * commits (SARIF's partialFingerprints, GitLab Code Quality's fingerprint): a hash of rule, repository
 * path, object and field with its list items named (as the baseline keys findings), with the
 * occurrence number among findings that share them (two containers missing the same field), counted
 * in file order so that it does not depend on a report's own order. Syntax errors have no object: their message stands in.
 */
export function fingerprintsOf(findings: readonly Finding[], paths: RepoPaths): string[] {
  const keys = findings.map((f) => JSON.stringify([f.ruleId, paths.segments(f.file).join("/"), resourceKey(f), f.identity ?? f.path ?? (f.resource ? "" : f.message)]));
  const order = findings.map((_, i) => i).sort((a, b) => compareFindings(findings[a], findings[b]));
  const seen = new Map<string, number>();
  const out: string[] = new Array(findings.length);
  // Taken here, not imported: every run loads the reporters, few write these formats, and node:crypto costs ~1 ms to load.
  const { createHash } = process.getBuiltinModule("node:crypto");
  for (const i of order) {
    const n = seen.get(keys[i]) ?? 0;
    seen.set(keys[i], n + 1);
    out[i] = `${createHash("sha256").update(`${keys[i]}#${n}`).digest("hex").slice(0, 32)}`;
  }
  return out;
}
