import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { containersOf, isRecord, type ContainerRef } from "../src/model/pod-spec.js";
import { appliesToResources, hasResource, resourcesPath } from "../src/model/container-resources.js";

/** Names of the pod's disk-backed emptyDir volumes without a sizeLimit, with their index. */
function unboundedEmptyDirs(volumes: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(volumes)) return out;
  volumes.forEach((v, i) => {
    if (!isRecord(v) || typeof v.name !== "string" || !isRecord(v.emptyDir)) return;
    // A Memory-backed emptyDir counts against the memory limit, which resource-limits asks for; a
    // HugePages one (HugePages, HugePages-2Mi) is hugetlbfs, bounded by the hugepages limit, not node disk.
    const medium = v.emptyDir.medium;
    if (medium === "Memory" || (typeof medium === "string" && medium.startsWith("HugePages")) || v.emptyDir.sizeLimit !== undefined) return;
    out.set(v.name, i);
  });
  return out;
}

function writableMounts(ref: ContainerRef): string[] {
  const mounts = (ref.container as { volumeMounts?: unknown }).volumeMounts;
  if (!Array.isArray(mounts)) return [];
  return mounts.filter((m) => isRecord(m) && typeof m.name === "string" && m.readOnly !== true).map((m) => (m as { name: string }).name);
}

export default defineRule({
  meta: {
    id: "ephemeral-storage",
    scope: "object",
    title: "Writes to node disk must be bounded",
    category: "resources",
    severity: "warning",
    description:
      "Reports a disk-backed emptyDir without sizeLimit that a long-running container writes to, in a pod where no long-running container sets an ephemeral-storage limit. With the option `all`, also reports every long-running container without an ephemeral-storage request and limit (info).",
    rationale:
      "An emptyDir lives on the node's disk. Unbounded, one pod filling it (a runaway log, a cache, a crash dump loop) fills the node: the kubelet then evicts pods at random under disk pressure, well-behaved ones included. A sizeLimit or an ephemeral-storage limit makes the kubelet evict only the pod that overran.",
    remediation: "Set emptyDir.sizeLimit on the volume, or resources.requests and limits for ephemeral-storage on the containers that write to it.",
    differences: [
      "kube-score's container-ephemeral-storage-request-and-limit asks every container for both; here, by default, only writes to an unbounded disk-backed emptyDir are reported (option all for kube-score's scope).",
    ],
    references: {
      equivalents: { kubeScore: "container-ephemeral-storage-request-and-limit" },
      links: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage"],
    },
    options: {
      all: { type: "boolean", default: false, description: "also report every long-running container without an ephemeral-storage request and limit" },
    },
    optIn: true,
    defaultReason:
      "most disk-backed emptyDirs are small scratch space their maintainers leave unbounded on purpose: the rule would report 152 volumes in Argo CD's manifests, 3 in kube-prometheus and 7 in the seed systems (Continuum's tmp and logs, Ritma's utld data), where few would be changed. Turn it on where nodes have small disks or pods are packed densely.",
    examples: {
      bad: "volumes:\n  - name: cache\n    emptyDir: {}\n",
      good: "volumes:\n  - name: cache\n    emptyDir:\n      sizeLimit: 1Gi\n",
    },
  },
  check({ model, options, report }) {
    for (const pod of model.pods) {
      const running = containersOf(pod).filter((ref) => appliesToResources(ref, false));
      if (options.all === true) {
        for (const ref of running) {
          if (hasResource(ref, "requests", "ephemeral-storage") && hasResource(ref, "limits", "ephemeral-storage")) continue;
          report({
            target: { resource: pod.resource, path: resourcesPath(ref, "limits") },
            severity: "info",
            message: `container "${ref.name}" sets no ephemeral-storage request and limit`,
          });
        }
      }
      const volumes = unboundedEmptyDirs((pod.spec as { volumes?: unknown }).volumes);
      if (volumes.size === 0 || running.some((ref) => hasResource(ref, "limits", "ephemeral-storage"))) continue;
      const writers = new Map<string, string[]>();
      for (const ref of running) {
        for (const name of writableMounts(ref)) {
          if (!volumes.has(name)) continue;
          const list = writers.get(name);
          if (list) list.push(ref.name);
          else writers.set(name, [ref.name]);
        }
      }
      for (const [name, containers] of writers) {
        const at = [...pod.specPath, "volumes", volumes.get(name)!, "emptyDir"];
        report({
          target: { resource: pod.resource, path: at },
          // How much the volume may hold is the workload's to say: a placeholder the API server refuses until filled in.
          suggestions: [setValue("add emptyDir sizeLimit (a placeholder to fill in)", [...at, "sizeLimit"], "<sizeLimit: fill in>")],
          message: `emptyDir "${name}" has no sizeLimit and ${containers.length === 1 ? `container "${containers[0]}", which writes to it, has` : `containers ${containers.map((c) => `"${c}"`).join(", ")}, which write to it, have`} no ephemeral-storage limit`,
        });
      }
    }
  },
});
