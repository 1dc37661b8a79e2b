import type { PodSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { PodTemplate } from "./pod-spec.js";
import { isRecord, stringMap } from "./pod-spec.js";
import { apiGroup, type Resource } from "./resource.js";

/**
 * What the Prometheus operator (monitoring.coreos.com) puts on the pods of each custom resource it runs,
 * as its CRDs document under `podMetadata` ("reserved and cannot be overridden"). `name` labels take the
 * object's name, `version` the object's spec.version; `open` labels are set with values the manifests
 * do not show (the shard number; a version left to the operator's default; PrometheusAgent's name
 * labels, whose documentation is a copy of Prometheus's): selectors on them are not judged.
 */
interface OperatorPods {
  fixed: Record<string, string>;
  name: readonly string[];
  version: boolean;
  open: readonly string[];
}

const MANAGED_BY = { "app.kubernetes.io/managed-by": "prometheus-operator" };

const PROMETHEUS_OPERATOR_PODS: Readonly<Record<string, OperatorPods>> = {
  Prometheus: {
    fixed: { ...MANAGED_BY, "app.kubernetes.io/name": "prometheus" },
    name: ["prometheus", "app.kubernetes.io/instance", "operator.prometheus.io/name"],
    version: true,
    open: ["operator.prometheus.io/shard"],
  },
  PrometheusAgent: {
    fixed: { ...MANAGED_BY },
    name: ["app.kubernetes.io/instance", "operator.prometheus.io/name"],
    version: true,
    open: ["operator.prometheus.io/shard", "app.kubernetes.io/name", "prometheus"],
  },
  Alertmanager: {
    fixed: { ...MANAGED_BY, "app.kubernetes.io/name": "alertmanager" },
    name: ["alertmanager", "app.kubernetes.io/instance"],
    version: true,
    open: [],
  },
  ThanosRuler: {
    fixed: { ...MANAGED_BY, "app.kubernetes.io/name": "thanos-ruler" },
    name: ["thanos-ruler", "app.kubernetes.io/instance"],
    version: false,
    open: [],
  },
};

/**
 * The pods an operator creates for a custom resource of the set, as far as their labels are known:
 * indexed for selectors (Services, budgets, NetworkPolicies) but not among the model's pods, as
 * their containers are the operator's (like a workload written without its pod spec).
 */
export function operatorPodTemplateOf(resource: Resource): PodTemplate | undefined {
  const pods = PROMETHEUS_OPERATOR_PODS[resource.kind];
  if (!pods || apiGroup(resource.apiVersion) !== "monitoring.coreos.com" || resource.namespace === undefined) return undefined;
  const spec = isRecord(resource.object.spec) ? resource.object.spec : {};
  const meta = isRecord(spec.podMetadata) ? spec.podMetadata : {};
  const open = new Set(pods.open);
  const labels = stringMap(meta.labels);
  // The reserved labels win over podMetadata's.
  Object.assign(labels, pods.fixed);
  for (const key of pods.name) labels[key] = resource.name;
  if (pods.version) {
    if (typeof spec.version === "string" && spec.version !== "") labels["app.kubernetes.io/version"] = spec.version;
    else open.add("app.kubernetes.io/version");
  }
  for (const key of open) delete labels[key];
  return {
    resource,
    spec: {} as PodSpec,
    specPath: ["spec"],
    metadata: meta as ObjectMeta,
    metadataPath: ["spec", "podMetadata"],
    labels,
    runsToCompletion: false,
    incomplete: true,
    openLabelKeys: open,
  };
}
