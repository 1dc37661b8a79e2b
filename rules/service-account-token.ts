import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { definesServiceAccounts, GrantedServiceAccounts, mountsToken, podServiceAccount, runsNoPods } from "../src/model/service-accounts.js";
import { accountFieldMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "service-account-token",
    scope: "subject",
    title: "Pods should not mount a ServiceAccount token they do not use",
    category: "security",
    severity: "warning",
    description:
      "Reports workloads that get a ServiceAccount token mounted (automountServiceAccountToken is not false on the pod nor on its ServiceAccount) while no RoleBinding or ClusterRoleBinding in the set grants that ServiceAccount any role. Only the namespace's default ServiceAccount and ServiceAccounts the set defines are judged: the bindings of one defined elsewhere are elsewhere too. A pod on the default ServiceAccount in a set that creates its own is default-service-account's finding instead; workloads scaled to replicas: 0 run no pod, and a pod Vault's agent injector serves (vault.hashicorp.com/agent-inject: \"true\") logs in to Vault with its token.",
    rationale:
      "The token is a credential for the API server at a well-known path in every container. With no role it only serves an attacker (for discovery, and for any permission granted to all ServiceAccounts later, or to system:authenticated); a token nothing needs should not be there to steal.",
    remediation:
      "Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount); if the workload does call the API server, give it its own ServiceAccount and bind the role it needs.",
    defaultReason:
      "in the seed systems every finding (26 on caracal, ritma, ritma-2025-12 and santaclaude) is a workload that never calls the API server (databases, queues, gateways, Ritma's privileged tracer), fixed with one line.",
    references: {
      guides: ["Ritma: the privileged tracer DaemonSet runs as the default ServiceAccount with its token mounted"],
      cis: ["CIS 5.1.6"],
      equivalents: { polaris: "automountServiceAccountToken", checkov: "CKV_K8S_38", trivy: "KSV036" },
      links: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"],
    },
    securitySeverity: 5.0,
    differences: [
      "Only a token nothing uses is reported: a ServiceAccount that some binding in the set grants a role (directly, as system:serviceaccount:<ns>:<name>, or through system:serviceaccounts groups) needs its token, where Checkov CKV_K8S_38, Trivy KSV036 and Polaris ask every pod to set automountServiceAccountToken: false.",
      "automountServiceAccountToken: false on the ServiceAccount counts, as Kubernetes applies it, unless the pod sets true.",
    ],
    examples: {
      bad: "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
      good: "spec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - name: app\n          image: app:1.0\n",
    },
  },
  check({ model, report }) {
    let granted: GrantedServiceAccounts | undefined;
    const ownAccounts = definesServiceAccounts(model);
    for (const pod of model.pods) {
      const ns = pod.resource.namespace ?? "";
      if (runsNoPods(pod)) continue;
      const sa = podServiceAccount(pod);
      if (sa.name !== "default" && !model.index.has("ServiceAccount", ns, sa.name)) continue;
      if (sa.name === "default" && ownAccounts) continue; // default-service-account's finding
      if (!mountsToken(pod, model)) continue;
      // Vault's agent injector logs in to Vault with the pod's token (Kubernetes auth, checked by Vault's
      // own reviewer): its webhook refuses a pod without the token mounted.
      if (String(pod.metadata.annotations?.["vault.hashicorp.com/agent-inject"]).toLowerCase() === "true") continue;
      granted ??= new GrantedServiceAccounts(model);
      if (granted.has(ns, sa.name)) continue;
      // Set without a namespace, the pod goes where `kubectl apply -n` puts it; a binding's subject
      // names that namespace (dashboard-install.yaml: a ClusterRoleBinding to argo-rollouts/…).
      if (!pod.resource.namespaceExplicit && granted.hasAnywhere(sa.name)) continue;
      const explicit = (pod.spec as { automountServiceAccountToken?: unknown }).automountServiceAccountToken === true;
      const path = explicit ? [...pod.specPath, "automountServiceAccountToken"] : (sa.path ?? pod.specPath);
      const who = sa.name === "default" ? "the default ServiceAccount" : `ServiceAccount "${sa.name}"`;
      // A suggestion: a workload may still call the API server with permissions granted outside the set,
      // and a mesh sidecar may read the token (Istio's injection did, on some versions).
      const suggestions = [setValue("set automountServiceAccountToken: false in the pod spec", [...pod.specPath, "automountServiceAccountToken"], false)];
      // A misspelt serviceAccountName or automountServiceAccountToken is the schema rule's finding, with the rename.
      const causedBy = accountFieldMisspelt(pod) ? "schema" : undefined;
      report({ target: { resource: pod.resource, path }, message: `mounts the token of ${who}, which no binding in the set grants any role`, suggestions, causedBy });
    }
  },
});
