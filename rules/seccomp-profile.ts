import { defineRule } from "../src/engine/rule.js";
import { effectiveSecurity, securityContextPath } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isWindowsPod } from "../src/model/pod-os.js";

export default defineRule({
  meta: {
    id: "seccomp-profile",
    title: "Pods must use a seccomp profile",
    category: "security",
    severity: "warning",
    description:
      "Reports containers whose effective seccompProfile (container over pod) is missing or Unconfined. RuntimeDefault and Localhost profiles satisfy it.",
    rationale:
      "Without a seccomp profile a container may call every system call the kernel offers, including the rarely used ones most kernel exploits go through. RuntimeDefault blocks them at no cost to ordinary applications.",
    remediation: "Set securityContext.seccompProfile.type: RuntimeDefault in the pod's securityContext (or Localhost with a profile written for the workload).",
    references: {
      guides: ["Ritma: Review security context and capabilities"],
      cis: ["CIS 5.7.2"],
      pss: ["PSS restricted: Seccomp"],
      equivalents: { kubeScore: "pod-seccomp", checkov: "CKV_K8S_31", trivy: "KSV030" },
    },
    securitySeverity: 5.0,
    examples: {
      bad: "securityContext:\n  seccompProfile:\n    type: Unconfined\n",
      good: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      if (isWindowsPod(ref.pod)) continue;
      const resource = ref.pod.resource;
      const profile = effectiveSecurity<unknown>(ref, "seccompProfile");
      const type = isRecord(profile.value) ? profile.value.type : undefined;
      if (type === "RuntimeDefault" || type === "Localhost") continue;
      if (type === "Unconfined") {
        report({ target: { resource, path: [...profile.path!, "type"] }, message: `container "${ref.name}" runs with seccomp profile Unconfined` });
      } else {
        const message = profile.path
          ? `container "${ref.name}" has a seccompProfile whose type is neither RuntimeDefault nor Localhost`
          : `container "${ref.name}" has no seccomp profile`;
        report({ target: { resource, path: profile.path ?? securityContextPath(ref) }, message });
      }
    }
  },
});
