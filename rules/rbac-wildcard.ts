import { defineRule } from "../src/engine/rule.js";
import { isRbac, policyRules, ROLE_KINDS, strings } from "../src/model/rbac.js";

const FIELDS = ["verbs", "resources", "apiGroups"] as const;

export default defineRule({
  meta: {
    id: "rbac-wildcard",
    title: "Roles must not grant wildcards",
    category: "rbac",
    severity: "warning",
    description: 'Reports "*" in the verbs, resources or apiGroups of a Role or ClusterRole rule.',
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
        for (const field of FIELDS) {
          const at = strings(rule[field]).indexOf("*");
          if (at === -1) continue;
          report({
            target: { resource, path: [...path, field, at] },
            message: `grants "*" in ${field} (rule ${index + 1})`,
          });
        }
      }
    }
  },
});
