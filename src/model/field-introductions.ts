import { kubeMinor } from "../kube-version.js";
import { getPath, isRecord, JOB_SPEC_PATHS, type PodTemplate } from "./pod-spec.js";
import type { Resource } from "./resource.js";
import type { ObjectPath } from "../types.js";

/**
 * Fields of built-in kinds that API servers older than a release do not keep: before `alphaIn` they do
 * not know the field (kubectl's strict validation refuses it; a client without it has it dropped), and
 * from `alphaIn` until `onIn` they drop it silently unless the administrator turned its feature gate on
 * (`dropDisabledFields`). The schema rule validates every target against the newest schemas, so a
 * manifest written for a newer cluster passes it; this table is what tells an older target.
 *
 * Versions are minor numbers of 1.x, from the feature gates' stage history
 * (https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/): `alphaIn` the
 * first release with the field behind a gate that is off by default, `onIn` the first release whose
 * default API server keeps it (beta on by default, or GA). Fields added without a gate have no alphaIn.
 * Only fields people write in manifests, introduced after the oldest supported target (1.16).
 */
export interface FieldIntroduction {
  /** The field as messages name it: `spec.trafficDistribution`; `{key}` stands for the key written (of alternatives). */
  field: string;
  /** Where the paths start: a pod spec, a container (app or init), an init or an app container alone, a Job spec, or the object of kinds. */
  on: "pod" | "container" | "initContainer" | "appContainer" | "job" | { kinds: readonly string[]; apiVersions?: readonly string[] };
  /** Paths from there; `*` is any list item or key, `a|b` either key. */
  paths: readonly (readonly string[])[];
  /** Only this value counts (an access mode added later), the path leading to a list of values. */
  value?: string;
  gate?: string;
  alphaIn?: number;
  onIn: number;
  /** What a cluster that drops the field does instead, when that is worse than not having it. */
  dropped?: string;
}

