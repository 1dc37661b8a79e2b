import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import { containerSecurity } from "../src/model/security-context.js";

export default defineRule({
  meta: {
    id: "host-process",
    scope: "object",
    title: "Windows containers must not run as host processes",
    category: "security",
    severity: "error",
    description: "Reports windowsOptions.hostProcess: true in a pod's securityContext or a container's.",
    rationale:
      "A HostProcess container runs directly on the Windows node, outside any container isolation, with the node's file system, network and (as SYSTEM) administrator rights: the Windows counterpart of a privileged container. The Pod Security Standards forbid it from the baseline level up.",
    remediation: "Remove hostProcess: true; run node agents that need the host as a separately reviewed, justified workload.",
    defaultReason:
      "a host process is a Pod Security Standards baseline violation that every maintainer either removes or justifies in the manifest. None on the seed or public corpora.",
    references: {
      pss: ["PSS baseline: HostProcess"],
      equivalents: { trivy: "KSV103" },
      links: ["https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"],
    },
    securitySeverity: 8.0,
    examples: {
      bad: "securityContext:\n  windowsOptions:\n    hostProcess: true\n",
      good: "securityContext:\n  windowsOptions:\n    runAsUserName: \"ContainerUser\"\n",
    },
  },
  check({ model, report }) {
    // As the Pod Security Standards do, the pod's field and each container's are judged on their own.
    for (const pod of model.pods) {
      const sc = (pod.spec as { securityContext?: unknown }).securityContext;
      if (isRecord(sc) && isRecord(sc.windowsOptions) && sc.windowsOptions.hostProcess === true) {
        report({ target: { resource: pod.resource, path: [...pod.specPath, "securityContext", "windowsOptions", "hostProcess"] }, message: "pod runs as a Windows host process" });
      }
    }
    for (const ref of model.containers) {
      const opts = containerSecurity<unknown>(ref, "windowsOptions");
      if (!isRecord(opts.value) || opts.value.hostProcess !== true || !opts.path) continue;
      report({ target: { resource: ref.pod.resource, path: [...opts.path, "hostProcess"] }, message: `container "${ref.name}" runs as a Windows host process` });
    }
  },
});
