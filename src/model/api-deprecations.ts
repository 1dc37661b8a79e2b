import { kubeMinor } from "../kube-version.js";

/**
 * Built-in apiVersions that Kubernetes deprecated and removed, per kind, from the Kubernetes deprecated
 * API migration guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). Versions are
 * minor numbers of 1.x: deprecatedIn is the release whose API server started warning (or that shipped
 * the replacement), removedIn the first release that no longer serves the apiVersion.
 */
export interface ApiDeprecation {
  apiVersion: string;
  kinds: readonly string[];
  deprecatedIn: number;
  removedIn?: number;
  /** apiVersion to move to; undefined when the API is gone without a successor. */
  replacement?: string;
  /** What to do when there is no replacement apiVersion. */
  advice?: string;
  /**
   * The replacement reads every manifest of the old version the same way: changing apiVersion is the
   * whole migration (what `--fix` does). Not set where fields moved or defaults changed.
   */
  rename?: true;
}

const APPS = ["Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "ControllerRevision"];

export const API_DEPRECATIONS: readonly ApiDeprecation[] = [
  // 1.16
  { apiVersion: "extensions/v1beta1", kinds: ["Deployment", "DaemonSet", "ReplicaSet"], deprecatedIn: 9, removedIn: 16, replacement: "apps/v1" },
  { apiVersion: "apps/v1beta1", kinds: APPS, deprecatedIn: 9, removedIn: 16, replacement: "apps/v1" },
  { apiVersion: "apps/v1beta2", kinds: APPS, deprecatedIn: 9, removedIn: 16, replacement: "apps/v1" },
  { apiVersion: "extensions/v1beta1", kinds: ["NetworkPolicy"], deprecatedIn: 9, removedIn: 16, replacement: "networking.k8s.io/v1" },
  { apiVersion: "extensions/v1beta1", kinds: ["PodSecurityPolicy"], deprecatedIn: 11, removedIn: 16, replacement: "policy/v1beta1" },
  // 1.22
  { apiVersion: "extensions/v1beta1", kinds: ["Ingress"], deprecatedIn: 14, removedIn: 22, replacement: "networking.k8s.io/v1" },
  { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], deprecatedIn: 19, removedIn: 22, replacement: "networking.k8s.io/v1" },
  { apiVersion: "admissionregistration.k8s.io/v1beta1", kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], deprecatedIn: 16, removedIn: 22, replacement: "admissionregistration.k8s.io/v1" },
  { apiVersion: "apiextensions.k8s.io/v1beta1", kinds: ["CustomResourceDefinition"], deprecatedIn: 16, removedIn: 22, replacement: "apiextensions.k8s.io/v1" },
  { apiVersion: "apiregistration.k8s.io/v1beta1", kinds: ["APIService"], deprecatedIn: 19, removedIn: 22, replacement: "apiregistration.k8s.io/v1", rename: true },
  { apiVersion: "authentication.k8s.io/v1beta1", kinds: ["TokenReview"], deprecatedIn: 19, removedIn: 22, replacement: "authentication.k8s.io/v1" },
  { apiVersion: "authorization.k8s.io/v1beta1", kinds: ["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview"], deprecatedIn: 19, removedIn: 22, replacement: "authorization.k8s.io/v1" },
  { apiVersion: "certificates.k8s.io/v1beta1", kinds: ["CertificateSigningRequest"], deprecatedIn: 19, removedIn: 22, replacement: "certificates.k8s.io/v1" },
  { apiVersion: "coordination.k8s.io/v1beta1", kinds: ["Lease"], deprecatedIn: 19, removedIn: 22, replacement: "coordination.k8s.io/v1", rename: true },
  { apiVersion: "rbac.authorization.k8s.io/v1beta1", kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], deprecatedIn: 17, removedIn: 22, replacement: "rbac.authorization.k8s.io/v1", rename: true },
  { apiVersion: "scheduling.k8s.io/v1beta1", kinds: ["PriorityClass"], deprecatedIn: 17, removedIn: 22, replacement: "scheduling.k8s.io/v1", rename: true },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], deprecatedIn: 19, removedIn: 22, replacement: "storage.k8s.io/v1" },
  // 1.25
  { apiVersion: "batch/v1beta1", kinds: ["CronJob"], deprecatedIn: 21, removedIn: 25, replacement: "batch/v1", rename: true },
  { apiVersion: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], deprecatedIn: 21, removedIn: 25, replacement: "discovery.k8s.io/v1" },
  { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], deprecatedIn: 19, removedIn: 25, replacement: "events.k8s.io/v1" },
  { apiVersion: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], deprecatedIn: 22, removedIn: 25, replacement: "autoscaling/v2" },
  { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget"], deprecatedIn: 21, removedIn: 25, replacement: "policy/v1", rename: true },
  {
    apiVersion: "policy/v1beta1",
    kinds: ["PodSecurityPolicy"],
    deprecatedIn: 21,
    removedIn: 25,
    advice: "enforce Pod Security Standards with pod-security.kubernetes.io/ labels on the namespace (Pod Security Admission) or a policy engine",
  },
  { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], deprecatedIn: 20, removedIn: 25, replacement: "node.k8s.io/v1", rename: true },
  // 1.26, 1.27, 1.29, 1.32
  { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], deprecatedIn: 23, removedIn: 26, replacement: "autoscaling/v2", rename: true },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kinds: ["FlowSchema", "PriorityLevelConfiguration"], deprecatedIn: 23, removedIn: 26, replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], deprecatedIn: 24, removedIn: 27, replacement: "storage.k8s.io/v1", rename: true },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kinds: ["FlowSchema", "PriorityLevelConfiguration"], deprecatedIn: 26, removedIn: 29, replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kinds: ["FlowSchema", "PriorityLevelConfiguration"], deprecatedIn: 29, removedIn: 32, replacement: "flowcontrol.apiserver.k8s.io/v1" },
  // Deprecated, still served.
  { apiVersion: "v1", kinds: ["Endpoints"], deprecatedIn: 33, replacement: "discovery.k8s.io/v1 EndpointSlice" },
];

