import { defineRule } from "../src/engine/rule.js";
import { getPath, isRecord } from "../src/model/pod-spec.js";
import { REPLICATED_KINDS, scaleOf, writtenReplicas } from "../src/model/replicas.js";
import { describeResource, type Resource } from "../src/model/resource.js";
import { strings } from "../src/model/rbac.js";
import type { FixOperation, FixSpec } from "../src/engine/fix.js";
import { objectChainMisspelt } from "../src/schema/misspelt-field.js";

/** Access modes that let only one node (ReadWriteOnce) or one pod (ReadWriteOncePod) use the volume. */
const SINGLE_ATTACH: ReadonlySet<string> = new Set(["ReadWriteOnce", "ReadWriteOncePod"]);

/** The claim's access modes when every one of them is single-attach; undefined otherwise. */
function singleAttachModes(claim: Resource): string[] | undefined {
  const modes = strings(getPath(claim.object, ["spec", "accessModes"]));
  return modes.length > 0 && modes.every((m) => SINGLE_ATTACH.has(m)) ? modes : undefined;
}

/**
 * Whether the pods can only run on one node: nodeName, a nodeSelector on kubernetes.io/hostname, or a
 * required node affinity whose every term names one node (by that label, or metadata.name). Pods on
 * one node share a ReadWriteOnce volume (not a ReadWriteOncePod one).
 */
function pinnedToOneNode(spec: Record<string, unknown>): boolean {
  if (typeof spec.nodeName === "string" && spec.nodeName !== "") return true;
  const selector = spec.nodeSelector;
  if (isRecord(selector) && typeof selector["kubernetes.io/hostname"] === "string") return true;
  const terms = getPath(spec, ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]);
  if (!Array.isArray(terms) || terms.length === 0) return false;
  const nodes = new Set<unknown>();
  for (const term of terms) {
    const one = isRecord(term) ? oneNodeOf(term) : undefined;
    if (one === undefined) return false;
    nodes.add(one);
  }
  return nodes.size === 1;
}

/** The one node a node selector term requires (In with one value on the hostname or the name), if any. */
function oneNodeOf(term: Record<string, unknown>): unknown {
  const requirements = [...(Array.isArray(term.matchExpressions) ? term.matchExpressions.map((e) => [e, "kubernetes.io/hostname"]) : []), ...(Array.isArray(term.matchFields) ? term.matchFields.map((e) => [e, "metadata.name"]) : [])];
  for (const [e, key] of requirements) {
    if (isRecord(e) && e.key === key && e.operator === "In" && Array.isArray(e.values) && e.values.length === 1) return e.values[0];
  }
  return undefined;
}

/** The most pods an HPA may run: its maxReplicas (a required field), or 0 when unreadable. */
function hpaMax(hpa: Resource): number {
  const v = getPath(hpa.object, ["spec", "maxReplicas"]);
  return typeof v === "number" && Number.isInteger(v) ? v : 0;
}

/**
 * A rolling update starts the new pod before the old one is gone unless maxSurge is 0: with one
 * replica, the new pod then waits for a volume the old pod holds. Absent strategy means RollingUpdate
 * with maxSurge 25%, which rounds up to one pod.
 */
function surgesDuringRollout(deployment: Resource): boolean {
  const strategy = getPath(deployment.object, ["spec", "strategy"]);
  if (!isRecord(strategy)) return true;
  if (strategy.type === "Recreate") return false;
  const surge = getPath(strategy, ["rollingUpdate", "maxSurge"]);
  return !(surge === 0 || surge === "0" || surge === "0%");
}

/**
 * The Recreate strategy: the old pod stops before the new one starts, so the claim is free when the
 * new pod needs it (a short outage per rollout, which a single replica has anyway). rollingUpdate goes
 * with RollingUpdate: the API server refuses it beside Recreate.
 */
function recreate(deployment: Resource): FixSpec {
  const operations: FixOperation[] = [{ op: "set", path: ["spec", "strategy", "type"], value: "Recreate" }];
  if (getPath(deployment.object, ["spec", "strategy", "rollingUpdate"]) !== undefined) operations.push({ op: "remove", path: ["spec", "strategy", "rollingUpdate"] });
  return { description: "use the Recreate strategy (the old pod stops before the new one starts)", operations };
}

