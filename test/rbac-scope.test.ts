import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import rbacDangerousGrant from "../rules/rbac-dangerous-grant.js";
import rbacSecretsAccess from "../rules/rbac-secrets-access.js";

// Where a dangerous grant applies follows how Kubernetes' RBAC authorizer reads bindings: a
// ClusterRoleBinding grants everywhere, a RoleBinding only inside its namespace, so never what
// belongs to no namespace (webhook configurations, PersistentVolumes, nodes).

const role = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
rules:
${rules}`;
const WEBHOOKS = "  - apiGroups: [admissionregistration.k8s.io]\n    resources: [validatingwebhookconfigurations]\n    verbs: [update]\n";
const EXEC = "  - apiGroups: [\"\", admissionregistration.k8s.io]\n    resources: [pods/exec, mutatingwebhookconfigurations]\n    verbs: [create]\n";
const binding = (kind: "ClusterRoleBinding" | "RoleBinding", name: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}${kind === "RoleBinding" ? "\n  namespace: shop" : ""}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}
subjects: [{kind: ServiceAccount, name: ${name}, namespace: shop}]`;

/** A ClusterRole labelled `example.dev/aggregate-to-<aggregate>`, and the aggregate that selects it. */
const labelledRole = (name: string, aggregate: string, rules: string) =>
  role(name, rules).replace(`  name: ${name}\n`, `  name: ${name}\n  labels: {example.dev/aggregate-to-${aggregate}: "true"}\n`);
