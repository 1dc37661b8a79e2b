import { defineRule } from "../src/engine/rule.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import { effectiveSecurity, securityContextPath, isPrivileged } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isWindowsPod } from "../src/model/pod-os.js";
import { servesField } from "../src/model/field-introductions.js";
import { annotationDeprecation, deprecationStatus } from "../src/model/api-deprecations.js";
import type { ContainerRef, PodTemplate } from "../src/model/pod-spec.js";
import type { ObjectPath } from "../src/types.js";
import { securitySettingMisspelt } from "../src/schema/misspelt-field.js";

const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";

/** The profile a seccomp annotation value names, in the field's terms. */
function annotationType(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value === "runtime/default" || value === "docker/default") return "RuntimeDefault";
  if (value.startsWith("localhost/")) return "Localhost";
  if (value === "unconfined") return "Unconfined";
  return value;
}

/**
 * The seccomp profile in force for a container: its own field, else its annotation, else the pod's field,
 * else the pod's annotation. The annotations count only at targets that still honour them (before 1.27),
 * the same versions at which deprecated-api does not call them ignored.
 */
function effectiveProfile(ref: ContainerRef, kubeVersion: string): { type: unknown; path?: ObjectPath; pod?: boolean } {
  const annotationsHonoured = deprecationStatus(annotationDeprecation(POD_ANNOTATION)!, kubeVersion) !== "removed";
  const annotations = isRecord(ref.pod.metadata.annotations) ? ref.pod.metadata.annotations : {};
  const annotation = (key: string, pod: boolean) =>
    annotationsHonoured && annotations[key] !== undefined ? { type: annotationType(annotations[key]), path: [...ref.pod.metadataPath, "annotations", key], pod } : undefined;
  const field = (level: "container" | "pod") => {
    const p = effectiveSecurity<unknown>(ref, "seccompProfile");
    return p.level === level ? { type: isRecord(p.value) ? p.value.type : undefined, path: p.path, pod: level === "pod" } : undefined;
  };
  const own = field("container") ?? annotation(`${CONTAINER_ANNOTATION}${ref.name}`, false) ?? field("pod") ?? annotation(POD_ANNOTATION, true);
  return own ?? { type: undefined };
}

export default defineRule({
  meta: {
    id: "seccomp-profile",
    scope: "object",
    title: "Pods must use a seccomp profile",
    category: "security",
    severity: "warning",
    description:
      "Reports containers whose effective seccompProfile (container over pod) is missing or Unconfined. RuntimeDefault and Localhost profiles satisfy it. An Unconfined profile written for the pod (its field, or its annotation) is one finding at that setting, naming the containers that inherit it. At targets before Kubernetes 1.27 (--kube-version) the seccomp annotations the kubelet still honours there count too (seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/<container>: runtime/default, docker/default, localhost/…); from 1.27 they are ignored and deprecated-api reports them.",
    rationale:
      "Without a seccomp profile a container may call every system call the kernel offers, including the rarely used ones most kernel exploits go through. RuntimeDefault blocks them at no cost to ordinary applications.",
    remediation: "Set securityContext.seccompProfile.type: RuntimeDefault in the pod's securityContext (or Localhost with a profile written for the workload).",
    references: {
      guides: ["Ritma: Review security context and capabilities"],
      cis: ["CIS 5.7.2"],
      pss: ["PSS restricted: Seccomp"],
      equivalents: { kubeScore: "container-seccomp-profile", checkov: "CKV_K8S_31", trivy: "KSV030" },
    },
    differences: [
      "Privileged containers are skipped: the runtime runs them without a seccomp filter whatever profile they set; privileged-container reports them.",
      "The seccomp annotations count only at targets before 1.27 (--kube-version), where the kubelet still applies them; from 1.27 they are ignored, so a pod relying on them is reported here and its annotations by deprecated-api. Checkov's CKV_K8S_31 accepts them at every version.",
    ],
    securitySeverity: 5.0,
    examples: {
      bad: "securityContext:\n  seccompProfile:\n    type: Unconfined\n",
      good: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault\n",
    },
  },
  check({ model, report }) {
    // An Unconfined profile written for the whole pod is one setting, however many containers inherit it.
    const podWide = new Map<PodTemplate, { path: ObjectPath; names: string[]; suggestions: FixSpec[] }>();
    for (const ref of model.containers) {
      if (isWindowsPod(ref.pod) || isPrivileged(ref)) continue;
      const resource = ref.pod.resource;
      const profile = effectiveProfile(ref, model.settings.kubeVersion);
      const type = profile.type;
      if (type === "RuntimeDefault" || type === "Localhost") continue;
      if (type === "Unconfined") {
        const field = profile.path![profile.path!.length - 1] === "seccompProfile";
        const path = field ? [...profile.path!, "type"] : profile.path!;
        // Unconfined is written on purpose: a person decides whether the workload copes with RuntimeDefault.
        const suggestions = field ? [setValue("set seccompProfile type RuntimeDefault", path, "RuntimeDefault")] : [];
        if (!profile.pod) report({ target: { resource, path }, message: `container "${ref.name}" runs with seccomp profile Unconfined`, suggestions });
        else if (podWide.has(ref.pod)) podWide.get(ref.pod)!.names.push(ref.name);
        else podWide.set(ref.pod, { path, names: [ref.name], suggestions });
      } else {
        // A seccompProfile field that is no object, has no type or a type outside the enum is the schema
        // rule's finding (with the near value it meant): not this rule's as well.
        if (profile.path && !profile.path.includes("annotations")) continue;
        // So is a misspelt securityContext or seccompProfile (securityContex) where the profile would be:
        // this finding stands only where that rule is off.
        const causedBy = !profile.path && securitySettingMisspelt(ref, ["seccompProfile"], true) ? "schema" : undefined;
        const message = profile.path
          ? `container "${ref.name}" has a seccomp annotation whose type is neither RuntimeDefault nor Localhost`
          : `container "${ref.name}" has no seccomp profile`;
        // Nothing set at all: RuntimeDefault for the whole pod, the container runtime's default profile.
        // Before 1.19 the field does not exist (the annotations are the way there): no fix then.
        const fix = profile.path || !servesField("pod", "securityContext.seccompProfile", model.settings.kubeVersion) ? undefined : setValue("set the pod's seccompProfile to RuntimeDefault", [...ref.pod.specPath, "securityContext", "seccompProfile", "type"], "RuntimeDefault");
        report({ target: { resource, path: profile.path ?? securityContextPath(ref) }, message, causedBy, ...(fix ? { fix } : {}) });
      }
    }
    for (const [pod, { path, names, suggestions }] of podWide) {
      const who = names.length === 1 ? `container "${names[0]}" runs` : `containers ${names.map((n) => `"${n}"`).join(", ")} run`;
      report({ target: { resource: pod.resource, path }, message: `${who} with the pod's seccomp profile Unconfined`, suggestions });
    }
  },
});
