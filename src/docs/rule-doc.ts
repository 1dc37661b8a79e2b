import type { RuleMeta, RuleReferences } from "../types.js";

/** Names of other tools, for "equivalents" lines. */
const TOOL_NAMES: Record<keyof NonNullable<RuleReferences["equivalents"]>, string> = {
  kubeLinter: "kube-linter",
  kubeScore: "kube-score",
  polaris: "Polaris",
  checkov: "Checkov",
  trivy: "Trivy",
  kubeconform: "kubeconform",
};

export function defaultSetting(meta: RuleMeta): string {
  return meta.optIn ? `off (opt-in; ${meta.severity} when enabled)` : meta.severity;
}

/** The first sentence of the description: the one line `k8slint rules` shows. */
export function oneLine(meta: RuleMeta): string {
  const d = meta.description.replace(/\s+/g, " ").trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(d);
  return m ? m[1] : d;
}

function equivalents(meta: RuleMeta): string[] {
  const eq = meta.references.equivalents ?? {};
  return (Object.keys(TOOL_NAMES) as Array<keyof typeof TOOL_NAMES>).filter((k) => eq[k]).map((k) => `${TOOL_NAMES[k]}: ${eq[k]}`);
}

const CIS_BENCHMARK = "https://www.cisecurity.org/benchmark/kubernetes";
const POD_SECURITY_STANDARDS = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";

/**
 * References a user can follow: CIS Kubernetes Benchmark controls and Pod Security Standards controls
 * with where to read them, then the Kubernetes documentation links. The seed guides a rule enforces
 * are no reference for others: pages and `explain` list them apart, as "used by".
 */
export function followableReferences(meta: RuleMeta): string[] {
  const refs = meta.references;
  const out: string[] = [];
  for (const c of refs.cis ?? []) out.push(`${c.replace(/^CIS\b/, "CIS Kubernetes Benchmark")}: ${CIS_BENCHMARK}`);
  for (const p of refs.pss ?? []) out.push(`${p.replace(/^PSS (\w+):/, "Pod Security Standards, $1 profile:")}: ${POD_SECURITY_STANDARDS}`);
  for (const l of refs.links ?? []) out.push(l);
  return out;
}

/** docs/rules/<id>.md: everything in the rule's metadata, for people and for SARIF's helpUri. */
export function ruleMarkdown(meta: RuleMeta): string {
  const out: string[] = [
    `<!-- Generated from the rule's metadata by \`npm run docs\`: edit rules/${meta.id}.ts, not this file. -->`,
    `# ${meta.id}`,
    "",
    `**${meta.title}**`,
    "",
    `| category | default severity |`,
    `|---|---|`,
    `| ${meta.category} | ${defaultSetting(meta)} |`,
    "",
    meta.description,
    ...(meta.defaultReason ? ["", `${meta.optIn ? "Off" : "On"} by default: ${meta.defaultReason}`] : []),
    ...(meta.pointsAtCredentials ? ["", "Its findings never quote a credential: a message gives at most the prefix that names its kind (`sk_t…`) and its length, and `--fix-dry-run` shows the lines the findings cover with the value hidden."] : []),
    "",
    "## Why",
    "",
    meta.rationale,
    "",
    "## How to fix",
    "",
    meta.remediation,
  ];
  if (meta.examples?.bad || meta.examples?.good) {
    out.push("", "## Examples");
    if (meta.examples.bad) out.push("", "Reported:", "", "```yaml", meta.examples.bad.trimEnd(), "```");
    if (meta.examples.good) out.push("", "Fine:", "", "```yaml", meta.examples.good.trimEnd(), "```");
  }
  const options = Object.entries(meta.options ?? {});
  out.push("", "## Configuration", "", "In `.k8slint.yaml`:", "", "```yaml", "rules:");
  if (options.length) {
    out.push(`  ${meta.id}:`, `    severity: ${meta.severity}`, "    options:");
    for (const [name, spec] of options) out.push(`      ${name}: ${JSON.stringify(spec.default)}`);
  } else {
    out.push(`  ${meta.id}: ${meta.optIn ? meta.severity : "off"}`);
  }
  out.push("```");
  if (options.length) {
    out.push("", "| option | type | default | meaning |", "|---|---|---|---|");
    for (const [name, spec] of options) out.push(`| \`${name}\` | ${spec.type} | \`${JSON.stringify(spec.default)}\` | ${spec.description} |`);
  }
  if (meta.differences?.length) {
    out.push("", "## Deliberate differences from other tools", "", ...meta.differences.map((d) => `- ${d}`));
  }
  out.push(
    "",
    `To accept a finding on one object, annotate it with a written reason: \`justify.k8slint.io/${meta.id}: "<why>"\`.`,
  );
  const lines = followableReferences(meta).map((r) => `- ${r.replace(/(https:\/\/\S+)$/, "<$1>")}`);
  for (const e of equivalents(meta)) lines.push(`- ${e}`);
  if (lines.length) out.push("", "## References", "", ...lines);
  if (meta.references.guides?.length) out.push("", "Used by the deployment guides of:", "", ...meta.references.guides.map((g) => `- ${g}`));
  return out.join("\n") + "\n";
}

