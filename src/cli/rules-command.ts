import type { RuleMeta } from "../types.js";
import { resolveRunAsync } from "../config/resolve-run.js";
import { ConfigError } from "../config/config-error.js";
import { didYouMean } from "../engine/closest-id.js";
import { explainText, rulesIndexMarkdown } from "../docs/rule-doc.js";
import { ruleHelpUri } from "../report/links.js";
import { EXIT_OK, UsageError } from "./usage.js";

/** Built-in rules plus the custom rules of the config file in effect. */
async function allRules(config: string | false | undefined): Promise<RuleMeta[]> {
  try {
    return (await resolveRunAsync({ config }, process.cwd())).lintOptions.rules.map((r) => r.meta);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

/** `k8slint rules [--format text|json|markdown]` */
export async function runRulesCommand(args: { format?: string; config?: string | false }): Promise<number> {
  const metas = await allRules(args.config);
  const format = args.format ?? "text";
  if (format === "json") {
    const list = metas.map((m) => ({
      id: m.id,
      title: m.title,
      category: m.category,
      severity: m.severity,
      enabledByDefault: !m.optIn,
      description: m.description,
      remediation: m.remediation,
      options: m.options ?? {},
      helpUri: ruleHelpUri(m) ?? null,
      ...(m.customRuleFile ? { customRuleFile: m.customRuleFile } : {}),
    }));
    process.stdout.write(JSON.stringify(list, null, 2) + "\n");
  } else if (format === "markdown") {
    process.stdout.write(rulesIndexMarkdown(metas));
  } else {
    const w = Math.max(...metas.map((m) => m.id.length), 4);
    const cw = Math.max(...metas.map((m) => m.category.length), 8);
    // The title fits a terminal line; `k8slint explain <rule>` has the full description.
    process.stdout.write(`${"rule".padEnd(w)}  ${"category".padEnd(cw)}  default  title\n`);
    for (const m of metas) process.stdout.write(`${m.id.padEnd(w)}  ${m.category.padEnd(cw)}  ${(m.optIn ? "off" : m.severity).padEnd(7)}  ${m.title}\n`);
  }
  return EXIT_OK;
}

/** `k8slint explain <rule-id>` */
export async function runExplainCommand(args: { ruleId: string; config?: string | false }): Promise<number> {
  const metas = await allRules(args.config);
  const meta = metas.find((m) => m.id === args.ruleId);
  if (!meta) throw new UsageError(`unknown rule ${args.ruleId}${didYouMean(args.ruleId, metas.map((m) => m.id))}; k8slint rules lists them all`);
  process.stdout.write(explainText(meta, ruleHelpUri(meta)));
  return EXIT_OK;
}
