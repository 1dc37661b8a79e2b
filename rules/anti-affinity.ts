import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { servesField } from "../src/model/field-introductions.js";
import { defineRule } from "../src/engine/rule.js";
import { describeReplicaCount, scaleOf } from "../src/model/replicas.js";
import { compileSelector, selectorMatchLabelsOnly } from "../src/model/selector.js";
import { containersOf, isRecord, type PodTemplate } from "../src/model/pod-spec.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import { podFieldMisspelt, writesMisspelt } from "../src/schema/misspelt-field.js";
import { mappings } from "../src/model/list-items.js";

/** A pod (anti-)affinity term or spread constraint applies to the pod's own replicas when its selector matches them. */
function selectsOwnPods(selector: unknown, pod: PodTemplate): boolean {
  // A null labelSelector matches no pods; {} matches every pod.
  if (!isRecord(selector)) return false;
  const sel = compileSelector(selector as LabelSelector, "labelSelector");
  return !sel.invalid && sel.matches(pod.labels);
}

function termCoversOwnNamespace(term: Record<string, unknown>, pod: PodTemplate): boolean {
  // namespaces and namespaceSelector both unset: the pod's own namespace. A namespaceSelector needs
  // Namespace labels the manifests may not show: take it as covering.
  if (term.namespaceSelector !== undefined && term.namespaceSelector !== null) return true;
  const namespaces = Array.isArray(term.namespaces) ? term.namespaces.map(String) : [];
  return namespaces.length === 0 || namespaces.includes(pod.resource.namespace ?? "");
}

/** The pod's podAntiAffinity terms, required and preferred. */
function spreadTerms(pod: PodTemplate): Record<string, unknown>[] {
  const spec = pod.spec as unknown as Record<string, unknown>;
  const anti = isRecord(spec.affinity) && isRecord(spec.affinity.podAntiAffinity) ? spec.affinity.podAntiAffinity : {};
  return [
    ...mappings(anti.requiredDuringSchedulingIgnoredDuringExecution),
    ...mappings(anti.preferredDuringSchedulingIgnoredDuringExecution).map((w) => (isRecord(w.podAffinityTerm) ? w.podAffinityTerm : {})),
  ];
}

function spreadsReplicas(pod: PodTemplate): boolean {
  const spec = pod.spec as unknown as Record<string, unknown>;
  // A host port (written, or defaulted to the container port on the host network) is one per node:
  // the scheduler's NodePorts filter never puts two replicas on one node.
  if (usesHostPort(pod)) return true;
  if (spreadTerms(pod).some((t) => selectsOwnPods(t.labelSelector, pod) && termCoversOwnNamespace(t, pod))) return true;
  return mappings(spec.topologySpreadConstraints).some((c) => selectsOwnPods(c.labelSelector, pod));
}

/** Whether a container of the pod holds a port of its node: a hostPort, or any containerPort under hostNetwork. */
function usesHostPort(pod: PodTemplate): boolean {
  const hostNetwork = (pod.spec as { hostNetwork?: unknown }).hostNetwork === true;
  for (const ref of containersOf(pod)) {
    if (ref.kind !== "container") continue;
    for (const p of mappings((ref.container as { ports?: unknown }).ports)) {
      if ((typeof p.hostPort === "number" && p.hostPort > 0) || (hostNetwork && typeof p.containerPort === "number")) return true;
    }
  }
  return false;
}

/**
 * Whether a field on the way to the pod's spread is written under a misspelt key (afifnity,
 * podAntiAfinity, labelSelecter…): the schema rule reports it with the rename, and the terms it holds
 * are what the author meant; saying the replicas are not spread would report the typo twice.
 */
function spreadMisspelt(pod: PodTemplate): boolean {
  const r = pod.resource;
  const spec = pod.spec as unknown as Record<string, unknown>;
  if (podFieldMisspelt(pod, "affinity") || podFieldMisspelt(pod, "topologySpreadConstraints")) return true;
  const affinity = spec.affinity;
  if (writesMisspelt(r, affinity, "IoK8sApiCoreV1Affinity", "podAntiAffinity")) return true;
  const anti = isRecord(affinity) ? affinity.podAntiAffinity : undefined;
  const terms = ["requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution"];
  if (terms.some((t) => writesMisspelt(r, anti, "IoK8sApiCoreV1PodAntiAffinity", t))) return true;
  const antiTerms = isRecord(anti) ? anti : {};
  if (mappings(antiTerms.preferredDuringSchedulingIgnoredDuringExecution).some((w) => writesMisspelt(r, w, "IoK8sApiCoreV1WeightedPodAffinityTerm", "podAffinityTerm"))) return true;
  if (spreadTerms(pod).some((t) => writesMisspelt(r, t, "IoK8sApiCoreV1PodAffinityTerm", "labelSelector"))) return true;
  return mappings(spec.topologySpreadConstraints).some((c) => writesMisspelt(r, c, "IoK8sApiCoreV1TopologySpreadConstraint", "labelSelector"));
}