const aggregateRole = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {example.dev/aggregate-to-${name}: "true"}}]`;

function messages(...docs: string[]): string[] {
  return lint({ sources: [{ name: "rbac.yaml", text: docs.join("\n---\n") }], rules: [rbacDangerousGrant] }).findings.map((f) => f.message);
}

describe("rbac-dangerous-grant: where a grant applies", () => {
  it("says cluster-wide for what belongs to no namespace, bound by a ClusterRoleBinding", () => {
    expect(messages(role("admission", WEBHOOKS), binding("ClusterRoleBinding", "admission"))).toEqual([
      'rules[0] grants update validatingwebhookconfigurations cluster-wide (bound by ClusterRoleBinding "admission"): intercepts or disables admission of every object',
    ]);
  });

  it("says in every namespace when the rule also grants something namespaced", () => {
    const [m] = messages(role("debug", EXEC), binding("ClusterRoleBinding", "debug"));
    expect(m).toContain('grants create pods/exec and mutatingwebhookconfigurations in every namespace (bound by ClusterRoleBinding "debug")');
  });

  it("reports nothing that belongs to no namespace through a RoleBinding, which cannot grant it", () => {
    expect(messages(role("admission", WEBHOOKS), binding("RoleBinding", "admission"))).toEqual([]);
    expect(messages(role("debug", EXEC), binding("RoleBinding", "debug"))).toEqual([
      'rules[0] grants create pods/exec in namespace shop (bound by RoleBinding "debug"): runs commands in other pods',
    ]);
  });

  it("follows aggregation: a ClusterRole selected by a bound aggregate is granted by the aggregate's binding", () => {
    const core = labelledRole("core", "admission", WEBHOOKS);
    const aggregate = aggregateRole("admission");
    expect(messages(core, aggregate, binding("ClusterRoleBinding", "admission"))).toEqual([
      'rules[0] grants update validatingwebhookconfigurations cluster-wide (bound by ClusterRoleBinding "admission" through ClusterRole "admission", which aggregates it): intercepts or disables admission of every object',
    ]);
    // Through a RoleBinding the aggregate grants nothing that belongs to no namespace.
    expect(messages(core, aggregate, binding("RoleBinding", "admission"))).toEqual([]);
    // A selector that does not match the role's labels aggregates nothing: the role is unbound.
    expect(messages(core, aggregate.replace('"true"', '"false"'), binding("ClusterRoleBinding", "admission"))).toEqual([
      "rules[0] grants update validatingwebhookconfigurations wherever it is bound (no binding in the set): intercepts or disables admission of every object",
    ]);
  });

  it("follows the built-in view role's aggregation: a role labelled aggregate-to-view is granted to every holder of view", () => {
    const labelled = role("debug-viewer", EXEC).replace("  name: debug-viewer\n", '  name: debug-viewer\n  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}\n');
    expect(messages(labelled)).toEqual([
      'rules[0] grants create pods/exec and mutatingwebhookconfigurations wherever the built-in ClusterRole "view" is bound (labelled rbac.authorization.k8s.io/aggregate-to-view, its rules are view\'s): runs commands in other pods; intercepts or disables admission of every object',
    ]);
    // A ClusterRoleBinding of view in the set: in every namespace, through view.
    expect(messages(labelled, binding("ClusterRoleBinding", "view"))).toEqual([
      'rules[0] grants create pods/exec and mutatingwebhookconfigurations in every namespace (bound by ClusterRoleBinding "view" through the built-in ClusterRole "view", which aggregates it): runs commands in other pods; intercepts or disables admission of every object',
    ]);
    // A set that defines its own ClusterRole "view" (without an aggregationRule) does not take the role in.
    expect(messages(labelled, role("view", "  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [get]\n"))).toEqual([
      "rules[0] grants create pods/exec and mutatingwebhookconfigurations wherever it is bound (no binding in the set): runs commands in other pods; intercepts or disables admission of every object",
    ]);
    // Only the value "true" aggregates.
    expect(messages(labelled.replace('"true"', '"false"'))[0]).toContain("wherever it is bound (no binding in the set)");
  });

  it("still reports a ClusterRole that nothing in the set binds: a ClusterRoleBinding may be elsewhere", () => {
    expect(messages(role("admission", WEBHOOKS))).toEqual([
      "rules[0] grants update validatingwebhookconfigurations wherever it is bound (no binding in the set): intercepts or disables admission of every object",
    ]);
  });
});

describe("rbac-dangerous-grant: what a grant is", () => {
  it("names each set of verbs once, with the resources it is granted on (MetalLB's controller)", () => {
    const rules = "  - apiGroups: [admissionregistration.k8s.io]\n    resources: [validatingwebhookconfigurations, mutatingwebhookconfigurations]\n    verbs: [create, delete, get, list, patch, update, watch]\n";
    expect(messages(role("metallb-system:controller", rules), binding("ClusterRoleBinding", "metallb-system:controller"))).toEqual([
      'rules[0] grants create/update/patch/delete mutatingwebhookconfigurations and validatingwebhookconfigurations cluster-wide (bound by ClusterRoleBinding "metallb-system:controller"): intercepts or disables admission of every object',
    ]);
  });

  it("keeps resources granted different verbs apart", () => {
    const rules = "  - apiGroups: [\"\", admissionregistration.k8s.io]\n    resources: [pods/exec, validatingwebhookconfigurations]\n    verbs: [create, update]\n";
    const [m] = messages(role("debug", rules), binding("ClusterRoleBinding", "debug"));
    expect(m).toContain("grants create pods/exec, create/update validatingwebhookconfigurations in every namespace");
  });
});

describe("rbac-secrets-access: where a ClusterRole reads secrets", () => {
  const SECRETS = "  - apiGroups: [\"\"]\n    resources: [secrets]\n    verbs: [get, list]\n";
  const secretsMessages = (...docs: string[]) =>
    lint({ sources: [{ name: "rbac.yaml", text: docs.join("\n---\n") }], rules: [rbacSecretsAccess] }).findings.map((f) => f.message);

  it("names the namespace and the RoleBinding that grant it (Strimzi's cluster operator)", () => {
    expect(secretsMessages(role("strimzi-cluster-operator-namespaced", SECRETS), binding("RoleBinding", "strimzi-cluster-operator-namespaced"))).toEqual([
      'can get/list secrets in namespace shop (bound by RoleBinding "strimzi-cluster-operator-namespaced")',
    ]);
  });

  it("says when nothing in the set binds it", () => {
    expect(secretsMessages(role("reader", SECRETS))).toEqual(["can get/list secrets wherever it is bound (no binding in the set)"]);
  });

  it("follows aggregation to the RoleBinding of the aggregate", () => {
    expect(secretsMessages(labelledRole("core", "reader", SECRETS), aggregateRole("reader"), binding("RoleBinding", "reader"))).toEqual([
      'can get/list secrets in namespace shop (bound by RoleBinding "reader" through ClusterRole "reader", which aggregates it)',
    ]);
  });
});
