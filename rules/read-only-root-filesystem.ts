import { defineRule } from "../src/engine/rule.js";
import { containerSecurity, securityContextPath } from "../src/model/security-context.js";
import { isWindowsPod } from "../src/model/pod-os.js";

export default defineRule({
  meta: {
    id: "read-only-root-filesystem",
    title: "Containers should have a read-only root filesystem",
    category: "security",
    severity: "warning",
    description: "Reports containers that do not set securityContext.readOnlyRootFilesystem: true.",
    rationale:
      "A writable root filesystem lets an attacker drop binaries and change configuration inside the container; it also hides state that is lost on restart. Writable paths belong in explicit volumes.",
    remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir volume at each path the process writes to (e.g. /tmp).",
    references: {
      guides: ["Ritma: Review security context and capabilities"],
      cis: ["CIS 5.7.3"],
      equivalents: { kubeLinter: "no-read-only-root-fs", kubeScore: "container-security-context-readonlyrootfilesystem", polaris: "notReadOnlyRootFilesystem", checkov: "CKV_K8S_22", trivy: "KSV014" },
    },
    securitySeverity: 4.0,
    examples: {
      bad: "securityContext:\n  readOnlyRootFilesystem: false\n",
      good: "securityContext:\n  readOnlyRootFilesystem: true\nvolumeMounts:\n  - name: tmp\n    mountPath: /tmp\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      if (isWindowsPod(ref.pod)) continue;
      const resource = ref.pod.resource;
      const ro = containerSecurity<unknown>(ref, "readOnlyRootFilesystem");
      if (ro.value === true) continue;
      if (ro.value === false) {
        report({ target: { resource, path: ro.path! }, message: `container "${ref.name}" has a writable root filesystem` });
      } else {
        report({ target: { resource, path: securityContextPath(ref) }, message: `container "${ref.name}" does not set readOnlyRootFilesystem to true` });
      }
    }
  },
});
