import type { Subject } from "kubernetes-types/rbac/v1.js";
import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import type { Model } from "../src/model/model.js";
import { BINDING_KINDS, boundRole, isRbac, policyRules, roleRefOf, strings } from "../src/model/rbac.js";
import type { Resource } from "../src/model/resource.js";

/** Subjects that stand for everyone, or for unconditional superusers. */
const RISKY: Record<string, { kinds: readonly string[]; who: string }> = {
  // A User only: the anonymous authenticator's groups are [system:unauthenticated]; no group system:anonymous exists.
  "system:anonymous": { kinds: ["User"], who: "every unauthenticated request" },
  "system:unauthenticated": { kinds: ["Group"], who: "every unauthenticated request" },
  "system:authenticated": { kinds: ["Group"], who: "every authenticated user and ServiceAccount of the cluster" },
  "system:masters": { kinds: ["Group"], who: "a group that bypasses RBAC entirely" },
};

/**
 * Whether the role a binding names is in the set and every rule of it is limited to named objects:
 * a deliberately public endpoint (Sealed Secrets lets every user proxy to its controller's Service to
 * fetch the sealing certificate). An aggregated ClusterRole's rules are not the ones written.
 */
function grantsNamedObjectsOnly(model: Model, binding: Resource): boolean {
  const role = boundRole(binding, model.index);
  if (!role || role.object.aggregationRule !== undefined) return false;
  const rules = policyRules(role);
  return rules.length > 0 && rules.every(({ rule }) => strings(rule.resourceNames).length > 0 && !strings(rule.verbs).includes("*"));
}

/** The API server's own bindings of its discovery roles to everyone (plugin/pkg/auth/authorizer/rbac/bootstrappolicy). */
const BOOTSTRAP_GRANTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["system:public-info-viewer", new Set(["system:authenticated", "system:unauthenticated"])],
  ["system:discovery", new Set(["system:authenticated"])],
  ["system:basic-user", new Set(["system:authenticated"])],
]);

export default defineRule({
  meta: {
    id: "rbac-risky-subject",
    scope: "subject",
    title: "Bindings must not grant to everyone or to system:masters",
    category: "rbac",
    severity: "error",
    description:
      "Reports RoleBinding and ClusterRoleBinding subjects that are the user system:anonymous, the group system:unauthenticated or system:authenticated, or the group system:masters; not the grants of the discovery roles (system:public-info-viewer, system:discovery, system:basic-user) that every cluster makes itself. A grant to system:authenticated of a role in the set whose every rule names its objects (resourceNames) is a warning.",
    rationale:
      "system:anonymous and system:unauthenticated are anyone who can reach the API server; system:authenticated is every ServiceAccount of every namespace as well as every user, so one compromised pod holds the role. system:masters is hard-wired to full access regardless of RBAC and cannot be revoked by removing bindings: naming it in a binding only adds confusion about who holds what.",
    remediation: "Bind the role to the specific users, groups or ServiceAccounts that need it instead of a system-wide group.",
    defaultReason:
      "no application's manifests need these subjects; none of the corpora uses them, so a finding is always worth a look.",
    references: {
      cis: ["CIS 5.1.7"],
      links: ["https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege"],
    },
    securitySeverity: 8.5,
    examples: {
      bad: "kind: ClusterRoleBinding\nsubjects:\n  - kind: Group\n    name: system:authenticated\n    apiGroup: rbac.authorization.k8s.io\n",
      good: "kind: ClusterRoleBinding\nsubjects:\n  - kind: Group\n    name: platform-team\n    apiGroup: rbac.authorization.k8s.io\n",
    },
  },
  check({ model, report }) {
    for (const binding of model.resources) {
      if (!BINDING_KINDS.has(binding.kind) || !isRbac(binding)) continue;
      const subjects = binding.object.subjects;
      if (!Array.isArray(subjects)) continue;
      const ref = roleRefOf(binding);
      const role = ref ? `${ref.kind} "${ref.name}"` : "its role";
      const scope = binding.kind === "RoleBinding" ? ` in namespace ${binding.namespace}` : "";
      subjects.forEach((s, i) => {
        if (!isRecord(s)) return;
        const subject = s as unknown as Subject;
        const risky = typeof subject.name === "string" ? RISKY[subject.name] : undefined;
        if (!risky || !risky.kinds.includes(subject.kind)) return;
        // The grants every cluster makes itself (bootstrappolicy's clusterRoleBindings).
        if (binding.kind === "ClusterRoleBinding" && ref?.kind === "ClusterRole" && BOOTSTRAP_GRANTS.get(ref.name)?.has(subject.name)) return;
        // Every user reaching a few named objects is a published endpoint, not the role given away.
        const named = subject.name === "system:authenticated" && grantsNamedObjectsOnly(model, binding);
        report({
          target: { resource: binding, path: ["subjects", i, "name"] },
          message: `grants ${role}${scope} to ${subject.kind} ${subject.name}: ${risky.who}${named ? " (the role names the objects it grants)" : ""}`,
          ...(named ? { severity: "warning" as const } : {}),
        });
      });
    }
  },
});
