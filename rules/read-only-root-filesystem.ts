import { defineRule } from "../src/engine/rule.js";
import { containerSecurity, illTyped, securityContextPath } from "../src/model/security-context.js";
import { isWindowsPod } from "../src/model/pod-os.js";
import { isRecord, type ContainerRef } from "../src/model/pod-spec.js";
import type { FixOperation, FixSpec } from "../src/engine/fix.js";
import { securitySettingMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "read-only-root-filesystem",
    scope: "object",
    title: "Containers should have a read-only root filesystem",
    category: "security",
    severity: "warning",
    description: "Reports containers that do not set securityContext.readOnlyRootFilesystem: true.",
    rationale:
      "A writable root filesystem lets an attacker drop binaries and change configuration inside the container; it also hides state that is lost on restart. Writable paths belong in explicit volumes.",
    remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir volume at each path the process writes to (e.g. /tmp).",
    references: {
      guides: ["Ritma: Review security context and capabilities"],
      cis: ["CIS 5.7.3"],
      equivalents: { kubeLinter: "no-read-only-root-fs", kubeScore: "container-security-context-readonlyrootfilesystem", polaris: "notReadOnlyRootFilesystem", checkov: "CKV_K8S_22", trivy: "KSV014" },
    },
    securitySeverity: 4.0,
    examples: {
      bad: "securityContext:\n  readOnlyRootFilesystem: false\n",
      good: "securityContext:\n  readOnlyRootFilesystem: true\nvolumeMounts:\n  - name: tmp\n    mountPath: /tmp\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      if (isWindowsPod(ref.pod)) continue;
      const resource = ref.pod.resource;
      const ro = containerSecurity<unknown>(ref, "readOnlyRootFilesystem");
      if (ro.value === true) continue;
      // A value of the wrong type ("true") or a misspelt securityContext or setting is the schema rule's
      // finding, with the retyped value or the rename.
      const causedBy = illTyped(ro, "boolean") || (ro.value === undefined && securitySettingMisspelt(ref, ["readOnlyRootFilesystem"], false)) ? "schema" : undefined;
      const suggestions = [readOnlyWithTmp(ref)];
      if (ro.value === false) {
        report({ target: { resource, path: ro.path! }, message: `container "${ref.name}" has a writable root filesystem`, suggestions });
      } else {
        report({ target: { resource, path: securityContextPath(ref) }, message: `container "${ref.name}" does not set readOnlyRootFilesystem to true`, suggestions, causedBy });
      }
    }
  },
});

/** readOnlyRootFilesystem: true, and an emptyDir at /tmp (where most programs write) unless something is mounted there. */
function readOnlyWithTmp(ref: ContainerRef): FixSpec {
  const operations: FixOperation[] = [{ op: "set", path: [...ref.path, "securityContext", "readOnlyRootFilesystem"], value: true }];
  const mounts = Array.isArray(ref.container.volumeMounts) ? ref.container.volumeMounts : [];
  const tmpMounted = mounts.some((m) => isRecord(m) && m.mountPath === "/tmp");
  if (!tmpMounted) {
    const volumes = Array.isArray(ref.pod.spec.volumes) ? ref.pod.spec.volumes : [];
    const existing = volumes.find((v) => isRecord(v) && v.name === "tmp");
    // A volume called tmp that is not an emptyDir is someone else's: this one gets its own name.
    const name = !existing || isRecord(existing.emptyDir) ? "tmp" : `tmp-${ref.name}`;
    if (!volumes.some((v) => isRecord(v) && v.name === name)) operations.push({ op: "append", path: [...ref.pod.specPath, "volumes"], value: { name, emptyDir: {} } });
    operations.push({ op: "append", path: [...ref.path, "volumeMounts"], value: { name, mountPath: "/tmp" } });
  }
  // /tmp is where most programs write; others (a database's socket directory) need their own volume.
  const description = tmpMounted
    ? "set readOnlyRootFilesystem: true (/tmp is mounted already; mount a volume at each other path the image writes)"
    : "set readOnlyRootFilesystem: true, with an emptyDir volume at /tmp (and one at each other path the image writes)";
  return { description, operations };
}
