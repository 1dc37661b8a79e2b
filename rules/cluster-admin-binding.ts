import { defineRule } from "../src/engine/rule.js";
import { BINDING_KINDS, boundRole, describeSubjects, isAllPowerful, isRbac, policyRules, roleRefOf } from "../src/model/rbac.js";

export default defineRule({
  meta: {
    id: "cluster-admin-binding",
    scope: "subject",
    title: "Do not bind cluster-admin",
    category: "rbac",
    severity: "error",
    description:
      'Reports a ClusterRoleBinding or RoleBinding to the cluster-admin ClusterRole, or to a role in the set whose rules grant every verb ("*", or each of get, list, watch, create, update, patch and delete, in any order) on "*" resources in "*" API groups. A RoleBinding (full control of one namespace) is a warning. Bindings are never exempted by their name: system:* bindings to such a role are reported too.',
    rationale:
      "cluster-admin can do anything, including reading every secret and granting itself more: a compromised pod or CI token bound to it owns the cluster. A role listing every standard verb on every resource is the same power without the name: it reads every Secret, creates pods under any ServiceAccount and mints their tokens.",
    remediation: "Bind a role with only the permissions the subject needs (the built-in edit or view roles, or a dedicated Role) instead of cluster-admin.",
    references: {
      cis: ["CIS 5.1.1"],
      equivalents: { kubeLinter: "cluster-admin-role-binding", polaris: "clusterrolebindingClusterAdmin / rolebindingClusterAdminClusterRole / rolebindingClusterAdminRole", trivy: "KSV111" },
      links: ["https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege"],
    },
    securitySeverity: 9.0,
    examples: {
      bad: "kind: ClusterRoleBinding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\n",
      good: "kind: RoleBinding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\n",
    },
  },
  check({ model, report }) {
    for (const binding of model.resources) {
      if (!BINDING_KINDS.has(binding.kind) || !isRbac(binding)) continue;
      const ref = roleRefOf(binding);
      if (!ref) continue;
      const role = boundRole(binding, model.index);
      const admin = (ref.kind === "ClusterRole" && ref.name === "cluster-admin") || (role !== undefined && policyRules(role).some((r) => isAllPowerful(r.rule)));
      if (!admin) continue;
      const grant = ref.name === "cluster-admin" ? "cluster-admin" : `${ref.kind} "${ref.name}" (all verbs on all resources)`;
      const scope = binding.kind === "RoleBinding" ? ` in namespace ${binding.namespace}` : "";
      report({
        target: { resource: binding, path: ["roleRef", "name"] },
        message: `grants ${grant}${scope} to ${describeSubjects(binding)}`,
        severity: binding.kind === "RoleBinding" ? "warning" : "error",
      });
    }
  },
});
