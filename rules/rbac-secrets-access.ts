import { defineRule } from "../src/engine/rule.js";
import { allows, isRbac, policyRules, roleRefOf, ROLE_KINDS, strings } from "../src/model/rbac.js";
import { aggregatingRoles } from "../src/model/rbac-aggregation.js";
import { aggregatedIntoBuiltinView, BUILTIN_VIEW_WHERE, THROUGH_BUILTIN_VIEW } from "../src/model/rbac-builtin-view.js";
import type { Resource } from "../src/model/resource.js";

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
    // ClusterRoles bound cluster-wide, and those bound per namespace by a RoleBinding, by name: one
    // pass over the bindings.
    const clusterWide = new Map<string, Resource>();
    const perNamespace = new Map<string, Resource>();
    for (const b of model.index.ofKind("ClusterRoleBinding")) {
      const ref = roleRefOf(b);
      if (ref && ref.kind === "ClusterRole" && isRbac(b) && !clusterWide.has(ref.name)) clusterWide.set(ref.name, b);
    }
    for (const b of model.index.ofKind("RoleBinding")) {
      const ref = roleRefOf(b);
      if (ref && ref.kind === "ClusterRole" && isRbac(b) && !perNamespace.has(ref.name)) perNamespace.set(ref.name, b);
    }
    for (const role of model.resources) {
      if (!ROLE_KINDS.has(role.kind) || !isRbac(role)) continue;
      // A ClusterRole's rules are also granted by the bindings of the ClusterRoles that aggregate it.
      let binding: Resource | undefined;
      let via = "";
      // Labelled into the built-in view role: every holder of view reads what it reads.
      const intoView = aggregatedIntoBuiltinView(role, model.index);
      // Bound only per namespace: the message names where, as rbac-dangerous-grant's does, rather
      // than reading like a role the set does not bind.
      let local: Resource | undefined;
      let localVia = "";
      if (role.kind === "ClusterRole") {
        const holders = [role, ...aggregatingRoles(model.index, role)];
        for (const holder of holders) {
          binding = clusterWide.get(holder.name);
          if (!binding) continue;
          if (holder !== role) via = ` through ClusterRole "${holder.name}", which aggregates it`;
          break;
        }
        if (!binding && intoView && (binding = clusterWide.get("view"))) via = THROUGH_BUILTIN_VIEW;
        if (!binding && !intoView) {
          for (const holder of holders) {
            local = perNamespace.get(holder.name);
            if (!local) continue;
            if (holder !== role) localVia = ` through ClusterRole "${holder.name}", which aggregates it`;
            break;
          }
        }
      }
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
