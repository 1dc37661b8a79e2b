import { defineRule } from "../src/engine/rule.js";
import { kubeMinor } from "../src/kube-version.js";
import { isRecord } from "../src/model/pod-spec.js";
import { containerSecurity } from "../src/model/security-context.js";
import type { Resource } from "../src/model/resource.js";
import type { ObjectPath } from "../src/types.js";
import { isWindowsPod } from "../src/model/pod-os.js";
import { removeValue } from "../src/engine/fix.js";
import { SELINUX_TYPES_SINCE } from "../src/pod-security/allowed-values.js";

export default defineRule({
  meta: {
    id: "selinux-options",
    scope: "object",
    title: "SELinux options must stay within the baseline",
    category: "security",
    severity: "error",
    description:
      "Reports seLinuxOptions (of the pod or of a container) that set a type outside container_t, container_init_t, container_kvm_t and (from 1.31) container_engine_t, or that set a user or a role. A level (MCS categories such as s0:c123,c456) is allowed.",
    rationale:
      "The SELinux type decides what a container may touch on the host: a custom type (spc_t, unconfined_t) lifts the confinement that keeps a compromised container off host files and other containers. Setting the SELinux user or role changes the identity the policy judges. The Pod Security Standards forbid both from the baseline level up.",
    remediation: "Remove seLinuxOptions.type, user and role so the runtime assigns container_t, keeping only level if the workload needs fixed MCS categories.",
    defaultReason:
      "a custom type, user or role is a Pod Security Standards baseline violation that every maintainer either removes or justifies in the manifest. None on the seed or public corpora (Ritma sets only a level).",
    references: {
      pss: ["PSS baseline: SELinux"],
      equivalents: { trivy: "KSV025" },
      links: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
    },
    securitySeverity: 7.0,
    examples: {
      bad: "securityContext:\n  seLinuxOptions:\n    type: spc_t\n",
      good: "securityContext:\n  seLinuxOptions:\n    level: \"s0:c123,c456\"\n",
    },
  },
  check({ model, report }) {
    const minor = kubeMinor(model.settings.kubeVersion);
    const checkOptions = (resource: Resource, value: unknown, path: ObjectPath, who: string) => {
      if (!isRecord(value)) return;
      if (typeof value.type === "string" && (SELINUX_TYPES_SINCE.get(value.type) ?? Infinity) > minor) {
        report({ target: { resource, path: [...path, "type"] }, message: `${who} sets SELinux type "${value.type}"` });
      }
      for (const field of ["user", "role"]) {
        const v = value[field];
        // Removing it leaves the runtime's default user and role, which the restricted profile expects.
        if (typeof v === "string" && v !== "") {
          report({ target: { resource, path: [...path, field] }, message: `${who} sets SELinux ${field} "${v}"`, suggestions: [removeValue(`remove seLinuxOptions.${field}`, resource.object, [...path, field])] });
        }
      }
    };
    // As the Pod Security Standards do, the pod's options and each container's are judged on their own.
    for (const pod of model.pods) {
      if (isWindowsPod(pod)) continue;
      const sc = (pod.spec as { securityContext?: unknown }).securityContext;
      if (isRecord(sc)) checkOptions(pod.resource, sc.seLinuxOptions, [...pod.specPath, "securityContext", "seLinuxOptions"], "pod");
    }
    for (const ref of model.containers) {
      if (isWindowsPod(ref.pod)) continue;
      const opts = containerSecurity<unknown>(ref, "seLinuxOptions");
      if (opts.path) checkOptions(ref.pod.resource, opts.value, opts.path, `container "${ref.name}"`);
    }
  },
});
