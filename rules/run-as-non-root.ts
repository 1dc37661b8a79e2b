import { defineRule } from "../src/engine/rule.js";
import { effectiveSecurity, securityContextPath } from "../src/model/security-context.js";

export default defineRule({
  meta: {
    id: "run-as-non-root",
    title: "Containers must run as a non-root user",
    category: "security",
    severity: "error",
    description:
      "Reports containers whose effective security context (container over pod) neither sets runAsNonRoot: true nor a non-zero runAsUser, and containers that explicitly run as root.",
    rationale:
      "A process running as root in a container is root on the node once it escapes the container (a kernel or runtime bug is enough). runAsNonRoot makes the kubelet refuse to start an image whose user is root.",
    remediation:
      "Set securityContext.runAsNonRoot: true (on the pod or the container) and run the image as a non-zero UID, e.g. runAsUser: 10001.",
    references: {
      guides: ["Ritma: Review security context and capabilities", "CONTINUUM: RunAsNonRoot enforced", "Santaclaude: runAsNonRoot: true"],
      cis: ["CIS 5.2.6"],
      pss: ["PSS restricted: Running as Non-root"],
      equivalents: { kubeLinter: "run-as-non-root", kubeScore: "container-security-context-user-group-id", polaris: "runAsRootAllowed", checkov: "CKV_K8S_23", trivy: "KSV012" },
    },
    securitySeverity: 7.0,
    examples: {
      bad: "containers:\n  - name: app\n    image: app:1.0\n",
      good: "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\ncontainers:\n  - name: app\n    image: app:1.0\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const resource = ref.pod.resource;
      const user = effectiveSecurity<unknown>(ref, "runAsUser");
      const nonRoot = effectiveSecurity<unknown>(ref, "runAsNonRoot");
      if (user.value === 0) {
        report({ target: { resource, path: user.path! }, message: `container "${ref.name}" runs as root (runAsUser: 0)` });
      } else if (nonRoot.value === false) {
        report({ target: { resource, path: nonRoot.path! }, message: `container "${ref.name}" sets runAsNonRoot: false` });
      } else if (nonRoot.value !== true && !(typeof user.value === "number" && user.value > 0)) {
        report({ target: { resource, path: securityContextPath(ref) }, message: `container "${ref.name}" is not set to runAsNonRoot` });
      }
    }
  },
});
