import { defineRule } from "../src/engine/rule.js";
import type { FixSpec } from "../src/engine/fix.js";
import { containerSecurity, runsAsNonRoot, securityContextPath, isPrivileged } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isWindowsPod } from "../src/model/pod-os.js";

export default defineRule({
  meta: {
    id: "drop-all-capabilities",
    scope: "object",
    title: "Containers must drop all capabilities",
    category: "security",
    severity: "warning",
    description: "Reports containers whose securityContext.capabilities.drop does not contain ALL.",
    rationale:
      "Container runtimes grant a default set of Linux capabilities (NET_RAW, CHOWN, SETUID and more) that most applications never need. Dropping ALL and adding back only what is needed shrinks what an exploit can do.",
    remediation: "Set securityContext.capabilities.drop: [ALL] and add back only the capabilities the process needs with capabilities.add.",
    references: {
      guides: ["Ritma: Review security context and capabilities"],
      cis: ["CIS 5.2.9"],
      pss: ["PSS restricted: Capabilities"],
      equivalents: { checkov: "CKV_K8S_37", trivy: "KSV003" },
    },
    securitySeverity: 5.0,
    differences: [
      "ALL is case-sensitive, as the container runtime and Pod Security admission read it: `drop: [all]` drops nothing and is reported.",
      "A list naming every default capability one by one is not `drop: [ALL]`: runtimes differ in their default set and a new one would be kept, so only ALL satisfies the rule.",
      "Windows pods are skipped: Linux capabilities do not apply to them.",
      "Privileged containers are skipped: privileged: true grants every capability whatever drop says; privileged-container reports them.",
    ],
    examples: {
      bad: "securityContext:\n  capabilities:\n    drop: [NET_RAW]\n",
      good: "securityContext:\n  capabilities:\n    drop: [ALL]\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      if (isWindowsPod(ref.pod) || isPrivileged(ref)) continue;
      const resource = ref.pod.resource;
      const caps = containerSecurity<unknown>(ref, "capabilities");
      const drop = isRecord(caps.value) ? caps.value.drop : undefined;
      if (Array.isArray(drop) && drop.includes("ALL")) continue;
      const path = Array.isArray(drop) ? [...caps.path!, "drop"] : caps.path ?? securityContextPath(ref);
      // Capability names are case-sensitive: Pod Security admission (restricted) accepts only "ALL".
      const cased = Array.isArray(drop) ? drop.find((c) => typeof c === "string" && c.toUpperCase() === "ALL") : undefined;
      const message = cased
        ? `container "${ref.name}" drops "${cased}", not ALL: capability names are case-sensitive`
        : `container "${ref.name}" does not drop ALL capabilities`;
      const change: FixSpec = { description: "add ALL to capabilities.drop", operations: [{ op: "append", path: [...ref.path, "securityContext", "capabilities", "drop"], value: "ALL" }] };
      // A process running as root may rely on default capabilities (binding port 80, chown in an
      // entrypoint): dropping them is safe only for a container that is known not to run as root.
      report({ target: { resource, path }, message, ...(runsAsNonRoot(ref) ? { fix: change } : { suggestions: [change] }) });
    }
  },
});
