/** Built-in kinds that are cluster-scoped: they have no namespace, whatever metadata.namespace says. */
const CLUSTER_SCOPED = new Set([
  "APIService",
  "CertificateSigningRequest",
  "ClusterRole",
  "ClusterRoleBinding",
  "ClusterTrustBundle",
  "ComponentStatus",
  "CSIDriver",
  "CSINode",
  "CustomResourceDefinition",
  "DeviceClass",
  "DeviceTaintRule",
  "FlowSchema",
  "IngressClass",
  "IPAddress",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PodSecurityPolicy",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "ResourceSlice",
  "RuntimeClass",
  "SelfSubjectAccessReview",
  "SelfSubjectReview",
  "SelfSubjectRulesReview",
  "ServiceCIDR",
  "StorageClass",
  "StorageVersion",
  "StorageVersionMigration",
  "SubjectAccessReview",
  "TokenReview",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  "VolumeAttributesClass",
]);

/**
 * Whether a kind is cluster-scoped. Custom kinds are scoped as their CRD in the set says
 * (`clusterScopedCustomKinds`); unknown custom kinds are taken as namespaced, the common case.
 */
export function isClusterScoped(kind: string, clusterScopedCustomKinds?: ReadonlySet<string>): boolean {
  return CLUSTER_SCOPED.has(kind) || (clusterScopedCustomKinds?.has(kind) ?? false);
}