export const FIELD_INTRODUCTIONS: readonly FieldIntroduction[] = [
  // Pod spec.
  {
    field: "restartPolicy",
    on: "initContainer",
    paths: [["restartPolicy"]],
    gate: "SidecarContainers",
    alphaIn: 28,
    onIn: 29,
    dropped: "the init container then runs to completion before the app containers start, and a sidecar that never exits holds the pod in Init",
  },
  { field: "spec.os", on: "pod", paths: [["os"]], gate: "IdentifyPodOS", alphaIn: 23, onIn: 24 },
  { field: "spec.hostUsers", on: "pod", paths: [["hostUsers"]], gate: "UserNamespacesSupport", alphaIn: 25, onIn: 33 },
  { field: "spec.schedulingGates", on: "pod", paths: [["schedulingGates"]], gate: "PodSchedulingReadiness", alphaIn: 26, onIn: 27 },
  { field: "spec.resourceClaims", on: "pod", paths: [["resourceClaims"]], gate: "DynamicResourceAllocation", alphaIn: 26, onIn: 34 },
  { field: "spec.resources", on: "pod", paths: [["resources"]], gate: "PodLevelResources", alphaIn: 32, onIn: 34 },
  { field: "spec.setHostnameAsFQDN", on: "pod", paths: [["setHostnameAsFQDN"]], gate: "SetHostnameAsFQDN", alphaIn: 19, onIn: 20 },
  { field: "spec.topologySpreadConstraints", on: "pod", paths: [["topologySpreadConstraints"]], gate: "EvenPodsSpread", alphaIn: 16, onIn: 18 },
  { field: "topologySpreadConstraints[].minDomains", on: "pod", paths: [["topologySpreadConstraints", "*", "minDomains"]], gate: "MinDomainsInPodTopologySpread", alphaIn: 24, onIn: 27 },
  {
    field: "topologySpreadConstraints[].{key}",
    on: "pod",
    paths: [["topologySpreadConstraints", "*", "nodeAffinityPolicy|nodeTaintsPolicy"]],
    gate: "NodeInclusionPolicyInPodTopologySpread",
    alphaIn: 25,
    onIn: 26,
  },
  { field: "topologySpreadConstraints[].matchLabelKeys", on: "pod", paths: [["topologySpreadConstraints", "*", "matchLabelKeys"]], gate: "MatchLabelKeysInPodTopologySpread", alphaIn: 25, onIn: 27 },
  {
    field: "{key} of a pod affinity term",
    on: "pod",
    paths: [
      ["affinity", "podAffinity|podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "*", "matchLabelKeys|mismatchLabelKeys"],
      ["affinity", "podAffinity|podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution", "*", "podAffinityTerm", "matchLabelKeys|mismatchLabelKeys"],
    ],
    gate: "MatchLabelKeysInPodAffinity",
    alphaIn: 29,
    onIn: 31,
  },
  { field: "securityContext.seccompProfile", on: "pod", paths: [["securityContext", "seccompProfile"]], onIn: 19 },
  { field: "securityContext.fsGroupChangePolicy", on: "pod", paths: [["securityContext", "fsGroupChangePolicy"]], gate: "ConfigurableFSGroupPolicy", alphaIn: 18, onIn: 20 },
  { field: "securityContext.supplementalGroupsPolicy", on: "pod", paths: [["securityContext", "supplementalGroupsPolicy"]], gate: "SupplementalGroupsPolicy", alphaIn: 31, onIn: 33 },
  { field: "securityContext.seLinuxChangePolicy", on: "pod", paths: [["securityContext", "seLinuxChangePolicy"]], gate: "SELinuxChangePolicy", alphaIn: 32, onIn: 33 },
  { field: "securityContext.appArmorProfile", on: "pod", paths: [["securityContext", "appArmorProfile"]], onIn: 30 },
  { field: "spec.hostnameOverride", on: "pod", paths: [["hostnameOverride"]], gate: "HostnameOverride", alphaIn: 34, onIn: 35 },
  { field: "volumes[].ephemeral", on: "pod", paths: [["volumes", "*", "ephemeral"]], gate: "GenericEphemeralVolume", alphaIn: 19, onIn: 21 },
  { field: "volumes[].image", on: "pod", paths: [["volumes", "*", "image"]], gate: "ImageVolume", alphaIn: 31, onIn: 35 },
  // Containers (and init containers).
  { field: "startupProbe", on: "container", paths: [["startupProbe"]], gate: "StartupProbe", alphaIn: 16, onIn: 18 },
  { field: "probe grpc", on: "container", paths: [["livenessProbe|readinessProbe|startupProbe", "grpc"]], gate: "GRPCContainerProbe", alphaIn: 23, onIn: 24 },
  {
    field: "probe terminationGracePeriodSeconds",
    on: "container",
    paths: [["livenessProbe|startupProbe", "terminationGracePeriodSeconds"]],
    gate: "ProbeTerminationGracePeriod",
    alphaIn: 21,
    onIn: 25,
  },
  { field: "lifecycle sleep", on: "container", paths: [["lifecycle", "preStop|postStart", "sleep"]], gate: "PodLifecycleSleepAction", alphaIn: 29, onIn: 30 },
  { field: "resizePolicy", on: "container", paths: [["resizePolicy"]], gate: "InPlacePodVerticalScaling", alphaIn: 27, onIn: 33 },
  { field: "resources.claims", on: "container", paths: [["resources", "claims"]], gate: "DynamicResourceAllocation", alphaIn: 26, onIn: 34 },
  { field: "securityContext.seccompProfile", on: "container", paths: [["securityContext", "seccompProfile"]], onIn: 19 },
  { field: "securityContext.appArmorProfile", on: "container", paths: [["securityContext", "appArmorProfile"]], onIn: 30 },
  {
    field: "securityContext.windowsOptions.hostProcess",
    on: "container",
    paths: [["securityContext", "windowsOptions", "hostProcess"]],
    gate: "WindowsHostProcessContainers",
    alphaIn: 22,
    onIn: 23,
  },
  { field: "volumeMounts[].recursiveReadOnly", on: "container", paths: [["volumeMounts", "*", "recursiveReadOnly"]], gate: "RecursiveReadOnlyMounts", alphaIn: 30, onIn: 31 },
  { field: "{key}", on: "appContainer", paths: [["restartPolicy|restartPolicyRules"]], gate: "ContainerRestartRules", alphaIn: 34, onIn: 35 },
  // Jobs (and the jobs of CronJobs).
  { field: "spec.ttlSecondsAfterFinished", on: "job", paths: [["ttlSecondsAfterFinished"]], gate: "TTLAfterFinished", alphaIn: 12, onIn: 21 },
  { field: "spec.completionMode", on: "job", paths: [["completionMode"]], gate: "IndexedJob", alphaIn: 21, onIn: 22 },
  { field: "spec.suspend", on: "job", paths: [["suspend"]], gate: "SuspendJob", alphaIn: 21, onIn: 22 },
  { field: "spec.podFailurePolicy", on: "job", paths: [["podFailurePolicy"]], gate: "JobPodFailurePolicy", alphaIn: 25, onIn: 26 },
  { field: "spec.{key}", on: "job", paths: [["backoffLimitPerIndex"], ["maxFailedIndexes"]], gate: "JobBackoffLimitPerIndex", alphaIn: 28, onIn: 29 },
  { field: "spec.podReplacementPolicy", on: "job", paths: [["podReplacementPolicy"]], gate: "JobPodReplacementPolicy", alphaIn: 28, onIn: 29 },
  { field: "spec.successPolicy", on: "job", paths: [["successPolicy"]], gate: "JobSuccessPolicy", alphaIn: 30, onIn: 31 },
  { field: "spec.managedBy", on: "job", paths: [["managedBy"]], gate: "JobManagedBy", alphaIn: 30, onIn: 32 },
  // Workloads and other kinds.
  { field: "spec.timeZone", on: { kinds: ["CronJob"] }, paths: [["spec", "timeZone"]], gate: "CronJobTimeZone", alphaIn: 24, onIn: 25 },
  { field: "spec.minReadySeconds", on: { kinds: ["StatefulSet"] }, paths: [["spec", "minReadySeconds"]], gate: "StatefulSetMinReadySeconds", alphaIn: 22, onIn: 23 },
  {
    field: "spec.persistentVolumeClaimRetentionPolicy",
    on: { kinds: ["StatefulSet"] },
    paths: [["spec", "persistentVolumeClaimRetentionPolicy"]],
    gate: "StatefulSetAutoDeletePVC",
    alphaIn: 23,
    onIn: 27,
  },
  { field: "spec.ordinals", on: { kinds: ["StatefulSet"] }, paths: [["spec", "ordinals"]], gate: "StatefulSetStartOrdinal", alphaIn: 26, onIn: 27 },
  { field: "spec.updateStrategy.rollingUpdate.maxSurge", on: { kinds: ["DaemonSet"] }, paths: [["spec", "updateStrategy", "rollingUpdate", "maxSurge"]], gate: "DaemonSetUpdateSurge", alphaIn: 21, onIn: 22 },
  { field: "spec.unhealthyPodEvictionPolicy", on: { kinds: ["PodDisruptionBudget"] }, paths: [["spec", "unhealthyPodEvictionPolicy"]], gate: "PDBUnhealthyPodEvictionPolicy", alphaIn: 26, onIn: 27 },
  { field: "spec.trafficDistribution", on: { kinds: ["Service"] }, paths: [["spec", "trafficDistribution"]], gate: "ServiceTrafficDistribution", alphaIn: 30, onIn: 31 },
  { field: "spec.internalTrafficPolicy", on: { kinds: ["Service"] }, paths: [["spec", "internalTrafficPolicy"]], gate: "ServiceInternalTrafficPolicy", alphaIn: 21, onIn: 22 },
  { field: "spec.loadBalancerClass", on: { kinds: ["Service"] }, paths: [["spec", "loadBalancerClass"]], gate: "ServiceLoadBalancerClass", alphaIn: 21, onIn: 22 },
  { field: "spec.allocateLoadBalancerNodePorts", on: { kinds: ["Service"] }, paths: [["spec", "allocateLoadBalancerNodePorts"]], gate: "ServiceLBNodePortControl", alphaIn: 20, onIn: 22 },
  { field: "spec.{key}", on: { kinds: ["Service"] }, paths: [["spec", "ipFamilyPolicy|ipFamilies"]], gate: "IPv6DualStack", alphaIn: 20, onIn: 21 },
  { field: "ports[].endPort", on: { kinds: ["NetworkPolicy"] }, paths: [["spec", "ingress|egress", "*", "ports", "*", "endPort"]], gate: "NetworkPolicyEndPort", alphaIn: 21, onIn: 22 },
  // The gate is older (1.18) than the field (1.22), which took over its role from dataSource.
  { field: "spec.dataSourceRef", on: { kinds: ["PersistentVolumeClaim"] }, paths: [["spec", "dataSourceRef"]], gate: "AnyVolumeDataSource", alphaIn: 22, onIn: 24 },
  // A claim, and the claim templates of a StatefulSet (each path exists on one of the two kinds).
  {
    field: "volumeAttributesClassName",
    on: { kinds: ["PersistentVolumeClaim", "StatefulSet"] },
    paths: [["spec", "volumeAttributesClassName"], ["spec", "volumeClaimTemplates", "*", "spec", "volumeAttributesClassName"]],
    gate: "VolumeAttributesClass",
    alphaIn: 29,
    onIn: 34,
  },
  {
    field: "the ReadWriteOncePod access mode",
    on: { kinds: ["PersistentVolumeClaim", "StatefulSet"] },
    paths: [["spec", "accessModes", "*"], ["spec", "volumeClaimTemplates", "*", "spec", "accessModes", "*"]],
    value: "ReadWriteOncePod",
    gate: "ReadWriteOncePod",
    alphaIn: 22,
    onIn: 27,
  },
  { field: "spec.ingressClassName", on: { kinds: ["Ingress"] }, paths: [["spec", "ingressClassName"]], onIn: 18 },
  { field: "spec.behavior", on: { kinds: ["HorizontalPodAutoscaler"], apiVersions: ["autoscaling/v2beta2", "autoscaling/v2"] }, paths: [["spec", "behavior"]], onIn: 18 },
  { field: "preemptionPolicy", on: { kinds: ["PriorityClass"] }, paths: [["preemptionPolicy"]], gate: "NonPreemptingPriority", alphaIn: 15, onIn: 19 },
];

/** A written field the target keeps only with its gate on (`gated`), or does not know at all. */
export interface UnservedField {
  entry: FieldIntroduction;
  path: ObjectPath;
  gated: boolean;
}

/** Whether the target keeps what the entry introduces: undefined when it does, else whether a gate would. */
function unserved(entry: FieldIntroduction, target: number): { gated: boolean } | undefined {
  if (target >= entry.onIn) return undefined;
  return { gated: entry.alphaIn !== undefined && target >= entry.alphaIn };
}

/** The concrete paths under `base` in `value` that a pattern names and that are set (not null). */
function matches(value: unknown, pattern: readonly string[], base: ObjectPath, want: string | undefined, out: ObjectPath[]): void {
  if (pattern.length === 0) {
    if (value !== undefined && value !== null && (want === undefined || value === want)) out.push(base);
    return;
  }
  const [head, ...rest] = pattern;
  if (head === "*") {
    if (Array.isArray(value)) value.forEach((v, i) => matches(v, rest, [...base, i], want, out));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) matches(v, rest, [...base, k], want, out);
    return;
  }
  if (!isRecord(value)) return;
  for (const key of head.split("|")) if (Object.hasOwn(value, key)) matches(value[key], rest, [...base, key], want, out);
}

