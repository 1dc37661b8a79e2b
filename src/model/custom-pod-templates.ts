import type { PodSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { ObjectPath } from "../types.js";
import { getPath, isRecord, podTemplateOf, stringMap, type LabelKeys, type PodTemplate } from "./pod-spec.js";
import { apiGroup, type Resource } from "./resource.js";

/**
 * Custom resources that hold several pod templates, one per role (a training job's master and
 * workers, a Ray cluster's head and worker groups, a JobSet's replicated jobs). Their operators create
 * pods from each template as written, so every pod and container rule applies to them as to a
 * Deployment's. The single-template controllers (Argo Rollouts, OpenKruise, Knative) keep theirs at
 * spec.template and are read by podTemplateOf.
 *
 * The operators add labels of their own to these pods (the job's name, the replica's role and index):
 * keys under their prefixes are open (a selector asking for them may match; selector rules do not
 * judge it), never guessed.
 */
interface CustomKind {
  /** Where each pod spec sits in the object (the template's metadata is beside it). */
  sites(spec: Record<string, unknown>, resource: Resource): Site[];
  /** Label keys the operator sets: exact keys and prefixes ending in "/". */
  open: readonly string[];
  /** The operator runs these pods to completion (a training job, a batch job). */
  runsToCompletion: boolean;
}

interface Site {
  specPath: ObjectPath;
  /** What the operator adds to the pods of this template (PodTemplate's fields of the same names). */
  operatorProbes?: boolean;
  operatorServiceAccount?: string;
}

/** Kubeflow training operator jobs: `spec.<field>.<Role>.template` (Master, Worker, PS, Chief, Launcher…). */
function replicaSpecs(field: string): CustomKind {
  return {
    sites: (spec) => {
      const roles = spec[field];
      return isRecord(roles) ? Object.keys(roles).map((role) => ({ specPath: ["spec", field, role, "template", "spec"] })) : [];
    },
    // The v1 operator's keys, and the unprefixed ones older releases set.
    open: ["training.kubeflow.org/", "job-name", "replica-type", "replica-index", "job-role", "group-name", "controller-name"],
    runsToCompletion: true,
  };
}

/**
 * A Ray cluster spec's head group and worker groups, under `at` (RayJob and RayService nest one).
 * KubeRay gives the Ray container (the first) liveness and readiness probes when the template has
 * none (ENABLE_PROBES_INJECTION, on by default), and with in-tree autoscaling it runs the head as a
 * ServiceAccount it creates, named after the cluster, unless the template names one. The cluster of
 * a RayJob or RayService gets a generated name (`clusterName` undefined): its account is not known.
 */
function rayGroups(spec: Record<string, unknown>, at: readonly string[], clusterName: string | undefined): Site[] {
  let cluster: unknown = spec;
  for (const key of at) cluster = isRecord(cluster) ? cluster[key] : undefined;
  if (!isRecord(cluster)) return [];
  const base: ObjectPath = ["spec", ...at];
  const out: Site[] = [];
  if (isRecord(cluster.headGroupSpec)) {
    const specPath = [...base, "headGroupSpec", "template", "spec"];
    const head: Site = { specPath, operatorProbes: true };
    const named = getPath(spec, specPath.slice(1).concat("serviceAccountName"));
    if (cluster.enableInTreeAutoscaling === true && (typeof named !== "string" || named === "")) head.operatorServiceAccount = clusterName ?? "";
    out.push(head);
  }
  if (Array.isArray(cluster.workerGroupSpecs)) cluster.workerGroupSpecs.forEach((_, i) => out.push({ specPath: [...base, "workerGroupSpecs", i, "template", "spec"], operatorProbes: true }));
  return out;
}

// KubeRay labels its pods ray.io/* and app.kubernetes.io/name: kuberay, created-by: kuberay-operator.
const RAY_OPEN = ["ray.io/", "app.kubernetes.io/name", "app.kubernetes.io/created-by"];

const CUSTOM_KINDS: Readonly<Record<string, CustomKind>> = {
  "kubeflow.org/PyTorchJob": replicaSpecs("pytorchReplicaSpecs"),
  "kubeflow.org/TFJob": replicaSpecs("tfReplicaSpecs"),
  "kubeflow.org/MPIJob": replicaSpecs("mpiReplicaSpecs"),
  "kubeflow.org/XGBoostJob": replicaSpecs("xgbReplicaSpecs"),
  "kubeflow.org/PaddleJob": replicaSpecs("paddleReplicaSpecs"),
  "kubeflow.org/JAXJob": replicaSpecs("jaxReplicaSpecs"),
  "kubeflow.org/MXJob": replicaSpecs("mxReplicaSpecs"),
  "ray.io/RayCluster": { sites: (spec, r) => rayGroups(spec, [], r.name), open: RAY_OPEN, runsToCompletion: false },
  "ray.io/RayService": { sites: (spec) => rayGroups(spec, ["rayClusterConfig"], undefined), open: RAY_OPEN, runsToCompletion: false },
  "ray.io/RayJob": {
    sites: (spec) => [...rayGroups(spec, ["rayClusterSpec"], undefined), ...(isRecord(spec.submitterPodTemplate) ? [{ specPath: ["spec", "submitterPodTemplate", "spec"] }] : [])],
    open: RAY_OPEN,
    // The submitter runs to completion; the cluster it runs on is torn down with the job (or kept).
    runsToCompletion: false,
  },
  "jobset.x-k8s.io/JobSet": {
    sites: (spec) => (Array.isArray(spec.replicatedJobs) ? spec.replicatedJobs.map((_, i) => ({ specPath: ["spec", "replicatedJobs", i, "template", "spec", "template", "spec"] })) : []),
    // What JobSet sets, and what the Job controller sets on the pods of each Job it creates.
    open: ["jobset.sigs.k8s.io/", "alpha.jobset.sigs.k8s.io/", "batch.kubernetes.io/", "job-name", "controller-uid"],
    runsToCompletion: true,
  },
  "leaderworkerset.x-k8s.io/LeaderWorkerSet": {
    sites: (spec) => {
      const lwt = isRecord(spec.leaderWorkerTemplate) ? spec.leaderWorkerTemplate : {};
      return (["leaderTemplate", "workerTemplate"] as const).filter((t) => isRecord(lwt[t])).map((t) => ({ specPath: ["spec", "leaderWorkerTemplate", t, "spec"] }));
    },
    // Its groups are StatefulSets: their pods get the StatefulSet controller's labels too.
    open: ["leaderworkerset.sigs.k8s.io/", "apps.kubernetes.io/pod-index", "statefulset.kubernetes.io/pod-name", "controller-revision-hash"],
    runsToCompletion: false,
  },
  "batch.volcano.sh/Job": {
    sites: (spec) => (Array.isArray(spec.tasks) ? spec.tasks.map((_, i) => ({ specPath: ["spec", "tasks", i, "template", "spec"] })) : []),
    open: ["volcano.sh/"],
    runsToCompletion: true,
  },
};

/** Label keys given exactly or by prefix ("ray.io/"): what an operator may set on its pods. */
class OpenLabelKeys implements LabelKeys {
  readonly size: number;
  private readonly exact: ReadonlySet<string>;
  private readonly prefixes: readonly string[];

  constructor(keys: readonly string[]) {
    this.exact = new Set(keys.filter((k) => !k.endsWith("/")));
    this.prefixes = keys.filter((k) => k.endsWith("/"));
    this.size = keys.length;
  }

  has(key: string): boolean {
    return this.exact.has(key) || this.prefixes.some((p) => key.startsWith(p));
  }
}

const openKeys = new Map<CustomKind, OpenLabelKeys>();

/** The pod templates of a custom resource of a known multi-template kind; empty for any other object. */
export function customPodTemplatesOf(resource: Resource): PodTemplate[] {
  const kind = CUSTOM_KINDS[`${apiGroup(resource.apiVersion)}/${resource.kind}`];
  const spec = resource.object.spec;
  if (!kind || !isRecord(spec)) return [];
  let open = openKeys.get(kind);
  if (!open) openKeys.set(kind, (open = new OpenLabelKeys(kind.open)));
  const out: PodTemplate[] = [];
  for (const { specPath, operatorProbes, operatorServiceAccount } of kind.sites(spec, resource)) {
    const podSpec = getPath(resource.object, specPath);
    if (!isRecord(podSpec)) continue;
    const metadataPath = [...specPath.slice(0, -1), "metadata"];
    const meta = getPath(resource.object, metadataPath);
    const metadata = (isRecord(meta) ? meta : {}) as ObjectMeta;
    const pod = podSpec as unknown as PodSpec;
    const restart = pod.restartPolicy;
    out.push({
      resource,
      spec: pod,
      specPath,
      metadata,
      metadataPath,
      labels: stringMap(metadata.labels),
      runsToCompletion: kind.runsToCompletion || restart === "Never" || restart === "OnFailure",
      openLabelKeys: open,
      ...(operatorProbes ? { operatorProbes } : {}),
      ...(operatorServiceAccount !== undefined ? { operatorServiceAccount } : {}),
    });
  }
  return out;
}

/** Every pod template of an object: a workload's one, or a multi-template custom resource's. */
export function podTemplatesOf(resource: Resource): PodTemplate[] {
  const one = podTemplateOf(resource);
  return one ? [one] : customPodTemplatesOf(resource);
}