/**
 * Whether an anti-affinity term or spread constraint has a selector the API server refuses (In with
 * no values…). Such a term decides nothing: api-validation reports it and the workload is not created
 * until it is fixed, so saying its replicas are not spread would report one cause twice.
 */
function refusesASelector(pod: PodTemplate): boolean {
  const spec = pod.spec as unknown as Record<string, unknown>;
  return [...spreadTerms(pod), ...mappings(spec.topologySpreadConstraints)].some(
    (t) => isRecord(t.labelSelector) && compileSelector(t.labelSelector as LabelSelector, "labelSelector").invalid,
  );
}

export default defineRule({
  meta: {
    id: "anti-affinity",
    scope: "subject",
    title: "Replicas should be spread across nodes",
    category: "reliability",
    severity: "warning",
    description:
      "Reports a Deployment, StatefulSet, ReplicaSet or ReplicationController with more than one replica (or an HPA minReplicas above one) whose pod template has neither a podAntiAffinity term nor a topologySpreadConstraint whose labelSelector matches its own pods, nor a host port (a hostPort, or a container port on the host network), which the scheduler places one per node.",
    rationale:
      "The scheduler may put every replica on the same node (it often does on a lightly loaded cluster): one node failure or drain then takes the whole service down, and the replicas give no availability.",
    remediation:
      "Add a topologySpreadConstraint (topologyKey: kubernetes.io/hostname or topology.kubernetes.io/zone) or a preferred podAntiAffinity term whose labelSelector matches the pod template's own labels.",
    references: {
      guides: ["Ritma: Configure node affinity/anti-affinity", "CONTINUUM: High Availability: Multi-zone", "Caracal: Pod anti-affinity to spread replicas across nodes"],
      equivalents: { kubeLinter: "no-anti-affinity", kubeScore: "deployment-has-host-podantiaffinity / statefulset-has-host-podantiaffinity" },
      links: ["https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/"],
    },
    differences: [
      "An omitted spec.replicas counts as 1, as Kubernetes defaults it: a workload that sets no replicas (and no HPA scales it) runs one pod and needs no anti-affinity.",
      "A topologySpreadConstraint whose labelSelector matches the workload's own pods counts as spreading them, as a podAntiAffinity term does.",
      "A term or constraint whose labelSelector the API server refuses (an In without values, an unknown operator) is api-validation's finding: the workload is not reported here as well (unless api-validation is off).",
    ],
    examples: {
      bad: "spec:\n  replicas: 3\n  template:\n    spec:\n      containers: [...]\n",
      good:
        "spec:\n  replicas: 3\n  template:\n    spec:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels:\n              app: api\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const resource = pod.resource;
      const scale = scaleOf(resource, model.index);
      if (!scale || scale.max <= 1 || spreadsReplicas(pod)) continue;
      const causedBy = refusesASelector(pod) ? "api-validation" : spreadMisspelt(pod) ? "schema" : undefined;
      const spec = pod.spec as unknown as Record<string, unknown>;
      const affinity = spec.affinity;
      // Terms that are written but select none of the workload's own pods (kubernetes/website's ZooKeeper:
      // key app, while its pods carry app.kubernetes.io/name) are the likelier mistake: say so.
      const written = (isRecord(affinity) && isRecord(affinity.podAntiAffinity)) || (Array.isArray(spec.topologySpreadConstraints) && spec.topologySpreadConstraints.length > 0);
      report({
        target: { resource, path: isRecord(affinity) ? [...pod.specPath, "affinity"] : pod.specPath },
        causedBy,
        message: written
          ? `runs ${describeReplicaCount(resource, scale).text}, and its podAntiAffinity and topologySpreadConstraints select none of its own pods`
          : `runs ${describeReplicaCount(resource, scale).text} with no podAntiAffinity or topologySpreadConstraints over its own pods`,
        ...(written || !servesField("pod", "spec.topologySpreadConstraints", model.settings.kubeVersion) ? {} : spreadSuggestion(pod)),
      });
    }
  },
});

/**
 * A spread over nodes that never blocks scheduling (ScheduleAnyway), selecting what the workload's
 * selector selects (its matchLabels): a suggestion, since where replicas may run is the team's call.
 * Not for a Kustomize-rendered workload, whose selector may hold labels an overlay adds, nor for a
 * selector with matchExpressions.
 */
function spreadSuggestion(pod: PodTemplate): { suggestions?: FixSpec[] } {
  const labels = pod.resource.renderedFrom === undefined ? selectorMatchLabelsOnly(pod.resource) : undefined;
  if (!labels) return {};
  const constraint = { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } };
  return { suggestions: [setValue("spread replicas over nodes (topologySpreadConstraints, ScheduleAnyway)", [...pod.specPath, "topologySpreadConstraints"], [constraint])] };
}
