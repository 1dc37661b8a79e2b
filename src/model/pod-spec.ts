import type { Container, EphemeralContainer, PodSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { ObjectPath } from "../types.js";
import type { Resource } from "./resource.js";
import { initContainerRestartPolicy, metaField, templateMetadata } from "./object-meta.js";

/** A pod spec inside a resource: a Pod's own spec, or the template of a workload. */
export interface PodTemplate {
  resource: Resource;
  spec: PodSpec;
  /** Path of the pod spec within the resource, e.g. ["spec","template","spec"]. */
  specPath: ObjectPath;
  /** The pod's metadata (a Pod's own metadata, or the template's); {} when absent. */
  metadata: ObjectMeta;
  metadataPath: ObjectPath;
  labels: Record<string, string>;
  /** True for workloads that run to completion (Job, CronJob, any pod with restartPolicy Never/OnFailure). */
  runsToCompletion: boolean;
  /**
   * True for a workload written without its pod spec (or template): indexed by its labels so selectors
   * and budgets still find it, but not among the model's pods (schema reports what is missing).
   */
  incomplete?: boolean;
  /**
   * Labels a controller sets on these pods with values the manifests do not show (an operator's shard
   * number): a selector requiring them may match, so selector rules stay silent rather than guess.
   */
  openLabelKeys?: LabelKeys;
  /** The operator gives the first container liveness and readiness probes when it has none (KubeRay). */
  operatorProbes?: boolean;
  /**
   * The ServiceAccount the operator runs these pods as when the template names none (KubeRay's
   * autoscaling head); "" when the operator generates its name.
   */
  operatorServiceAccount?: string;
}

/** A set of label keys as selectors ask it (a Set, or keys matched by prefix: src/model/custom-pod-templates.ts). */
export interface LabelKeys {
  readonly size: number;
  has(key: string): boolean;
}

export type ContainerKind = "container" | "initContainer" | "ephemeralContainer";

export interface ContainerRef {
  pod: PodTemplate;
  container: Container | EphemeralContainer;
  kind: ContainerKind;
  index: number;
  path: ObjectPath;
  name: string;
  /** Init containers with restartPolicy Always are sidecars: they run for the pod's lifetime. */
  sidecar: boolean;
}

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, ObjectPath> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  PodTemplate: ["template", "spec"],
};