function collect(entries: readonly FieldIntroduction[], value: unknown, base: ObjectPath, target: number, out: UnservedField[]): void {
  for (const entry of entries) {
    const status = unserved(entry, target);
    if (!status) continue;
    const paths: ObjectPath[] = [];
    for (const p of entry.paths) matches(value, p, base, entry.value, paths);
    for (const path of paths) out.push({ entry, path, gated: status.gated });
  }
}

const POD = FIELD_INTRODUCTIONS.filter((e) => e.on === "pod");
const CONTAINER = FIELD_INTRODUCTIONS.filter((e) => e.on === "container");
const INIT_CONTAINER = FIELD_INTRODUCTIONS.filter((e) => e.on === "initContainer");
const APP_CONTAINER = FIELD_INTRODUCTIONS.filter((e) => e.on === "appContainer");
/** What each container list of a pod spec is checked for. */
const CONTAINER_LISTS = [
  ["containers", [...CONTAINER, ...APP_CONTAINER]],
  ["initContainers", [...CONTAINER, ...INIT_CONTAINER]],
] as const;
const JOB = FIELD_INTRODUCTIONS.filter((e) => e.on === "job");
const byKind = new Map<string, FieldIntroduction[]>();
for (const e of FIELD_INTRODUCTIONS) if (typeof e.on === "object") for (const k of e.on.kinds) byKind.set(k, [...(byKind.get(k) ?? []), e]);