/** docs/rules/README.md: the index of every rule. */
export function rulesIndexMarkdown(metas: readonly RuleMeta[]): string {
  const out = [
    "<!-- Generated from the rules' metadata by `npm run docs`. -->",
    "# Rules",
    "",
    "| rule | category | default | what it reports |",
    "|---|---|---|---|",
    ...metas.map((m) => `| [${m.id}](${m.id}.md) | ${m.category} | ${m.optIn ? "off" : m.severity} | ${oneLine(m).replace(/\|/g, "\\|")} |`),
  ];
  return out.join("\n") + "\n";
}

/** `k8slint explain <id>`: the same content as the page, as terminal text. */
export function explainText(meta: RuleMeta, helpUri: string | undefined): string {
  const out = [`${meta.id}: ${meta.title}`, `category ${meta.category}, default ${defaultSetting(meta)}`, "", wrap(meta.description), "", "Why:", wrap(meta.rationale, "  "), "", "How to fix:", wrap(meta.remediation, "  ")];
  if (meta.examples?.bad) out.push("", "Reported:", indent(meta.examples.bad));
  if (meta.examples?.good) out.push("", "Fine:", indent(meta.examples.good));
  const options = Object.entries(meta.options ?? {});
  if (options.length) {
    out.push("", "Options (rules: {" + meta.id + ": {options: …}}):");
    for (const [name, spec] of options) out.push(`  ${name} (${spec.type}, default ${JSON.stringify(spec.default)}): ${spec.description}`);
  }
  const eq = equivalents(meta);
  if (eq.length) out.push("", "Equivalents in other tools:", ...eq.map((e) => `  ${e}`));
  if (meta.differences?.length) out.push("", "Deliberate differences from them:", ...meta.differences.map((d) => wrap(`- ${d}`, "  ")));
  const refs = followableReferences(meta);
  if (refs.length) out.push("", "References:", ...refs.map((r) => `  ${r}`));
  if (meta.references.guides?.length) out.push("", "Used by the deployment guides of:", ...meta.references.guides.map((g) => wrap(g, "  ")));
  if (meta.customRuleFile) out.push("", `Custom rule defined in ${meta.customRuleFile}.`);
  if (helpUri) out.push("", `More: ${helpUri}`);
  return out.join("\n") + "\n";
}

function indent(yaml: string): string {
  return yaml
    .trimEnd()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

function wrap(text: string, prefix = "", width = 100): string {
  const words = text.replace(/\s+/g, " ").trim().split(" ");
  const lines: string[] = [];
  let cur = prefix;
  for (const w of words) {
    if (cur.length > prefix.length && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = prefix + w;
    } else cur += (cur.length > prefix.length ? " " : "") + w;
  }
  lines.push(cur);
  return lines.join("\n");
}

/** The rule table between the README's `rules` markers: id linked to its page, severity, one line. */
export function readmeRulesTable(metas: readonly RuleMeta[]): string {
  const order: readonly string[] = ["syntax", "schema", "security", "secrets", "resources", "reliability", "networking", "rbac", "cross-resource", "best-practice"];
  const rank = (m: RuleMeta) => (order.includes(m.category) ? order.indexOf(m.category) : order.length);
  const rows = [...metas]
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1))
    .map((m) => `| [${m.id}](docs/rules/${m.id}.md) | ${m.category} | ${m.optIn ? "off" : m.severity} | ${oneLine(m).replace(/\|/g, "\\|")} |`);
  return ["| rule | category | default | what it reports |", "| --- | --- | --- | --- |", ...rows].join("\n") + "\n";
}

