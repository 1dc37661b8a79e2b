import { defineRule } from "../src/engine/rule.js";
import { kubeMinor } from "../src/kube-version.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import type { ObjectPath } from "../src/types.js";
import { containerSecurity } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isWindowsPod } from "../src/model/pod-os.js";

const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/**
 * Unconfined is written on purpose: whether the workload copes with the runtime's default profile is a
 * person's call, so RuntimeDefault is a suggestion, as seccomp-profile's is.
 */
function runtimeDefault(at: ObjectPath): FixSpec {
  return setValue("set appArmorProfile type RuntimeDefault", at, "RuntimeDefault");
}

export default defineRule({
  meta: {
    id: "apparmor-profile",
    scope: "object",
    title: "Containers must not run without AppArmor confinement",
    category: "security",
    severity: "error",
    description:
      "Reports an appArmorProfile of type Unconfined (of the pod or of a container) and a `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` annotation on the pod template, which Kubernetes still honours (and copies into the field) on every version that has the field. The fields count from 1.30, when the API server began serving them (--kube-version).",
    rationale:
      "AppArmor's default profile denies a container writes to /proc and /sys, mounts and raw access to host files even when other settings slip. Unconfined removes that layer; the Pod Security Standards forbid it from the baseline level up.",
    remediation: "Remove the Unconfined profile so the runtime's default applies, or set appArmorProfile.type: RuntimeDefault (or Localhost with a profile written for the workload).",
    defaultReason:
      "an Unconfined profile is a Pod Security Standards baseline violation that every maintainer either removes or justifies in the manifest. None on the seed or public corpora (Ritma's tracer uses Localhost profiles).",
    references: {
      pss: ["PSS baseline: AppArmor"],
      equivalents: { trivy: "KSV002" },
      links: ["https://kubernetes.io/docs/tutorials/security/apparmor/"],
    },
    securitySeverity: 7.0,
    examples: {
      bad: "securityContext:\n  appArmorProfile:\n    type: Unconfined\n",
      good: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault\n",
    },
  },
  check({ model, report }) {
    // The appArmorProfile fields are served from 1.30: an older API server drops them unread (the
    // field is deprecated-api's finding there), and only the annotations count.
    const fields = kubeMinor(model.settings.kubeVersion) >= 30;
    // As the Pod Security Standards do, the pod's profile and each container's are judged on their own.
    for (const pod of fields ? model.pods : []) {
      if (isWindowsPod(pod)) continue;
      const sc = (pod.spec as { securityContext?: unknown }).securityContext;
      if (isRecord(sc) && isRecord(sc.appArmorProfile) && sc.appArmorProfile.type === "Unconfined") {
        const at = [...pod.specPath, "securityContext", "appArmorProfile", "type"];
        report({ target: { resource: pod.resource, path: at }, message: "pod runs with AppArmor profile Unconfined", suggestions: [runtimeDefault(at)] });
      }
    }
    for (const ref of fields ? model.containers : []) {
      if (isWindowsPod(ref.pod)) continue;
      const profile = containerSecurity<unknown>(ref, "appArmorProfile");
      if (isRecord(profile.value) && profile.value.type === "Unconfined" && profile.path) {
        const at = [...profile.path, "type"];
        report({ target: { resource: ref.pod.resource, path: at }, message: `container "${ref.name}" runs with AppArmor profile Unconfined`, suggestions: [runtimeDefault(at)] });
      }
    }
    for (const pod of model.pods) {
      const annotations = pod.metadata.annotations;
      if (!isRecord(annotations)) continue;
      for (const [key, value] of Object.entries(annotations)) {
        if (!key.startsWith(ANNOTATION_PREFIX) || value !== "unconfined") continue;
        report({
          target: { resource: pod.resource, path: [...pod.metadataPath, "annotations", key] },
          message: `container "${key.slice(ANNOTATION_PREFIX.length)}" runs with AppArmor profile unconfined (annotation)`,
          suggestions: [setValue("set the annotation to runtime/default", [...pod.metadataPath, "annotations", key], "runtime/default")],
        });
      }
    }
  },
});
