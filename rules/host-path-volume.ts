import { defineRule } from "../src/engine/rule.js";
import { containersOf, isRecord } from "../src/model/pod-spec.js";
import { isPublicNodeFile, isPublicTrustStore, isSensitiveHostPath, normalizeHostPath } from "../src/model/host-path.js";

export default defineRule({
  meta: {
    id: "host-path-volume",
    scope: "object",
    title: "Pods must not mount host paths unless justified",
    category: "security",
    severity: "warning",
    description:
      "Reports hostPath volumes. Sensitive node paths (/, /etc, /proc, /sys, /boot, /dev, /root, /var/lib/kubelet, container runtime sockets and the trees under them) are errors, except a CSI driver's own socket directory (/var/lib/kubelet/plugins/<driver>), and except the node's public CA certificates (/etc/ssl/certs, /etc/pki/tls/certs, /etc/ca-certificates…) and its world-readable files that hold no secret (/etc/localtime, /etc/os-release and the other release files, /etc/passwd, /etc/group) mounted read-only; other paths are warnings. The message says whether a container can write to the mount.",
    rationale:
      "A hostPath exposes the node's filesystem to the pod: /proc, /sys and /dev reach the kernel, /etc and the kubelet's directory hold node credentials, and the runtime socket starts privileged containers. Data written to a hostPath is tied to one node and lost when the pod moves.",
    remediation:
      "Replace the hostPath with a PersistentVolumeClaim (data), a ConfigMap or Secret (configuration) or an emptyDir (scratch); if a node agent truly needs it, mount it readOnly: true unless the agent must write there (a device plugin or CSI driver creates its socket in its directory), and annotate the object with justify.k8slint.io/host-path-volume: \"<why>\".",
    references: {
      guides: ["Ritma: the tracer mounts /proc, /var/log/audit and data directories from the host"],
      cis: ["CIS 5.2.12"],
      pss: ["PSS baseline: HostPath Volumes"],
      equivalents: { trivy: "KSV023" },
    },
    securitySeverity: 7.0,
    examples: {
      bad: "volumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock\n",
      good: "volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const volumes = (pod.spec as { volumes?: unknown }).volumes;
      if (!Array.isArray(volumes)) continue;
      let containers: ReturnType<typeof containersOf> | undefined;
      volumes.forEach((v, i) => {
        if (!isRecord(v) || !isRecord(v.hostPath)) return;
        const raw = typeof v.hostPath.path === "string" ? v.hostPath.path : "";
        const name = typeof v.name === "string" ? v.name : `#${i}`;
        containers ??= containersOf(pod);
        const writers: string[] = [];
        let mounted = false;
        for (const ref of containers) {
          const mounts = (ref.container as { volumeMounts?: unknown }).volumeMounts;
          if (!Array.isArray(mounts)) continue;
          for (const m of mounts) {
            if (!isRecord(m) || m.name !== v.name) continue;
            mounted = true;
            // A quoted "true" is the schema rule's finding; what it asks for is plain: read-only.
            if (m.readOnly !== true && m.readOnly !== "true" && !writers.includes(ref.name)) writers.push(ref.name);
          }
        }
        const access = !mounted
          ? "mounted by no container"
          : writers.length > 0
            ? `writable by container${writers.length > 1 ? "s" : ""} ${writers.map((w) => `"${w}"`).join(", ")}`
            : "read-only";
        // The node's public CA certificates, read-only, are what controllers mount to speak TLS; its
        // timezone, OS release and user tables, read-only, what node agents mount to describe it.
        const sensitive = raw !== "" && isSensitiveHostPath(raw) && !(writers.length === 0 && (isPublicTrustStore(raw) || isPublicNodeFile(raw)));
        const where = raw === "" ? "a host path" : `the node's ${normalizeHostPath(raw)}`;
        report({
          target: { resource: pod.resource, path: [...pod.specPath, "volumes", i, "hostPath", "path"] },
          severity: sensitive ? "error" : "warning",
          message: `hostPath volume "${name}" mounts ${where}${sensitive ? " (sensitive)" : ""}: ${access}`,
        });
      });
    }
  },
});
