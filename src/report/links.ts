import type { RuleMeta } from "../types.js";

/** Where the project lives; rule documentation is linked from SARIF and `k8slint explain`. */
export const HOMEPAGE = "https://github.com/k8slint/k8slint";

/** The generated documentation page of a rule (docs/rules/<id>.md). */
export function ruleDocUrl(ruleId: string): string {
  return `${HOMEPAGE}/blob/main/docs/rules/${ruleId}.md`;
}

/** A rule's help link: its generated page for built-in rules, the author's link (or none) for custom rules. */
export function ruleHelpUri(meta: Pick<RuleMeta, "id" | "customRuleFile" | "helpUri">): string | undefined {
  if (meta.helpUri) return meta.helpUri;
  return meta.customRuleFile ? undefined : ruleDocUrl(meta.id);
}
