import type { Finding } from "../engine/finding.js";

export interface RuleCount {
  ruleId: string;
  count: number;
  error: number;
  warning: number;
  info: number;
}

/** How many findings each rule made (suppressed ones not counted), most first, then by rule id. */
export function findingsByRule(findings: readonly Finding[]): RuleCount[] {
  const byRule = new Map<string, RuleCount>();
  for (const f of findings) {
    if (f.suppressed) continue;
    let row = byRule.get(f.ruleId);
    if (!row) byRule.set(f.ruleId, (row = { ruleId: f.ruleId, count: 0, error: 0, warning: 0, info: 0 }));
    row.count++;
    row[f.severity]++;
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
}
