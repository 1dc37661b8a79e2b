import { defineRule } from "../src/engine/rule.js";
import { removeValue } from "../src/engine/fix.js";
import { isRecord } from "../src/model/pod-spec.js";
import { kubeMinor } from "../src/kube-version.js";
import { SAFE_SYSCTLS_SINCE } from "../src/pod-security/allowed-values.js";

export default defineRule({
  meta: {
    id: "unsafe-sysctls",
    scope: "object",
    title: "Pods must set only safe sysctls",
    category: "security",
    severity: "error",
    description:
      "Reports sysctls in a pod's securityContext.sysctls outside the Pod Security baseline's safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, ip_unprivileged_port_start, tcp_syncookies, ping_group_range; from 1.27 ip_local_reserved_ports, from 1.29 the tcp_keepalive_*/tcp_fin_timeout settings, from 1.32 tcp_rmem and tcp_wmem, as the target version (--kube-version) has them). A name written with slashes (net/ipv4/tcp_syncookies) is the same sysctl as with dots.",
    rationale:
      "An unsafe sysctl is either not namespaced (it changes the node for every pod) or not isolated (one pod can exhaust a kernel resource its neighbours share). The kubelet refuses such pods (SysctlForbidden) unless the node was started with --allowed-unsafe-sysctls, and the Pod Security baseline rejects them.",
    remediation: "Remove the sysctl from the pod, or set it on the node (a tuned profile or a node-level DaemonSet reviewed by the cluster's owners) instead.",
    defaultReason:
      "such a pod does not even start on a default node (no finding on the corpora).",
    references: {
      pss: ["PSS baseline: Sysctls"],
      equivalents: { kubeLinter: "unsafe-sysctls", trivy: "KSV026" },
      links: ["https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"],
    },
    securitySeverity: 6.0,
    differences: [
      "The safe set is the Pod Security baseline's (with the sysctls it added in 1.27, 1.29 and 1.32, each from its version), not a list of unsafe prefixes as in kube-linter, so a sysctl the baseline does not name is reported rather than passed.",
    ],
    examples: {
      bad: "securityContext:\n  sysctls:\n    - name: kernel.msgmax\n      value: \"65536\"\n",
      good: "securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: \"32768 60999\"\n",
    },
  },
  check({ model, report }) {
    const minor = kubeMinor(model.settings.kubeVersion);
    for (const pod of model.pods) {
      const psc = (pod.spec as { securityContext?: unknown }).securityContext;
      if (!isRecord(psc) || !Array.isArray(psc.sysctls)) continue;
      psc.sysctls.forEach((s, i) => {
        if (!isRecord(s) || typeof s.name !== "string") return;
        // The kubelet accepts both separators and canonicalizes "/" to ".".
        const name = s.name.replace(/\//g, ".");
        const since = SAFE_SYSCTLS_SINCE.get(name);
        if (since !== undefined && since <= minor) return;
        // A suggestion: the workload may need it on nodes that allow it (--allowed-unsafe-sysctls).
        const item = [...pod.specPath, "securityContext", "sysctls", i];
        const suggestions = [removeValue(`remove sysctl ${s.name}`, pod.resource.object, item)];
        const later = since !== undefined ? ` (safe from Kubernetes 1.${since}; --kube-version ${model.settings.kubeVersion})` : "";
        report({ target: { resource: pod.resource, path: [...item, "name"] }, message: `sets unsafe sysctl ${s.name}${later}`, suggestions });
      });
    }
  },
});
