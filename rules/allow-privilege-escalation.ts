import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { addedCapabilities, containerSecurity, illTyped, isPrivileged, mayUseFileCapabilities, runsAsNonRoot, securityContextPath } from "../src/model/security-context.js";
import { isWindowsPod } from "../src/model/pod-os.js";
import type { ContainerRef } from "../src/model/pod-spec.js";
import { securitySettingMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "allow-privilege-escalation",
    scope: "object",
    title: "Containers must not allow privilege escalation",
    category: "security",
    severity: "warning",
    description: "Reports containers that do not set securityContext.allowPrivilegeEscalation: false.",
    rationale:
      "Unless it is explicitly false, a process can gain more privileges than its parent through setuid binaries or file capabilities (the no_new_privs flag is not set).",
    remediation:
      "Set securityContext.allowPrivilegeEscalation: false on every container. Where a non-root process needs the capabilities it adds through its binary's file capabilities (binding ports below 1024), false would take them away: bind an unprivileged port instead, or justify the finding in the manifest.",
    references: {
      guides: ["Ritma: Review security context and capabilities"],
      cis: ["CIS 5.2.5"],
      pss: ["PSS restricted: Privilege Escalation"],
      equivalents: { kubeLinter: "privilege-escalation-container", polaris: "privilegeEscalationAllowed", checkov: "CKV_K8S_20", trivy: "KSV001" },
    },
    securitySeverity: 6.0,
    differences: [
      "A container that writes allowPrivilegeEscalation: true, adds capabilities and runs as non-root is reported without the suggestion to set false: its process can use the added capabilities only through file capabilities, which no_new_privs ignores, so false would break it (ingress-nginx binds ports 80 and 443 this way). Pod Security's restricted level still refuses it.",
      "Where allowPrivilegeEscalation is not written, setting false is a fix, except for a non-root container that adds capabilities or declares a port below 1024 (its binary may hold file capabilities, as caddy's does): there it is a suggestion.",
      "Privileged containers (and those adding CAP_SYS_ADMIN) are left to privileged-container (and dangerous-capabilities): the API server rejects allowPrivilegeEscalation: false on them, so asking for it there asks for the impossible.",
    ],
    examples: {
      bad: "securityContext:\n  allowPrivilegeEscalation: true\n",
      good: "securityContext:\n  allowPrivilegeEscalation: false\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      if (isWindowsPod(ref.pod)) continue;
      const resource = ref.pod.resource;
      const ape = containerSecurity<unknown>(ref, "allowPrivilegeEscalation");
      if (ape.value === false || mustEscalate(ref)) continue;
      // A value of the wrong type ("false") or a misspelt securityContext or setting (securityContex) is
      // the schema rule's finding, with the retyped value or the rename.
      const causedBy = illTyped(ape, "boolean") || (ape.value === undefined && securitySettingMisspelt(ref, ["allowPrivilegeEscalation"], false)) ? "schema" : undefined;
      const change = setValue("set allowPrivilegeEscalation: false", [...ref.path, "securityContext", "allowPrivilegeEscalation"], false);
      if (ape.value === true) {
        // Written true on purpose (a setuid tool in the image may need it): a person decides.
        const added = addedCapabilities(ref);
        if (added.length > 0 && runsAsNonRoot(ref)) {
          // A non-root process gets added capabilities only through a file capability of its binary,
          // which no_new_privs ignores: false would take them away (ingress-nginx binds 80 this way).
          report({
            target: { resource, path: ape.path! },
            causedBy,
            message: `container "${ref.name}" allows privilege escalation, which its non-root process needs to use the capabilities it adds (${added.join(", ")}) through file capabilities`,
          });
        } else {
          report({ target: { resource, path: ape.path! }, message: `container "${ref.name}" allows privilege escalation`, suggestions: [change], causedBy });
        }
      } else {
        // Unset is true: a non-root process using file capabilities would lose them to false.
        const safe = !mayUseFileCapabilities(ref);
        report({ target: { resource, path: securityContextPath(ref) }, message: `container "${ref.name}" does not set allowPrivilegeEscalation to false`, causedBy, ...(safe ? { fix: change } : { suggestions: [change] }) });
      }
    }
  },
});

/**
 * The API server rejects allowPrivilegeEscalation: false on a privileged container or one that adds
 * CAP_SYS_ADMIN (spelled so), so asking for it there is asking for the impossible: privileged-container
 * and dangerous-capabilities report those containers.
 */
function mustEscalate(ref: ContainerRef): boolean {
  if (isPrivileged(ref)) return true;
  return addedCapabilities(ref).includes("CAP_SYS_ADMIN");
}

