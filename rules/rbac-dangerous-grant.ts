import { defineRule } from "../src/engine/rule.js";
import { isRbac, policyRules, ROLE_KINDS } from "../src/model/rbac.js";
import { roleBindings } from "../src/model/rbac-bindings.js";
import { aggregatedIntoBuiltinView, BUILTIN_VIEW_WHERE } from "../src/model/rbac-builtin-view.js";
import { describeGrants, escalatingGrants } from "../src/model/rbac-escalation.js";

export default defineRule({
  meta: {
    id: "rbac-dangerous-grant",
    scope: "subject",
    title: "Roles should not grant privilege escalation",
    category: "rbac",
    severity: "error",
    description:
      "Reports Role and ClusterRole rules that name a permission leading to more power than it says: create on pods/exec or pods/attach, update or patch on pods/ephemeralcontainers, get or create on nodes/proxy, create on persistentvolumes, create on serviceaccounts/token, bind or escalate on roles, impersonate, changes to admission webhooks and policies, approving or signing certificate requests, creating pods or workload controllers (Deployments, Jobs…), and changing existing ones (update or patch of Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and CronJobs, whose pod template is mutable). A ClusterRole bound by a ClusterRoleBinding, itself or through a ClusterRole whose aggregationRule selects it, is an error, as is one labelled rbac.authorization.k8s.io/aggregate-to-view (the built-in view role takes in its rules, and view is given to those who may only look); a Role, a ClusterRole bound per namespace, a role nothing in the set binds, and changes to admission configurations limited by resourceNames (a webhook server keeping its own CA bundle) are warnings. One finding per rule. Grants reached only through \"*\" are left to rbac-wildcard. This covers what Checkov CKV_K8S_155–158, Trivy KSV043–KSV055 and Polaris' pod exec checks report one permission at a time.",
    rationale:
      "Each of these permissions is a known path to cluster-admin: exec runs commands with another pod's ServiceAccount, creating a pod or a Deployment runs code as any ServiceAccount of the namespace and mounts its token, bind and escalate grant roles the holder lacks, impersonate acts as anyone, a mutating webhook sees and rewrites every object, and approving a CSR mints credentials. A compromised holder owns everything these reach.",
    remediation:
      "Remove the permission, or narrow it: a namespaced one to a Role in the one namespace that needs it; a cluster-wide one (a webhook configuration, nodes/proxy, certificate approval) to the objects it needs with resourceNames, which limits every verb but create. Bind it only to the ServiceAccount that uses it (limit bind, impersonate and serviceaccounts/token with resourceNames). Where the workload must keep it (a controller that creates pods or PersistentVolumes), justify it in the manifest.",
    defaultReason:
      "each finding is a path to cluster-admin that a maintainer removes, narrows to one namespace, or justifies in the manifest. On the corpora: 1 distinct grant (Argo CD's server may create Jobs in every namespace, bound cluster-wide), a fact its maintainers would have to justify.",
    references: {
      cis: ["CIS 5.1.4", "CIS 5.1.8", "CIS 5.1.9", "CIS 5.1.10", "CIS 5.1.11", "CIS 5.1.12", "CIS 5.1.13"],
      links: [
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks",
        "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping",
      ],
    },
    securitySeverity: 8.0,
    differences: [
      "Grants reached only through \"*\" are rbac-wildcard's finding, and one policy rule is one finding however many escalating grants it holds.",
      "Delegation limited with resourceNames (bind only the view role, mint tokens only of the named ServiceAccounts) is not reported, as the Kubernetes RBAC good practices recommend it.",
      "Sign or approve on signers limited to names outside kubernetes.io (a signer implementation's own signer names, as cert-manager and external issuers grant) is not reported: no cluster component trusts what they sign.",
    ],
    examples: {
      bad: "kind: ClusterRole\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods/exec]\n    verbs: [create]\n",
      good: "kind: Role\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods/log]\n    verbs: [get]\n",
    },
  },
  check({ model, report }) {
    const bindings = roleBindings(model.index);
    for (const role of model.resources) {
      if (!ROLE_KINDS.has(role.kind) || !isRbac(role)) continue;
      // Labelled into the built-in view role: every holder of view is granted what it grants.
      const intoView = aggregatedIntoBuiltinView(role, model.index);
      const wideBound = bindings.clusterWide(role, intoView);
      const wide = wideBound?.binding;
      const localBound = bindings.inNamespace(role, intoView);
      const local = localBound?.binding;
      // In view, the role reaches every holder of view, which clusters also bind cluster-wide: that is
      // said before any RoleBinding of the set.
      const inNamespace = intoView
        ? BUILTIN_VIEW_WHERE
        : local
          ? `in namespace ${local.namespace} (bound by RoleBinding "${local.name}"${localBound.via})`
          : role.kind === "Role"
            ? `in namespace ${role.namespace} (no binding in the set)`
            : "wherever it is bound (no binding in the set)";
      // Bound only by RoleBindings, or a Role: what belongs to no namespace is not granted at all.
      const namespacedOnly = !wide && !intoView && (local !== undefined || role.kind === "Role");
      for (const { rule, path, index } of policyRules(role)) {
        const grants = escalatingGrants(rule).filter((g) => !namespacedOnly || !g.clusterScoped);
        if (grants.length === 0) continue;
        const where = !wide
          ? inNamespace
          : grants.every((g) => g.clusterScoped)
            ? `cluster-wide (bound by ClusterRoleBinding "${wide.name}"${wideBound.via})`
            : `in every namespace (bound by ClusterRoleBinding "${wide.name}"${wideBound.via})`;
        // Only named admission configurations (a webhook server keeping its own CA bundle): a warning
        // that says which; what it can rewrite is what those configurations intercept.
        const named = grants.every((g) => g.namedOnly !== undefined) ? [...new Set(grants.flatMap((g) => g.namedOnly ?? []))] : undefined;
        const effects = named
          ? `changes what ${named.map((n) => `"${n}"`).join(", ")} ${named.length > 1 ? "intercept" : "intercepts"} (limited by resourceNames)`
          : [...new Set(grants.map((g) => g.effect))].join("; ");
        report({
          target: { resource: role, path: [...path, "verbs", grants[0].verbIndex] },
          message: `rules[${index}] grants ${describeGrants(grants)} ${where}: ${effects}`,
          // Given to every holder of view, a role meant to look and not act, even without a binding in the set.
          severity: (wide || intoView) && !named ? "error" : "warning",
        });
      }
    }
  },
});
