import { apiGroup } from "./resource.js";

/** API groups of component configuration files: kubelet, kube-scheduler, kube-proxy, the API server's admission and encryption config… */
const COMPONENT_CONFIG_GROUP = /(^|\.)config\.k8s\.io$/;
/** Other groups that only configuration files use: kubeadm's, the audit policy's, the API server's admission config. */
const COMPONENT_GROUPS: ReadonlySet<string> = new Set(["kubeadm.k8s.io", "audit.k8s.io", "apiserver.k8s.io", "eventratelimit.admission.k8s.io"]);

/**
 * A configuration file of a Kubernetes component (KubeletConfiguration, KubeSchedulerConfiguration,
 * EncryptionConfiguration, an audit Policy, kubeadm's ClusterConfiguration, the legacy kube-scheduler
 * `kind: Policy` of apiVersion v1): it has apiVersion and kind, but no API server serves it, so it is
 * not a Kubernetes object to lint. Built-in kinds that end in Configuration (webhook configurations,
 * PriorityLevelConfiguration) are in other groups.
 */
export function isComponentConfig(apiVersion: string, kind: string): boolean {
  if (apiVersion === "v1") return kind === "Policy";
  const group = apiGroup(apiVersion);
  // Kustomize's own files (Kustomization, Component) configure a build; no API server serves them. A
  // kustomization.yaml is set aside by name before this (src/render); this takes one that reaches the
  // model under another name (standard input with --stdin-filename, an editor's buffer).
  if (group === "kustomize.config.k8s.io") return true;
  return COMPONENT_CONFIG_GROUP.test(group) || COMPONENT_GROUPS.has(group);
}
