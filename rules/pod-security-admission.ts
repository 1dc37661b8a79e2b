import { defineRule } from "../src/engine/rule.js";
import { kubeMinor } from "../src/kube-version.js";
import { enforcedLevels } from "../src/model/pod-security-level.js";
import { certainRefusals } from "../src/pod-security/refusals.js";

export default defineRule({
  meta: {
    id: "pod-security-admission",
    scope: "subject",
    title: "Pods must pass the Pod Security level their namespace enforces",
    category: "security",
    severity: "error",
    description:
      "Where the set holds the Namespace of a workload and it enforces a Pod Security level (`pod-security.kubernetes.io/enforce: baseline` or `restricted`), reports every setting of the workload's pod template that admission refuses, as pod-security-admission's checks judge it. A setting another rule reports (privileged-container, run-as-non-root, seccomp-profile and the other rules of the Pod Security Standards) is reported by that rule, as an error whose message says which level refuses the pod; this rule reports the rest: a container with a non-zero runAsUser but no runAsNonRoot: true, a capability baseline allows but restricted does not, a volume type restricted does not allow, a probe or lifecycle host (from v1.34), a pod-level runAsUser: 0, runAsNonRoot: false or Unconfined seccomp profile (field or annotation) that every container overrides, a hostPort written in a pod with hostNetwork: true, a sysctl written with slashes, a Windows pod without spec.os.name: windows. `pod-security.kubernetes.io/enforce-version: v1.N` applies the checks as that version had them (seccomp by its annotations up to v1.18, at either level: runtime/default, docker/default and localhost/… only; by the seccompProfile fields from v1.19; capabilities from v1.22, runAsUser from v1.23, Windows exemptions from v1.25, probe hosts from v1.34, the sysctls and SELinux types each version allows); `latest`, or none, those of the target (--kube-version). Admission judges the pod after the API server's seccomp copies: before Kubernetes 1.27 (the target) an annotation into its unset field, before 1.25 a field into its unset annotation. warn and audit labels refuse nothing; a namespace the set does not hold is not judged, nor is a Namespace that GitOps controllers apply apart from the workload (another cluster's directory), and where the set defines one more than once (the last applied decides its labels) a setting is reported only if every definition's level and version refuses it. The pod templates of custom resources whose operator runs their pods (Kubeflow, KubeRay) are judged too. A justification or disable comment of the other rule's finding accepts the risk it names, not the refusal: this rule then reports the refusal itself, and its own justification records a cluster's exemption (an AdmissionConfiguration that exempts the namespace or user); a severity the configuration sets for the other rule grades that rule's finding, and this rule reports the refusal. Turning this rule off leaves the other rules' findings as they are.",
    rationale:
      "Admission refuses the Pod, not the Deployment: a workload whose pods the namespace's level forbids applies cleanly and passes CI, and then its ReplicaSet never gets a single pod (FailedCreate events). Every such setting is an error, whatever severity the rule that judges it gives it in a namespace that does not enforce the level.",
    remediation:
      "Change the setting the message names so the namespace's level admits the pod (drop: [ALL], runAsNonRoot: true, seccompProfile RuntimeDefault, an allowed volume type), or run the workload in a namespace whose level allows it.",
    defaultReason:
      "every finding is a pod the cluster will refuse. None on the seed or public corpora: the one namespace there labelled to enforce restricted (CONTINUUM's) is defined a second time without the label, and its Deployment passes restricted anyway.",
    references: {
      pss: ["PSS baseline", "PSS restricted"],
      links: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/", "https://kubernetes.io/docs/concepts/security/pod-security-admission/"],
    },
    securitySeverity: 5.0,
    examples: {
      bad: "kind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n---\n# a Deployment in shop\nsecurityContext:\n  runAsUser: 10001\n",
      good: "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n",
    },
  },
  check({ model, report }) {
    const minor = kubeMinor(model.settings.kubeVersion);
    for (const pod of model.pods) {
      // A PodTemplate object makes no pod by itself.
      if (pod.incomplete || pod.resource.kind === "PodTemplate") continue;
      const enforced = enforcedLevels(model, pod.resource, minor);
      if (!enforced) continue;
      const [lenient] = enforced;
      const because = `(Pod Security "${lenient.policy}" enforced on namespace "${lenient.namespace}" refuses the pod)`;
      for (const r of certainRefusals(pod, enforced, minor)) {
        report({ target: { resource: pod.resource, path: r.path }, message: `${r.message} ${because}`, refusal: { rule: r.owner, at: r.at, below: r.below ?? [], because }, ...(r.fix ? { fix: r.fix } : {}) });
      }
    }
  },
});
