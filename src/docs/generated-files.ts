import { builtinRules } from "../../rules/index.js";
import { configSchema } from "../config/config-schema.js";
import { customRuleSchema } from "../config/custom-rule-schema.js";
import { ruleMarkdown, rulesIndexMarkdown } from "./rule-doc.js";

/** Directory of the generated rule pages; every .md in it is generated (stale ones are removed). */
export const RULE_DOCS_DIR = "docs/rules";

/**
 * Every file generated from rule metadata, by path relative to the package root: the rule pages,
 * their index and the JSON Schemas editors use. `npm run docs` writes them; a test fails when one
 * on disk differs.
 */
export function generatedFiles(): Map<string, string> {
  const metas = builtinRules.map((r) => r.meta);
  const files = new Map<string, string>();
  for (const m of metas) files.set(`${RULE_DOCS_DIR}/${m.id}.md`, ruleMarkdown(m));
  files.set(`${RULE_DOCS_DIR}/README.md`, rulesIndexMarkdown(metas));
  files.set("schema/config.json", JSON.stringify(configSchema(metas), null, 2) + "\n");
  files.set("schema/custom-rule.json", JSON.stringify(customRuleSchema, null, 2) + "\n");
  return files;
}
