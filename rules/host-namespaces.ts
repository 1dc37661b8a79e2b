import { defineRule } from "../src/engine/rule.js";
import { sharesHostNamespace } from "../src/model/security-context.js";

const NAMESPACES = [
  { field: "hostPID", what: "the node's process namespace: it sees and can signal every process on the node" },
  { field: "hostIPC", what: "the node's IPC namespace: it can read other processes' shared memory" },
  { field: "hostNetwork", what: "the node's network namespace: it binds node ports and bypasses NetworkPolicies" },
] as const;

export default defineRule({
  meta: {
    id: "host-namespaces",
    scope: "object",
    title: "Pods must not share the node's namespaces unless justified",
    category: "security",
    severity: "error",
    description: "Reports hostPID, hostIPC and hostNetwork set to true in a pod spec, one finding per field.",
    rationale:
      "Sharing the node's PID, IPC or network namespace removes the isolation between the pod and everything else on the node: processes, shared memory, loopback services and the node's network identity.",
    remediation:
      "Remove hostPID, hostIPC and hostNetwork (or set them to false); if a node agent truly needs one, annotate the object with justify.k8slint.io/host-namespaces: \"<why>\".",
    references: {
      guides: ["Ritma: hostPID and hostNetwork are required for auditd and /proc access, and must be justified"],
      cis: ["CIS 5.2.3", "CIS 5.2.4", "CIS 5.2.5"],
      pss: ["PSS baseline: Host Namespaces"],
      equivalents: {
        kubeLinter: "host-pid / host-ipc / host-network",
        polaris: "hostPIDSet / hostIPCSet / hostNetworkSet",
        checkov: "CKV_K8S_17 / CKV_K8S_18 / CKV_K8S_19",
        trivy: "KSV010 / KSV008 / KSV009",
      },
      links: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
    },
    securitySeverity: 8.0,
    examples: {
      bad: "spec:\n  hostPID: true\n  hostNetwork: true\n",
      good: "spec:\n  hostPID: false\n  containers:\n    - name: app\n      image: app:1.0\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const spec = pod.spec as unknown as Record<string, unknown>;
      for (const ns of NAMESPACES) {
        if (!sharesHostNamespace(pod, ns.field)) continue;
        const at = [...pod.specPath, ns.field];
        // A suggestion: node agents (CNI, exporters, log shippers) need the node's namespaces (justify those).
        const suggestions = [{ description: `remove ${ns.field}`, operations: [{ op: "remove" as const, path: at }] }];
        // A quoted "true" is the schema rule's finding: this one (and the justification it takes) stands only where that rule is off.
        report({ target: { resource: pod.resource, path: at }, message: `pod shares ${ns.what} (${ns.field}: true)`, suggestions, causedBy: spec[ns.field] === true ? undefined : "schema" });
      }
    }
  },
});