const byKey = new Map<string, ApiDeprecation>();
for (const d of API_DEPRECATIONS) for (const k of d.kinds) byKey.set(`${d.apiVersion}/${k}`, d);

export function apiDeprecation(apiVersion: string, kind: string): ApiDeprecation | undefined {
  return byKey.get(`${apiVersion}/${kind}`);
}

/** "removed" when the target no longer serves it, "deprecated" when it warns, undefined when it is fine. */
export function deprecationStatus(d: { deprecatedIn: number; removedIn?: number }, kubeVersion: string): "removed" | "deprecated" | undefined {
  const target = kubeMinor(kubeVersion);
  if (d.removedIn !== undefined && target >= d.removedIn) return "removed";
  if (target >= d.deprecatedIn) return "deprecated";
  return undefined;
}

/** Annotations that fields replaced; the kubelet stops honouring some of them (removedIn). */
export interface AnnotationDeprecation {
  /** Exact key, or a prefix ending in "/" followed by a container name. */
  key: string;
  prefix: boolean;
  deprecatedIn: number;
  removedIn?: number;
  replacement: string;
  /** The securityContext field (pod or container level) that replaces it. */
  field: "seccompProfile" | "appArmorProfile";
}

export const ANNOTATION_DEPRECATIONS: readonly AnnotationDeprecation[] = [
  { key: "seccomp.security.alpha.kubernetes.io/pod", prefix: false, deprecatedIn: 19, removedIn: 27, replacement: "spec.securityContext.seccompProfile", field: "seccompProfile" },
  { key: "container.seccomp.security.alpha.kubernetes.io/", prefix: true, deprecatedIn: 19, removedIn: 27, replacement: "the container's securityContext.seccompProfile", field: "seccompProfile" },
  { key: "container.apparmor.security.beta.kubernetes.io/", prefix: true, deprecatedIn: 30, replacement: "the container's securityContext.appArmorProfile", field: "appArmorProfile" },
];

