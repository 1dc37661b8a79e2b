import type { Container } from "kubernetes-types/core/v1.js";
import type { ContainerRef } from "./pod-spec.js";

/**
 * Containers that probes apply to: the regular containers of workloads that run indefinitely.
 * Jobs, CronJobs and run-to-completion Pods finish by design; init and ephemeral containers cannot
 * have liveness or readiness probes (the API server rejects them), sidecars are optional.
 */
export function probedContainers(containers: readonly ContainerRef[]): Array<ContainerRef & { container: Container }> {
  return containers.filter((ref) => ref.kind === "container" && !ref.pod.runsToCompletion) as Array<ContainerRef & { container: Container }>;
}
