import { servesField } from "./field-introductions.js";

/**
 * Whether the target API server knows a PodDisruptionBudget's unhealthyPodEvictionPolicy: the rule that
 * advises it and the budget pdb-missing proposes both depend on it, so that applying one's suggestion
 * never draws the other's finding, and no advice writes a field the server would reject.
 */
export function servesUnhealthyPodEvictionPolicy(kubeVersion: string): boolean {
  return servesField("PodDisruptionBudget", "spec.unhealthyPodEvictionPolicy", kubeVersion);
}
