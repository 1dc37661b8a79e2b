import { defineRule } from "../src/engine/rule.js";
import { definesServiceAccounts, mountsToken, podServiceAccount, runsNoPods } from "../src/model/service-accounts.js";
import { accountFieldMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "default-service-account",
    scope: "subject",
    title: "Workloads should run as their own ServiceAccount",
    category: "security",
    severity: "warning",
    description:
      "Reports workloads that run as their namespace's default ServiceAccount (serviceAccountName unset or default) with its token mounted, when the set creates ServiceAccounts of its own: the project gives its workloads their own identities, and this one was left out. A pod that does not mount the token is not reported (it cannot act as the account), and workloads scaled to replicas: 0 run no pod. Such a pod is this rule's finding, not service-account-token's as well.",
    rationale:
      "Every pod of a namespace that names no ServiceAccount shares the default one: a role bound to it for one workload is held by all of them, and audit logs cannot tell them apart. A set with no ServiceAccounts at all is left to service-account-token. (kube-linter's default-service-account reports every pod on the default account, token or not.)",
    remediation:
      "Set automountServiceAccountToken: false in the pod spec if the workload does not call the API server; otherwise create a ServiceAccount for it, bind only the role it needs and set serviceAccountName to it.",
    defaultReason:
      "in a set that creates its own ServiceAccounts, a workload left on the default one with a live token is an oversight fixed with one line (Tarka's NATS and UI, Argo CD's dev-tilt UI).",
    references: {
      guides: ["Ritma: the privileged tracer DaemonSet runs as the default ServiceAccount"],
      cis: ["CIS 5.1.5"],
      links: ["https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts"],
    },
    securitySeverity: 4.0,
    differences: [
      "A pod that does not mount the token is not reported (it cannot act as the account), and neither is a set that creates no ServiceAccount at all, where kube-linter's default-service-account reports every pod on the default account.",
    ],
    examples: {
      bad: "spec:\n  template:\n    spec:\n      containers:\n        - name: tracer\n          image: tracer:1.0\n",
      good: "spec:\n  template:\n    spec:\n      serviceAccountName: tracer\n      containers:\n        - name: tracer\n          image: tracer:1.0\n",
    },
  },
  check({ model, report }) {
    if (!definesServiceAccounts(model)) return;
    for (const pod of model.pods) {
      if (runsNoPods(pod)) continue;
      const sa = podServiceAccount(pod);
      // Without a token the pod cannot act as the account at all: nothing is shared.
      if (sa.name !== "default" || !mountsToken(pod, model)) continue;
      report({
        target: { resource: pod.resource, path: sa.path ?? pod.specPath },
        causedBy: accountFieldMisspelt(pod) ? "schema" : undefined,
        message: `runs as the default ServiceAccount of namespace ${pod.resource.namespace} with its token mounted, while the set creates its own ServiceAccounts`,
      });
    }
  },
});