/** Where a kind keeps a Job spec: a Job's own, a CronJob's job template. */
export const JOB_SPEC_PATHS: Readonly<Record<string, ObjectPath>> = { Job: ["spec"], CronJob: ["spec", "jobTemplate", "spec"] };

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(Object.keys(POD_SPEC_PATHS).filter((k) => k !== "PodTemplate"));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function get(obj: unknown, path: ObjectPath): unknown {
  let cur = obj;
  for (const seg of path) {
    if (isRecord(cur)) cur = cur[seg as string];
    else if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/**
 * The pod template of a resource, for every built-in workload kind and for unknown kinds whose
 * `spec.template.spec.containers` is a list (Argo Rollouts, OpenKruise and similar controllers).
 */
export function podTemplateOf(resource: Resource): PodTemplate | undefined {
  const obj = resource.object;
  let specPath: ObjectPath | undefined = POD_SPEC_PATHS[resource.kind];
  if (!specPath) {
    if (!Array.isArray(get(obj, ["spec", "template", "spec", "containers"]))) return undefined;
    specPath = ["spec", "template", "spec"];
  }
  const spec = get(obj, specPath);
  if (!isRecord(spec)) return undefined;
  const metadataPath = [...specPath.slice(0, -1), "metadata"];
  const meta = metadataAsMeant(obj, metadataPath);
  const metadata = (isRecord(meta) ? meta : {}) as ObjectMeta;
  const labels = stringMap(metaField(metadata as Record<string, unknown>, "labels"));
  const podSpec = spec as unknown as PodSpec;
  // Only pods that run to completion may set restartPolicy Never or OnFailure (Deployments and the
  // like must keep Always), so the policy marks them in every kind, custom controllers' included.
  const runsToCompletion =
    resource.kind === "Job" || resource.kind === "CronJob" || podSpec.restartPolicy === "Never" || podSpec.restartPolicy === "OnFailure";
  return { resource, spec: podSpec, specPath, metadata, metadataPath, labels, runsToCompletion };
}

/**
 * A built-in workload whose pod spec is missing (no template, or a template without spec): its pods'
 * labels as far as the manifest says them (template.metadata.labels, else spec.selector.matchLabels),
 * with an empty spec. undefined for complete workloads and other kinds.
 */
export function incompletePodTemplateOf(resource: Resource): PodTemplate | undefined {
  const specPath = POD_SPEC_PATHS[resource.kind];
  if (!specPath || resource.kind === "PodTemplate" || isRecord(get(resource.object, specPath))) return undefined;
  const metadataPath = [...specPath.slice(0, -1), "metadata"];
  const meta = metadataAsMeant(resource.object, metadataPath);
  const metadata = (isRecord(meta) ? meta : {}) as ObjectMeta;
  let labels = stringMap(metaField(metadata as Record<string, unknown>, "labels"));
  if (Object.keys(labels).length === 0) labels = stringMap(get(resource.object, [...specPath.slice(0, -2), "selector", "matchLabels"]));
  const runsToCompletion = resource.kind === "Job" || resource.kind === "CronJob";
  return { resource, spec: {} as PodSpec, specPath, metadata, metadataPath, labels, runsToCompletion, incomplete: true };
}

/** A template's metadata, read as meant when its key is misspelt (`meatdata`: object-meta.ts). */
function metadataAsMeant(obj: unknown, metadataPath: ObjectPath): unknown {
  if (metadataPath.length < 2) return get(obj, metadataPath);
  const template = get(obj, metadataPath.slice(0, -1));
  return isRecord(template) ? templateMetadata(template) : undefined;
}

/**
 * A template's containers, made once: pod-security-admission's checks and a dozen rules ask for them
 * per template, and making the references (paths, names) anew each time was a tenth of the rule stage's
 * allocation. Keyed by the template, which lives as long as its model; rules never change objects.
 */
const containersByPod = new WeakMap<PodTemplate, readonly ContainerRef[]>();

/** Every container of a pod template: regular, init and ephemeral. Rules decide which apply to them. */
export function containersOf(pod: PodTemplate): readonly ContainerRef[] {
  let refs = containersByPod.get(pod);
  if (refs === undefined) {
    refs = Object.freeze(makeContainerRefs(pod));
    containersByPod.set(pod, refs);
  }
  return refs;
}

function makeContainerRefs(pod: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  const add = (field: "containers" | "initContainers" | "ephemeralContainers", kind: ContainerKind) => {
    const list = (pod.spec as unknown as Record<string, unknown>)[field];
    if (!Array.isArray(list)) return;
    list.forEach((c, index) => {
      if (!isRecord(c)) return;
      const container = c as unknown as Container;
      out.push({
        pod,
        container,
        kind,
        index,
        path: [...pod.specPath, field, index],
        name: typeof container.name === "string" ? container.name : `#${index}`,
        sidecar: kind === "initContainer" && initContainerRestartPolicy(pod.resource, c) === "Always",
      });
    });
  };
  add("containers", "container");
  add("initContainers", "initContainer");
  add("ephemeralContainers", "ephemeralContainer");
  return out;
}

/** A label map with only string values (what Kubernetes accepts). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === "string") out[k] = val;
    else if (typeof val === "number" || typeof val === "boolean") out[k] = String(val);
  }
  return out;
}

/** Reads a value at an object path; undefined when any step is missing. */
export function getPath(obj: unknown, path: ObjectPath): unknown {
  return get(obj, path);
}

export { isRecord };
