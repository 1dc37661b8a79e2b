import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { containerSecurity, privilegedAsMeant } from "../src/model/security-context.js";

export default defineRule({
  meta: {
    id: "privileged-container",
    scope: "object",
    title: "Containers must not run privileged unless justified",
    category: "security",
    severity: "error",
    description:
      "Reports containers (regular, init and ephemeral) with securityContext.privileged: true. A node agent that truly needs it carries a justify.k8slint.io/privileged-container annotation saying why.",
    rationale:
      "A privileged container has every capability and every host device, and no seccomp or AppArmor confinement: a compromise of it is root on the node. Most agents that ask for privileged need only a few capabilities.",
    remediation:
      "Remove privileged: true and add only the capabilities the process needs (e.g. BPF, PERFMON); if the workload truly needs it, annotate the object with justify.k8slint.io/privileged-container: \"<why>\".",
    references: {
      guides: ["Ritma: the tracer DaemonSet runs privileged only with a written justification"],
      cis: ["CIS 5.2.2"],
      pss: ["PSS baseline: Privileged Containers"],
      equivalents: { kubeLinter: "privileged-container", kubeScore: "container-security-context-privileged", polaris: "runAsPrivileged", checkov: "CKV_K8S_16", trivy: "KSV017" },
      links: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
    },
    securitySeverity: 9.0,
    examples: {
      bad: "securityContext:\n  privileged: true\n",
      good: "securityContext:\n  privileged: false\n  capabilities:\n    drop: [ALL]\n    add: [BPF, PERFMON]\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const privileged = containerSecurity<unknown>(ref, "privileged");
      if (privileged.value === true) {
        // A suggestion: a CNI agent, a storage driver or a tracer stops working without it (justify those).
        const suggestions = [setValue("set privileged: false", privileged.path!, false)];
        report({ target: { resource: ref.pod.resource, path: privileged.path! }, message: `container "${ref.name}" runs privileged`, suggestions });
        continue;
      }
      // Meant privileged, as a quoted "true" or under a misspelt key (prviileged, securityContex): the API
      // server refuses it, which is the schema rule's finding; this one (and the justification it takes)
      // stands only where that rule is off.
      const meant = privilegedAsMeant(ref);
      if (meant) report({ target: { resource: ref.pod.resource, path: meant }, message: `container "${ref.name}" runs privileged`, causedBy: "schema" });
    }
  },
});
