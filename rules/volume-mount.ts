import { isDeepStrictEqual } from "node:util";
import { defineRule, type Report } from "../src/engine/rule.js";
import type { FixSpec } from "../src/engine/fix.js";
import { closestId } from "../src/engine/closest-id.js";
import { containersOf, type ContainerRef } from "../src/model/pod-spec.js";
import { claimTemplateNames, isClaimVolume, podVolumes } from "../src/model/pod-volumes.js";
import type { ObjectPath } from "../src/types.js";
import { podFieldMisspelt, specFieldMisspelt } from "../src/schema/misspelt-field.js";
import { mappingsAt } from "../src/model/list-items.js";

export default defineRule({
  meta: {
    id: "volume-mount",
    scope: "object",
    title: "Containers must mount volumes the pod defines, each at its own path",
    category: "schema",
    severity: "error",
    description:
      "Reports what the API server refuses in a container's volumeMounts and volumeDevices (regular, init and ephemeral containers): a mount or device naming a volume that neither the pod's volumes nor, in a StatefulSet, its volumeClaimTemplates define; a device on a volume that is not a claim (only persistentVolumeClaim, ephemeral and claim-template volumes can be block devices); and a mountPath or devicePath that an earlier entry of the same container already uses. A repeated mount that is the same entry twice gets a fix that removes it; a volume name close to one the pod defines gets a suggestion to rename the mount to it.",
    rationale:
      "`kubectl apply` is refused (`volumeMounts[0].name: Not found`, `mountPath: Invalid value: must be unique`), or, for a StatefulSet, whose template the API server does not check against its claims, every pod it tries to create is refused and the StatefulSet never gets a replica.",
    remediation:
      "Mount only volumes the pod defines under spec.volumes (or, in a StatefulSet, spec.volumeClaimTemplates), by their exact name and each at its own mountPath; use only persistentVolumeClaim or ephemeral volumes as volumeDevices.",
    defaultReason:
      "every finding is a workload that `kubectl apply` refuses, or a StatefulSet that never gets a pod. None on the seed or public corpora.",
    references: {
      links: [
        "https://kubernetes.io/docs/concepts/storage/volumes/",
        "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#raw-block-volume-support",
      ],
    },
    examples: {
      bad: "containers:\n  - name: app\n    volumeMounts:\n      - name: cofig   # typo: the pod defines config\n        mountPath: /etc/app\nvolumes:\n  - name: config\n    configMap:\n      name: app-config\n",
      good: "containers:\n  - name: app\n    volumeMounts:\n      - name: config\n        mountPath: /etc/app\nvolumes:\n  - name: config\n    configMap:\n      name: app-config\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const volumes = podVolumes(pod);
      if (!volumes) continue;
      // Volumes or claim templates under a misspelt key (voulmes, volumeClaimTemplate) are the schema
      // rule's finding, with the rename: the mounts name what the author meant to define there, and
      // saying they are undefined stands only where that rule is off.
      let misspelt: boolean | undefined;
      const causedBy = () => ((misspelt ??= podFieldMisspelt(pod, "volumes") || specFieldMisspelt(pod.resource, "volumeClaimTemplates")) ? "schema" : undefined);
      const definers = claimTemplateNames(pod) ? "neither the pod's volumes nor its volumeClaimTemplates define" : "the pod does not define";
      for (const ref of containersOf(pod)) {
        const container = ref.container as unknown as Record<string, unknown>;
        const resource = pod.resource;

        mappingsAt(container.volumeMounts).forEach((m, i) => {
          if (typeof m.name !== "string" || m.name === "" || volumes.has(m.name)) return;
          const path = [...ref.path, "volumeMounts", i, "name"];
          report({
            target: { resource, path },
            message: `container "${ref.name}" mounts volume "${m.name}", which ${definers}`,
            causedBy: causedBy(),
            suggestions: rename(path, m.name, volumes.keys()),
          });
        });

        mappingsAt(container.volumeDevices).forEach((d, i) => {
          if (typeof d.name !== "string" || d.name === "") return;
          const path = [...ref.path, "volumeDevices", i, "name"];
          const source = volumes.get(d.name);
          if (source === undefined) {
            const claims = [...volumes].filter(([, s]) => isClaimVolume(s)).map(([name]) => name);
            report({
              target: { resource, path },
              message: `container "${ref.name}" uses volume "${d.name}" as a block device, which ${definers}`,
              causedBy: causedBy(),
              suggestions: rename(path, d.name, claims),
            });
          } else if (!isClaimVolume(source)) {
            report({
              target: { resource, path },
              message: `container "${ref.name}" uses ${source ? `${source} ` : ""}volume "${d.name}" as a block device: only a persistentVolumeClaim or ephemeral volume can be one`,
            });
          }
        });

        repeated(ref, "volumeMounts", "mountPath", report);
        repeated(ref, "volumeDevices", "devicePath", report);
      }
    }
  },
});

/** A rename of a volume name to the defined one it is closest to, when one is close enough to be a typo. */
function rename(path: ObjectPath, name: string, defined: Iterable<string>): FixSpec[] | undefined {
  const near = closestId(name, defined);
  return near === undefined ? undefined : [{ description: `use volume "${near}"`, operations: [{ op: "set", path, value: near }] }];
}

/**
 * A path that an earlier mount (or device) of the same container already uses: the API server wants
 * each unique, as written. The later entry is the one reported; when it is the earlier one again, removing
 * it changes nothing else and is a fix.
 */
function repeated(ref: ContainerRef, field: "volumeMounts" | "volumeDevices", key: "mountPath" | "devicePath", report: (r: Report) => void): void {
  const list = mappingsAt((ref.container as unknown as Record<string, unknown>)[field]);
  const first = new Map<string, number>();
  list.forEach((m, i) => {
    const at = m[key];
    if (typeof at !== "string" || at === "") return;
    const earlier = first.get(at);
    if (earlier === undefined) {
      first.set(at, i);
      return;
    }
    const same = isDeepStrictEqual(list[earlier], m);
    report({
      target: { resource: ref.pod.resource, path: [...ref.path, field, i, key] },
      message: `container "${ref.name}" ${field === "volumeMounts" ? "mounts" : "attaches a block device at"} ${at} twice (${field}[${earlier}] and ${field}[${i}])`,
      ...(same ? { fix: { description: `remove ${field}[${i}], the same entry as ${field}[${earlier}]`, operations: [{ op: "remove", path: [...ref.path, field, i] }] } } : {}),
    });
  });
}
