import { defineRule } from "../src/engine/rule.js";
import type { FixSpec } from "../src/engine/fix.js";
import { containerSecurity, illTyped, runsAsNonRoot, securityContextPath, isPrivileged, mayUseFileCapabilities } from "../src/model/security-context.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isWindowsPod } from "../src/model/pod-os.js";
import { securitySettingMisspelt } from "../src/schema/misspelt-field.js";

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
      "`drop: [all]` is reported: containerd and CRI-O drop every capability for it (they compare ALL without case), but Pod Security's restricted level accepts only ALL, so the fix writes it so (the same capabilities at run time).",
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
      // capabilities or drop of the wrong type (drop: ALL) is the schema rule's finding.
      if ((Array.isArray(drop) && drop.includes("ALL")) || illTyped(caps, "object") || (drop !== undefined && drop !== null && !Array.isArray(drop))) continue;
      // So is a misspelt securityContext (securityContex), reported with the rename; this finding only where that rule is off.
      const causedBy = caps.value === undefined && securitySettingMisspelt(ref, ["capabilities"], false) ? "schema" : undefined;
      const path = Array.isArray(drop) ? [...caps.path!, "drop"] : caps.path ?? securityContextPath(ref);
      // The runtimes drop everything for "all" too (containerd and CRI-O compare without case), but Pod
      // Security admission's restricted level accepts only "ALL": writing it so changes nothing at run time.
      const casedAt = Array.isArray(drop) ? drop.findIndex((c) => typeof c === "string" && c.toUpperCase() === "ALL") : -1;
      if (casedAt >= 0) {
        const at = [...caps.path!, "drop", casedAt];
        const fix: FixSpec = { description: "write ALL in capitals", operations: [{ op: "set", path: at, value: "ALL" }] };
        report({ target: { resource, path: at }, message: `container "${ref.name}" drops "${String((drop as unknown[])[casedAt])}": the runtime drops every capability, but Pod Security's restricted level accepts only ALL`, fix });
        continue;
      }
      const message = `container "${ref.name}" does not drop ALL capabilities`;
      const change: FixSpec = { description: "add ALL to capabilities.drop", operations: [{ op: "append", path: [...ref.path, "securityContext", "capabilities", "drop"], value: "ALL" }] };
      // A process running as root may rely on default capabilities (binding port 80, chown in an
      // entrypoint): dropping them is safe only for a container that is known not to run as root, and
      // whose binary holds no file capabilities the kernel would then refuse to grant.
      const safe = runsAsNonRoot(ref) && !mayUseFileCapabilities(ref);
      report({ target: { resource, path }, message, causedBy, ...(safe ? { fix: change } : { suggestions: [change] }) });
    }
  },
});
