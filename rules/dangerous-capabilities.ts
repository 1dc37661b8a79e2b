import { defineRule } from "../src/engine/rule.js";
import { removeValue, setValue } from "../src/engine/fix.js";
import { containerSecurity } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";
import { BASELINE_CAPABILITIES, RESTRICTED_CAPABILITIES } from "../src/pod-security/allowed-values.js";

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
    scope: "object",
    title: "Containers must not add dangerous capabilities unless justified",
    category: "security",
    severity: "error",
    description: `Reports every capabilities.add entry outside the Pod Security Standards baseline allow-list (${[...BASELINE_CAPABILITIES].join(", ")}), with or without the CAP_ prefix and in any case, one finding per capability: ${Object.keys(DANGEROUS).join(", ")} as errors, the others (SYS_TIME, IPC_LOCK, SYS_RAWIO, SYS_BOOT, MAC_ADMIN, SYS_RESOURCE…) as warnings. With the restricted option only NET_BIND_SERVICE may be added, as the restricted profile demands. An allowed capability written otherwise than the list has it (CAP_CHOWN, chown) is a warning with the listed name as its fix: Pod Security compares the names as written.`,
    rationale:
      "These capabilities let a process escape or see through the container: SYS_ADMIN is close to root on the node, SYS_MODULE loads kernel code, BPF and PERFMON read kernel and other processes' data, NET_RAW spoofs traffic. Any capability outside the baseline allow-list is refused by a namespace enforcing Pod Security baseline, and each widens what an exploit can do (SYS_TIME sets the node's clock, SYS_RAWIO reads raw devices, SYS_BOOT reboots).",
    remediation:
      "Remove the capability from capabilities.add; if the workload truly needs it (an eBPF tracer), annotate the object with justify.k8slint.io/dangerous-capabilities: \"<why>\".",
    references: {
      guides: ["Ritma: the tracer adds SYS_ADMIN, BPF and PERFMON", "Ritma: Review security context and capabilities"],
      cis: ["CIS 5.2.8", "CIS 5.2.9"],
      pss: ["PSS baseline: Capabilities"],
      equivalents: { polaris: "dangerousCapabilities", trivy: "KSV022 (KSV106 with the restricted option)" },
    },
    options: {
      restricted: {
        type: "boolean",
        default: false,
        description: "Make the Pod Security restricted profile the bar: every added capability but NET_BIND_SERVICE is reported (the baseline ones as warnings).",
      },
    },
    securitySeverity: 8.0,
    examples: {
      bad: "capabilities:\n  add: [SYS_ADMIN]\n",
      good: "capabilities:\n  drop: [ALL]\n  add: [NET_BIND_SERVICE]\n",
    },
  },
  check({ model, options, report }) {
    const allowed = options.restricted === true ? RESTRICTED_CAPABILITIES : BASELINE_CAPABILITIES;
    for (const ref of model.containers) {
      const caps = containerSecurity<unknown>(ref, "capabilities");
      const add = isRecord(caps.value) ? caps.value.add : undefined;
      if (!Array.isArray(add)) continue;
      add.forEach((c, i) => {
        if (typeof c !== "string") return;
        const name = c.toUpperCase().replace(/^CAP_/, "");
        const what = DANGEROUS[name];
        const target = { resource: ref.pod.resource, path: [...caps.path!, "add", i] };
        // A suggestion: the workload may need it (justify those).
        const suggestions = [removeValue(`remove ${name} from capabilities.add`, ref.pod.resource.object, [...caps.path!, "add", i])];
        if (what) report({ target, message: `container "${ref.name}" adds capability ${name} (${what})`, suggestions });
        else if (!allowed.has(name)) {
          const bar = allowed === RESTRICTED_CAPABILITIES ? "Pod Security restricted" : "the Pod Security baseline";
          report({ target, message: `container "${ref.name}" adds capability ${name}, which ${bar} does not allow`, severity: "warning", suggestions });
        } else if (c !== name) {
          // Pod Security compares the strings as written (capabilities_allowed_1_0.Has): CAP_CHOWN and chown are refused.
          const bar = allowed === RESTRICTED_CAPABILITIES ? "Pod Security restricted" : "the Pod Security baseline";
          report({ target, message: `container "${ref.name}" adds capability ${JSON.stringify(c)}, which ${bar} allows only written as ${name}`, severity: "warning", fix: setValue(`write ${name}`, target.path, name) });
        }
      });
    }
  },
});
