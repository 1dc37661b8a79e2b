/** Where the project lives; rule documentation is linked from SARIF and `k8slint explain`. */
export const HOMEPAGE = "https://github.com/k8slint/k8slint";

/** The generated documentation page of a rule (docs/rules/<id>.md). */
export function ruleDocUrl(ruleId: string): string {
  return `${HOMEPAGE}/blob/main/docs/rules/${ruleId}.md`;
}
