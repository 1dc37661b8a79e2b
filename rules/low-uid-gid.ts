import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { effectiveSecurity, userNamespaced } from "../src/model/security-context.js";
import { kubeMinor } from "../src/kube-version.js";

export default defineRule({
  meta: {
    id: "low-uid-gid",
    scope: "object",
    title: "Containers should run with a UID and GID above the host's range",
    category: "security",
    severity: "warning",
    optIn: true,
    description:
      "Reports containers whose effective runAsUser or runAsGroup (container over pod) is set below the threshold (10000 by default). 0 is left to run-as-non-root; an unset value is the image's and is not judged. A pod in a user namespace of its own (hostUsers: false, from 1.35) is not judged: its ids map to the node's above 65535.",
    rationale:
      "Without user namespaces a container's UID is the node's UID: a process that escapes its container as UID 1000 acts as the node's first user, owning that user's files and processes. IDs of 10000 and above do not collide with accounts a distribution creates.",
    remediation: "Run the container as a UID and GID of 10000 or above (e.g. runAsUser: 10001, runAsGroup: 10001), building the image for it if needed.",
    defaultReason:
      "it would flood the corpora with deliberate choices: 42 findings (UID 1000 in Caracal, Continuum and Santaclaude, 999 and 1001 in Argo CD's Redis and Dex images), which their maintainers would decline because the images are built for those users.",
    references: {
      equivalents: { kubeScore: "container-security-context-user-group-id", checkov: "CKV_K8S_40", trivy: "KSV020" },
      links: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
    },
    options: {
      threshold: { type: "number", default: 10000, description: "The lowest UID and GID not reported." },
    },
    securitySeverity: 3.0,
    differences: [
      "One rule for both IDs (Trivy splits them into KSV020 for runAsUser and KSV021 for runAsGroup; Checkov CKV_K8S_40 checks only runAsUser).",
      "An unset runAsUser is not reported: the image's user applies, and the manifest cannot tell which it is; 0 is run-as-non-root's finding.",
    ],
    examples: {
      bad: "securityContext:\n  runAsUser: 1000\n  runAsGroup: 1000\n",
      good: "securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n",
    },
  },
  check({ model, options, report }) {
    const threshold = typeof options.threshold === "number" ? options.threshold : 10000;
    // A pod-level value shared by several containers is one problem, reported once at its line.
    const seen = new Set<string>();
    const minor = kubeMinor(model.settings.kubeVersion);
    for (const ref of model.containers) {
      // In a user namespace of its own, the pod's ids map to a range of the node's above 65535.
      if (userNamespaced(ref.pod, minor)) continue;
      for (const field of ["runAsUser", "runAsGroup"] as const) {
        const s = effectiveSecurity<unknown>(ref, field);
        if (typeof s.value !== "number" || s.value === 0 || s.value >= threshold) continue;
        const key = `${ref.pod.resource.id}:${s.path!.join("/")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const who = s.level === "pod" ? "pod" : `container "${ref.name}"`;
        // A suggestion: the image's files belong to the user it was built for, so a new UID may not read them.
        const suggestions = [setValue(`set ${field}: ${Math.max(10001, threshold)}`, s.path!, Math.max(10001, threshold))];
        report({ target: { resource: ref.pod.resource, path: s.path! }, message: `${who} runs with ${field}: ${s.value}, below ${threshold}`, suggestions });
      }
    }
  },
});