export default defineRule({
  meta: {
    id: "read-write-once-claim",
    scope: "subject",
    title: "A ReadWriteOnce claim serves one pod at a time",
    category: "reliability",
    severity: "error",
    description:
      "Reports a Deployment, StatefulSet, ReplicaSet or ReplicationController that mounts a PersistentVolumeClaim of the set whose access modes are only ReadWriteOnce or ReadWriteOncePod while it runs more than one pod (spec.replicas above one, or an HPA whose minReplicas or maxReplicas is above one): an error. A single-replica Deployment on such a claim whose rollout starts the new pod before the old one stops (the default RollingUpdate, any maxSurge above 0) is a warning. StatefulSets' volumeClaimTemplates give each pod its own claim and are not concerned, nor are pods pinned to one node (nodeName, a kubernetes.io/hostname nodeSelector, or a required node affinity naming one node), which share a ReadWriteOnce volume there.",
    rationale:
      "A ReadWriteOnce volume attaches to one node at a time (ReadWriteOncePod to one pod): the second pod scheduled on another node fails with a Multi-Attach error and stays in ContainerCreating, so the replicas meant for availability never start, and an HPA scaling out makes it worse. With one replica and a rolling update, each rollout's new pod waits for the volume the old pod holds while the old pod waits for the new one to be ready: the rollout stalls until someone deletes the old pod.",
    remediation:
      "Give each pod its own volume (a StatefulSet with volumeClaimTemplates) or use ReadWriteMany storage; for a single-replica Deployment on a ReadWriteOnce claim, set strategy: {type: Recreate}.",
    references: {
      guides: ["Santaclaude: ai-service runs two to ten replicas on one SQLite claim"],
      links: ["https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes"],
    },
    examples: {
      bad: "kind: Deployment\nspec:\n  replicas: 3\n  template:\n    spec:\n      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: data   # accessModes: [ReadWriteOnce]\n",
      good: "kind: Deployment\nspec:\n  replicas: 1\n  strategy:\n    type: Recreate\n  template:\n    spec:\n      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: data\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const resource = pod.resource;
      if (!REPLICATED_KINDS.has(resource.kind)) continue;
      const volumes = pod.spec.volumes;
      if (!Array.isArray(volumes)) continue;
      const scale = scaleOf(resource, model.index);
      if (!scale) continue;
      const hpaMost = Math.max(0, ...scale.autoscalers.map(hpaMax));
      const most = Math.max(scale.max, hpaMost);
      volumes.forEach((volume, i) => {
        const claimName = isRecord(volume) && isRecord(volume.persistentVolumeClaim) ? volume.persistentVolumeClaim.claimName : undefined;
        if (typeof claimName !== "string") return;
        const claim = model.index.get("PersistentVolumeClaim", resource.namespace, claimName)[0];
        const modes = claim && singleAttachModes(claim);
        if (!modes) return;
        // Every pod on one node: a ReadWriteOnce volume is attached there once and shared.
        if (!modes.includes("ReadWriteOncePod") && pinnedToOneNode(pod.spec as unknown as Record<string, unknown>)) return;
        const target = { resource, path: [...pod.specPath, "volumes", i, "persistentVolumeClaim", "claimName"] };
        const access = modes.join("/");
        if (most > 1) {
          const count =
            (writtenReplicas(resource) ?? 1) >= most
              ? `${scale.replicas} replicas`
              : `up to ${most} replicas (${scale.autoscalers.map(describeResource).join(", ")})`;
          report({ target, message: `mounts ${access} claim "${claimName}" from ${count}: only one node (or pod) can attach it, the others stay in ContainerCreating` });
        } else if (resource.kind === "Deployment" && surgesDuringRollout(resource)) {
          report({
            target,
            severity: "warning",
            // A strategy, type or maxSurge under a misspelt key (startegy) is the schema rule's finding, with the rename.
            causedBy: [["strategy"], ["strategy", "type"], ["strategy", "rollingUpdate"], ["strategy", "rollingUpdate", "maxSurge"]].some((c) => objectChainMisspelt(resource, ["spec", ...c])) ? "schema" : undefined,
            // ReadWriteOnce is one node: the new pod waits only when it lands on another; ReadWriteOncePod always.
            message: `mounts ${access} claim "${claimName}" with a rolling update: a rollout's new pod ${modes.includes("ReadWriteOncePod") ? "" : "scheduled on another node "}waits for the volume the old pod holds`,
            suggestions: [recreate(resource)],
          });
        }
      });
    }
  },
});
