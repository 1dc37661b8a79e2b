import { defineRule } from "../src/engine/rule.js";
import { containerSecurity } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";

/** What each capability hands the container, for the message. */
const DANGEROUS: Record<string, string> = {
  ALL: "every capability",
  SYS_ADMIN: "mount, namespaces and most of root's powers",
  NET_ADMIN: "control of the pod's network stack: routes, firewall rules, interfaces",
  SYS_PTRACE: "tracing and reading the memory of other processes",
  SYS_MODULE: "loading kernel modules",
  BPF: "loading eBPF programs into the kernel",
  PERFMON: "kernel performance monitoring and tracing",
  DAC_READ_SEARCH: "reading any file regardless of permissions",
  NET_RAW: "raw sockets: packet spoofing and sniffing",
};

export default defineRule({
  meta: {
    id: "dangerous-capabilities",
    title: "Containers must not add dangerous capabilities unless justified",
    category: "security",
    severity: "error",
    description: `Reports capabilities.add entries among ${Object.keys(DANGEROUS).join(", ")} (with or without the CAP_ prefix), one finding per capability.`,
    rationale:
      "These capabilities let a process escape or see through the container: SYS_ADMIN is close to root on the node, SYS_MODULE loads kernel code, BPF and PERFMON read kernel and other processes' data, NET_RAW spoofs traffic.",
    remediation:
      "Remove the capability from capabilities.add; if the workload truly needs it (an eBPF tracer), annotate the object with justify.k8slint.io/dangerous-capabilities: \"<why>\".",
    references: {
      guides: ["Ritma: the tracer adds SYS_ADMIN, BPF and PERFMON", "Ritma: Review security context and capabilities"],
      cis: ["CIS 5.2.8", "CIS 5.2.9"],
      pss: ["PSS baseline: Capabilities"],
      equivalents: { polaris: "dangerousCapabilities", checkov: "CKV_K8S_39", trivy: "KSV005" },
    },
    securitySeverity: 8.0,
    examples: {
      bad: "capabilities:\n  add: [SYS_ADMIN]\n",
      good: "capabilities:\n  drop: [ALL]\n  add: [NET_BIND_SERVICE]\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const caps = containerSecurity<unknown>(ref, "capabilities");
      const add = isRecord(caps.value) ? caps.value.add : undefined;
      if (!Array.isArray(add)) continue;
      add.forEach((c, i) => {
        if (typeof c !== "string") return;
        const name = c.toUpperCase().replace(/^CAP_/, "");
        const what = DANGEROUS[name];
        if (!what) return;
        report({ target: { resource: ref.pod.resource, path: [...caps.path!, "add", i] }, message: `container "${ref.name}" adds capability ${name} (${what})` });
      });
    }
  },
});
