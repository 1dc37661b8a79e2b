import { kubeMinor } from "../kube-version.js";

/** unhealthyPodEvictionPolicy is served (beta, on by default) from Kubernetes 1.27; GA in 1.31. */
const SERVED_FROM_MINOR = 27;

/**
 * Whether the target API server knows a PodDisruptionBudget's unhealthyPodEvictionPolicy: the rule that
 * advises it and the budget pdb-missing proposes both depend on it, so that applying one's suggestion
 * never draws the other's finding, and no advice writes a field the server would reject.
 */
export function servesUnhealthyPodEvictionPolicy(kubeVersion: string): boolean {
  return kubeMinor(kubeVersion) >= SERVED_FROM_MINOR;
}
