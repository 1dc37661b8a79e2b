import { defineRule } from "../src/engine/rule.js";
import { listed } from "../src/model/listing.js";
import { isRbac, policyRules, ROLE_KINDS, strings } from "../src/model/rbac.js";

const FIELDS: ReadonlySet<string> = new Set(["verbs", "resources", "apiGroups"]);

export default defineRule({
  meta: {
    id: "rbac-wildcard",
    scope: "object",
    title: "Roles must not grant wildcards",
    category: "rbac",
    severity: "warning",
    description: 'Reports "*" in the verbs, resources or apiGroups of a Role or ClusterRole rule: one finding per rule, at its first wildcard, naming every list that has one.',
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
        report({
          target: { resource, path: [...path, fields[0], strings(lists[fields[0]]).indexOf("*")] },
          message: `rules[${index}] grants "*" in ${listed(fields)}`,
        });
      }
    }
  },
});
