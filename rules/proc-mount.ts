import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { containerSecurity, userNamespaced } from "../src/model/security-context.js";
import { kubeMinor } from "../src/kube-version.js";

export default defineRule({
  meta: {
    id: "proc-mount",
    scope: "object",
    title: "Containers must not unmask /proc",
    category: "security",
    severity: "error",
    description: "Reports containers (regular, init and ephemeral) with securityContext.procMount: Unmasked, except in a pod with a user namespace of its own (hostUsers: false), where the Pod Security baseline allows it from 1.35.",
    rationale:
      "The runtime masks and makes read-only the parts of /proc that expose or control the host kernel (/proc/kcore, /proc/sys, /proc/sysrq-trigger…). Unmasked lifts that: a process in the container can read kernel memory and change kernel settings. It exists for nested container runtimes inside user namespaces, and the Pod Security baseline forbids it.",
    remediation: "Remove procMount from the securityContext (or set it to Default).",
    defaultReason:
      "an ordinary workload never needs it (no finding on the corpora), and the Pod Security baseline rejects it.",
    references: {
      pss: ["PSS baseline: /proc Mount Type"],
      equivalents: { kubeLinter: "unsafe-proc-mount", trivy: "KSV027" },
      links: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
    },
    securitySeverity: 7.5,
    examples: { bad: "securityContext:\n  procMount: Unmasked\n", good: "securityContext:\n  procMount: Default\n" },
  },
  check({ model, report }) {
    const minor = kubeMinor(model.settings.kubeVersion);
    for (const ref of model.containers) {
      const mount = containerSecurity<unknown>(ref, "procMount");
      // In a user namespace of its own the unmasked /proc is the pod's: the baseline allows it (from 1.35).
      if (mount.value !== "Unmasked" || userNamespaced(ref.pod, minor)) continue;
      // A suggestion: a workload that runs containers itself (nested runtimes) may need the unmasked /proc.
      const suggestions = [setValue("set procMount: Default", mount.path!, "Default")];
      report({ target: { resource: ref.pod.resource, path: mount.path! }, message: `container "${ref.name}" unmasks /proc (procMount: Unmasked)`, suggestions });
    }
  },
});
