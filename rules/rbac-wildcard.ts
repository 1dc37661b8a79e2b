import { defineRule } from "../src/engine/rule.js";
import { listed } from "../src/model/listing.js";
import { isAllPowerful, isRbac, policyRules, ROLE_KINDS, strings } from "../src/model/rbac.js";
import { describeGrants, wildcardGrants, type EscalatingGrant } from "../src/model/rbac-escalation.js";

const FIELDS: ReadonlySet<string> = new Set(["verbs", "resources", "apiGroups"]);

export default defineRule({
  meta: {
    id: "rbac-wildcard",
    scope: "object",
    title: "Roles must not grant wildcards",
    category: "rbac",
    severity: "warning",
    description:
      'Reports "*" in the verbs, resources or apiGroups of a Role or ClusterRole rule: one finding per rule, at its first wildcard, naming every list that has one. It also names the escalating permissions the wildcard reaches, which rbac-dangerous-grant reports where they are written out (bind and escalate on roles, create on pods and workloads, exec, nodes/proxy…; "*" in all three lists is every permission, as cluster-admin).',
    rationale:
      'A wildcard grants today\'s and tomorrow\'s permissions: "*" verbs include escalate, bind and impersonate; "*" resources include secrets and every custom resource installed later.',
    remediation: "List the exact verbs, resources and API groups the workload needs (kubectl auth can-i --list, or the audit log, shows what it uses).",
    references: {
      cis: ["CIS 5.1.3"],
      equivalents: { kubeLinter: "wildcard-in-rules", checkov: "CKV_K8S_49" },
      links: ["https://kubernetes.io/docs/concepts/security/rbac-good-practices/"],
    },
    securitySeverity: 6.5,
    examples: {
      bad: "rules:\n  - apiGroups: [\"*\"]\n    resources: [\"*\"]\n    verbs: [\"*\"]\n",
      good: "rules:\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, list, watch]\n",
    },
  },
  check({ model, report }) {
    for (const resource of model.resources) {
      if (!ROLE_KINDS.has(resource.kind) || !isRbac(resource)) continue;
      for (const { rule, index, path } of policyRules(resource)) {
        // One finding per rule, at its first wildcard as written, naming every list that has one.
        const lists = rule as unknown as Record<string, unknown>;
        const fields = Object.keys(lists).filter((f) => FIELDS.has(f) && strings(lists[f]).includes("*"));
        if (fields.length === 0) continue;
        // What the wildcard reaches that rbac-dangerous-grant would report written out (bind and
        // escalate on roles, create on pods): a "*" that amounts to cluster-admin says so.
        const everything = isAllPowerful(rule);
        const reached = everything ? [] : wildcardGrants(rule);
        const effects = [...new Set(reached.map((g) => g.effect))];
        const includes = everything
          ? ", which is every permission of every API group (as cluster-admin)"
          : reached.length > 0
            ? `, which includes ${shortList(reached)} (${effects.slice(0, 2).join("; ")}${effects.length > 2 ? "; …" : ""})`
            : "";
        report({
          target: { resource, path: [...path, fields[0], strings(lists[fields[0]]).indexOf("*")] },
          message: `rules[${index}] grants "*" in ${listed(fields)}${includes}`,
        });
      }
    }
  },
});

/** Each set of verbs with its resources, or, where a "*" over every resource reaches dozens, two of them and how many. */
function shortList(grants: readonly EscalatingGrant[]): string {
  const described = describeGrants(grants);
  if (described.length <= 100) return described;
  return `${grants.length} escalating permissions, such as ${grants.slice(0, 2).map((g) => `${g.verb} ${g.resource}`).join(" and ")}`;
}