/** The oldest release every entry is served by default in: a target from it on needs no walk at all. */
export const ALL_SERVED_FROM = Math.max(...FIELD_INTRODUCTIONS.map((e) => e.onIn));

/**
 * Fields of a pod template (its spec and containers) a target (minor version, below ALL_SERVED_FROM:
 * the caller decides once whether to walk at all) does not keep by default.
 */
export function unservedPodFields(pod: PodTemplate, target: number): UnservedField[] {
  const out: UnservedField[] = [];
  collect(POD, pod.spec, pod.specPath, target, out);
  for (const [list, entries] of CONTAINER_LISTS) {
    const items: unknown = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, i) => collect(entries, c, [...pod.specPath, list, i], target, out));
  }
  return out;
}

/** Fields of a built-in object, outside its pod template, a target (as for unservedPodFields) does not keep by default. */
export function unservedObjectFields(resource: Resource, target: number): UnservedField[] {
  const out: UnservedField[] = [];
  const entries = byKind.get(resource.kind)?.filter((e) => typeof e.on !== "object" || !e.on.apiVersions || e.on.apiVersions.includes(resource.apiVersion));
  if (entries?.length) collect(entries, resource.object, [], target, out);
  const jobPath = JOB_SPEC_PATHS[resource.kind];
  if (jobPath) collect(JOB, getPath(resource.object, jobPath), jobPath, target, out);
  return out;
}

/**
 * Whether the target keeps a field of the table by default (`kind` as the entry names it, or "pod" /
 * "container" / "job"): advice and fixes that write such a field depend on it, so that applying them
 * never draws this table's finding.
 */
export function servesField(on: string, field: string, kubeVersion: string): boolean {
  const entry = FIELD_INTRODUCTIONS.find((e) => e.field === field && (typeof e.on === "string" ? e.on === on : e.on.kinds.includes(on)));
  if (!entry) throw new Error(`no field ${field} of ${on} in the table`);
  return kubeMinor(kubeVersion) >= entry.onIn;
}