/**
 * The profile field an annotation's value stands for, as the API server converts it (SeccompFieldForAnnotation
 * and its AppArmor twin): `runtime/default` (and seccomp's older `docker/default`), `unconfined`,
 * `localhost/<profile>`. Undefined for anything else, and for `localhost/` with no name: nothing is copied.
 */
export function annotationProfile(value: unknown): { type: string; localhostProfile?: string } | undefined {
  if (value === "runtime/default" || value === "docker/default") return { type: "RuntimeDefault" };
  if (value === "unconfined") return { type: "Unconfined" };
  if (typeof value === "string" && value.startsWith("localhost/") && value.length > "localhost/".length) return { type: "Localhost", localhostProfile: value.slice("localhost/".length) };
  return undefined;
}

export function annotationDeprecation(key: string): AnnotationDeprecation | undefined {
  return ANNOTATION_DEPRECATIONS.find((d) => (d.prefix ? key.startsWith(d.key) : key === d.key));
}

/**
 * apiVersions newer than the oldest supported target: a cluster older than introducedIn answers "no
 * matches for kind". `older` is what such a cluster serves instead.
 */
export interface ApiIntroduction {
  apiVersion: string;
  kinds: readonly string[];
  introducedIn: number;
  older?: string;
}

export const API_INTRODUCTIONS: readonly ApiIntroduction[] = [
  { apiVersion: "apiextensions.k8s.io/v1", kinds: ["CustomResourceDefinition"], introducedIn: 16, older: "apiextensions.k8s.io/v1beta1" },
  { apiVersion: "admissionregistration.k8s.io/v1", kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], introducedIn: 16, older: "admissionregistration.k8s.io/v1beta1" },
  { apiVersion: "admissionregistration.k8s.io/v1", kinds: ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"], introducedIn: 30 },
  { apiVersion: "storage.k8s.io/v1", kinds: ["CSINode"], introducedIn: 17, older: "storage.k8s.io/v1beta1" },
  { apiVersion: "storage.k8s.io/v1", kinds: ["CSIDriver"], introducedIn: 18, older: "storage.k8s.io/v1beta1" },
  { apiVersion: "networking.k8s.io/v1", kinds: ["Ingress", "IngressClass"], introducedIn: 19, older: "networking.k8s.io/v1beta1" },
  { apiVersion: "certificates.k8s.io/v1", kinds: ["CertificateSigningRequest"], introducedIn: 19, older: "certificates.k8s.io/v1beta1" },
  { apiVersion: "events.k8s.io/v1", kinds: ["Event"], introducedIn: 19, older: "events.k8s.io/v1beta1" },
  { apiVersion: "node.k8s.io/v1", kinds: ["RuntimeClass"], introducedIn: 20, older: "node.k8s.io/v1beta1" },
  { apiVersion: "policy/v1", kinds: ["PodDisruptionBudget"], introducedIn: 21, older: "policy/v1beta1" },
  { apiVersion: "batch/v1", kinds: ["CronJob"], introducedIn: 21, older: "batch/v1beta1" },
  { apiVersion: "discovery.k8s.io/v1", kinds: ["EndpointSlice"], introducedIn: 21, older: "discovery.k8s.io/v1beta1" },
  { apiVersion: "autoscaling/v2", kinds: ["HorizontalPodAutoscaler"], introducedIn: 23, older: "autoscaling/v2beta2" },
  { apiVersion: "storage.k8s.io/v1", kinds: ["CSIStorageCapacity"], introducedIn: 24, older: "storage.k8s.io/v1beta1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kinds: ["FlowSchema", "PriorityLevelConfiguration"], introducedIn: 26, older: "flowcontrol.apiserver.k8s.io/v1beta2" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1", kinds: ["FlowSchema", "PriorityLevelConfiguration"], introducedIn: 29, older: "flowcontrol.apiserver.k8s.io/v1beta3" },
  { apiVersion: "networking.k8s.io/v1", kinds: ["IPAddress", "ServiceCIDR"], introducedIn: 33 },
  { apiVersion: "storage.k8s.io/v1", kinds: ["VolumeAttributesClass"], introducedIn: 34 },
  { apiVersion: "resource.k8s.io/v1", kinds: ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"], introducedIn: 34 },
];

const introductions = new Map<string, ApiIntroduction>();
for (const d of API_INTRODUCTIONS) for (const k of d.kinds) introductions.set(`${d.apiVersion}/${k}`, d);

/** The introduction of an apiVersion/kind when the target version is older than it. */
export function notYetServed(apiVersion: string, kind: string, kubeVersion: string): ApiIntroduction | undefined {
  const d = introductions.get(`${apiVersion}/${kind}`);
  return d && kubeMinor(kubeVersion) < d.introducedIn ? d : undefined;
}

/**
 * Built-in apiVersions an API server serves only when enabled (`--runtime-config`): alpha versions, and
 * beta versions of APIs first served from 1.24 on (beta APIs are off by default since then). A default
 * cluster answers "no matches for kind", as clusters did for the v1beta1 ValidatingAdmissionPolicy.
 * `stable` is the version every cluster from `stableIn` serves; `sameFields` where moving to it is a
 * change of apiVersion alone.
 */
export interface OffByDefaultApi {
  apiVersion: string;
  kinds: readonly string[];
  stage: "alpha" | "beta";
  stable: string;
  stableIn: number;
  sameFields?: true;
}

const ADMISSION_POLICIES = ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"];
const SERVICE_CIDRS = ["ServiceCIDR", "IPAddress"];
const DEVICE_RESOURCES = ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"];

export const OFF_BY_DEFAULT_APIS: readonly OffByDefaultApi[] = [
  { apiVersion: "admissionregistration.k8s.io/v1alpha1", kinds: ADMISSION_POLICIES, stage: "alpha", stable: "admissionregistration.k8s.io/v1", stableIn: 30 },
  { apiVersion: "admissionregistration.k8s.io/v1beta1", kinds: ADMISSION_POLICIES, stage: "beta", stable: "admissionregistration.k8s.io/v1", stableIn: 30, sameFields: true },
  { apiVersion: "networking.k8s.io/v1alpha1", kinds: SERVICE_CIDRS, stage: "alpha", stable: "networking.k8s.io/v1", stableIn: 33 },
  { apiVersion: "networking.k8s.io/v1beta1", kinds: SERVICE_CIDRS, stage: "beta", stable: "networking.k8s.io/v1", stableIn: 33, sameFields: true },
  { apiVersion: "storage.k8s.io/v1alpha1", kinds: ["VolumeAttributesClass"], stage: "alpha", stable: "storage.k8s.io/v1", stableIn: 34 },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["VolumeAttributesClass"], stage: "beta", stable: "storage.k8s.io/v1", stableIn: 34, sameFields: true },
  { apiVersion: "resource.k8s.io/v1alpha3", kinds: DEVICE_RESOURCES, stage: "alpha", stable: "resource.k8s.io/v1", stableIn: 34 },
  { apiVersion: "resource.k8s.io/v1beta1", kinds: DEVICE_RESOURCES, stage: "beta", stable: "resource.k8s.io/v1", stableIn: 34 },
  { apiVersion: "resource.k8s.io/v1beta2", kinds: DEVICE_RESOURCES, stage: "beta", stable: "resource.k8s.io/v1", stableIn: 34 },
];

const offByDefault = new Map<string, OffByDefaultApi>();
for (const d of OFF_BY_DEFAULT_APIS) for (const k of d.kinds) offByDefault.set(`${d.apiVersion}/${k}`, d);

/**
 * The entry of an apiVersion/kind that default clusters do not serve, when the target serves its stable
 * version: before that, the alpha or beta is the only way to use the API, and enabling it the user's choice.
 */
export function servedOnlyWhenEnabled(apiVersion: string, kind: string, kubeVersion: string): OffByDefaultApi | undefined {
  const d = offByDefault.get(`${apiVersion}/${kind}`);
  return d && kubeMinor(kubeVersion) >= d.stableIn ? d : undefined;
}
