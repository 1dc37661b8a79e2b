import { defineRule } from "../src/engine/rule.js";
import { allows, isRbac, policyRules, ROLE_KINDS, strings } from "../src/model/rbac.js";
import { roleBindings } from "../src/model/rbac-bindings.js";
import { aggregatedIntoBuiltinView, BUILTIN_VIEW_WHERE } from "../src/model/rbac-builtin-view.js";

const READ = ["get", "list", "watch"];

export default defineRule({
  meta: {
    id: "rbac-secrets-access",
    scope: "subject",
    title: "Roles should not read secrets broadly",
    category: "rbac",
    severity: "error",
    description:
      "Reports rules that allow get, list or watch (or *) on secrets for any secret name. A ClusterRole bound with a ClusterRoleBinding (secrets of every namespace), itself or through a ClusterRole whose aggregationRule selects it, is an error, as is one labelled rbac.authorization.k8s.io/aggregate-to-view, whose rules the built-in view role takes in (view is meant to read no secrets); a ClusterRole bound only per namespace is a warning; a Role, which reads only the Secrets of its own namespace, is info. Rules limited to resourceNames are not reported.",
    rationale:
      "Reading secrets yields every credential stored in them, including service account tokens of more powerful accounts: list and watch return the values, not just the names.",
    remediation:
      "Grant access to the named secrets only (resourceNames: [the-secret]) in a Role in the workload's namespace, or mount the secret into the pod instead of reading it through the API. Never label a role that reads secrets aggregate-to-view.",
    references: {
      cis: ["CIS 5.1.2"],
      equivalents: { kubeLinter: "access-to-secrets", trivy: "KSV041" },
      links: ["https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets"],
    },
    securitySeverity: 7.5,
    examples: {
      bad: "kind: ClusterRole\nrules:\n  - apiGroups: [\"\"]\n    resources: [secrets]\n    verbs: [get, list]\n",
      good: "kind: Role\nrules:\n  - apiGroups: [\"\"]\n    resources: [secrets]\n    resourceNames: [app-tls]\n    verbs: [get]\n",
    },
  },
  check({ model, report }) {
    const bindings = roleBindings(model.index);
    for (const role of model.resources) {
      if (!ROLE_KINDS.has(role.kind) || !isRbac(role)) continue;
      // Labelled into the built-in view role: every holder of view reads what it reads.
      const intoView = aggregatedIntoBuiltinView(role, model.index);
      // A ClusterRole's rules are also granted by the bindings of the ClusterRoles that aggregate it.
      const wide = role.kind === "ClusterRole" ? bindings.clusterWide(role, intoView) : undefined;
      const binding = wide?.binding;
      const via = wide?.via ?? "";
      // Bound only per namespace: the message names where, as rbac-dangerous-grant's does, rather
      // than reading like a role the set does not bind.
      const localBound = role.kind === "ClusterRole" && !binding && !intoView ? bindings.inNamespace(role, false) : undefined;
      const local = localBound?.binding;
      const localVia = localBound?.via ?? "";
      for (const { rule, path } of policyRules(role)) {
        if (strings(rule.resourceNames).length > 0 || !allows(rule, READ, "secrets", "")) continue;
        const verbs = strings(rule.verbs).filter((v) => v === "*" || READ.includes(v));
        const what = `can ${verbs.includes("*") ? "read and change" : verbs.join("/")} secrets`;
        const message = binding
          ? `${what} in every namespace (bound by ClusterRoleBinding "${binding.name}"${via})`
          : `${what}${
              role.kind === "Role"
                ? ` in namespace ${role.namespace}`
                : intoView
                  ? ` ${BUILTIN_VIEW_WHERE}`
                  : local
                    ? ` in namespace ${local.namespace} (bound by RoleBinding "${local.name}"${localVia})`
                    : " wherever it is bound (no binding in the set)"
            }`;
        // Cluster-wide, or to every holder of view, is an error; a Role reads only its own namespace's
        // Secrets, which its workloads often own (info).
        report({ target: { resource: role, path: [...path, "verbs"] }, message, severity: binding || intoView ? "error" : role.kind === "Role" ? "info" : "warning" });
      }
    }
  },
});
