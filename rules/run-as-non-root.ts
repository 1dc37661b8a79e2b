import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { addedCapabilities, effectiveSecurity, securityContextPath } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isWindowsPod } from "../src/model/pod-os.js";

export default defineRule({
  meta: {
    id: "run-as-non-root",
    scope: "object",
    title: "Containers must run as a non-root user",
    category: "security",
    severity: "error",
    description:
      "Reports containers whose effective security context (container over pod) neither sets runAsNonRoot: true nor a non-zero runAsUser, and containers that explicitly run as root. Also reports root's group: runAsGroup: 0 (container or pod), supplementalGroups containing 0 and fsGroup: 0, once where each is written.",
    rationale:
      "A process running as root in a container is root on the node once it escapes the container (a kernel or runtime bug is enough). runAsNonRoot makes the kubelet refuse to start an image whose user is root. Group 0 is root's group: a process in it reads and writes every file the image or a volume leaves group-writable for root (fsGroup: 0 hands it the pod's volumes), even with a non-root user.",
    remediation:
      "Set securityContext.runAsNonRoot: true (on the pod or the container) and run the image as a non-zero UID and GID, e.g. runAsUser: 10001 and runAsGroup: 10001; use a non-zero fsGroup and supplementalGroups. On Windows, set windowsOptions.runAsUserName: ContainerUser with runAsNonRoot: true.",
    references: {
      guides: ["Ritma: Review security context and capabilities", "CONTINUUM: RunAsNonRoot enforced", "Santaclaude: runAsNonRoot: true"],
      cis: ["CIS 5.2.6"],
      pss: ["PSS restricted: Running as Non-root"],
      equivalents: { kubeLinter: "run-as-non-root", polaris: "runAsRootAllowed", checkov: "CKV_K8S_23", trivy: "KSV012 / KSV029" },
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
      // A user id is the image's business: the suggestion names one for a person to check against the image.
      // Made only for a container reported on (most are not).
      // Root keeps the capabilities the container adds (NET_ADMIN for a network agent); a non-root user
      // would lose them (no ambient capabilities): no suggestion there, and the message says why.
      const added = addedCapabilities(ref);
      const keeps = added.length > 0 ? ` (as root it holds the capabilities it adds, ${added.join(", ")}, which a non-root user would not)` : "";
      const windows = isWindowsPod(ref.pod);
      const suggestions = () => {
        if (added.length > 0) return [];
        // Windows has no UIDs: a non-root container runs as ContainerUser (the kubelet refuses
        // runAsNonRoot for ContainerAdministrator, the default user of Windows Server images).
        if (windows) return [setValue("run as ContainerUser (runAsNonRoot: true, windowsOptions.runAsUserName: ContainerUser)", [...ref.path, "securityContext"], { runAsNonRoot: true, windowsOptions: { runAsUserName: "ContainerUser" } })];
        const value = typeof user.value === "number" && user.value > 0 ? { runAsNonRoot: true } : { runAsNonRoot: true, runAsUser: 10001 };
        return [setValue(`run as a non-root user (${Object.entries(value).map(([k, v]) => `${k}: ${v}`).join(", ")})`, [...ref.path, "securityContext"], value)];
      };
      if (user.value === 0) {
        report({ target: { resource, path: user.path! }, message: `container "${ref.name}" runs as root (runAsUser: 0)${keeps}`, suggestions: suggestions() });
      } else if (nonRoot.value === false) {
        report({ target: { resource, path: nonRoot.path! }, message: `container "${ref.name}" sets runAsNonRoot: false${keeps}`, suggestions: suggestions() });
      } else if (nonRoot.value !== true && !(typeof user.value === "number" && user.value > 0)) {
        report({ target: { resource, path: securityContextPath(ref) }, message: `container "${ref.name}" is not set to runAsNonRoot${keeps}`, suggestions: suggestions() });
      }
      const csc = ref.container.securityContext;
      if (isRecord(csc) && csc.runAsGroup === 0) {
        report({ target: { resource, path: [...ref.path, "securityContext", "runAsGroup"] }, message: `container "${ref.name}" runs in the root group (runAsGroup: 0)` });
      }
    }
    // Pod-level groups apply to every container: one finding where each is written, not one per container.
    for (const pod of model.pods) {
      const psc = pod.spec.securityContext;
      if (!isRecord(psc)) continue;
      const at = (...rest: (string | number)[]) => ({ resource: pod.resource, path: [...pod.specPath, "securityContext", ...rest] });
      if (psc.runAsGroup === 0) report({ target: at("runAsGroup"), message: "pod runs its containers in the root group (runAsGroup: 0)" });
      if (Array.isArray(psc.supplementalGroups)) {
        const i = psc.supplementalGroups.indexOf(0);
        if (i >= 0) report({ target: at("supplementalGroups", i), message: "pod adds the root group to its containers (supplementalGroups: 0)" });
      }
      if (psc.fsGroup === 0) report({ target: at("fsGroup"), message: "pod gives its volumes to the root group (fsGroup: 0)" });
    }
  },
});
