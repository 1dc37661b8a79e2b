import type { Container } from "kubernetes-types/core/v1.js";
import type { ContainerRef, PodTemplate } from "./pod-spec.js";
import type { Model } from "./model.js";
import { compileSelector } from "./selector.js";
import { isRecord } from "./pod-spec.js";
import { onlyWaits } from "./idle-command.js";

/**
 * Containers that probes apply to: the regular containers of workloads that run indefinitely.
 * Jobs, CronJobs and run-to-completion Pods finish by design; init and ephemeral containers cannot
 * have liveness or readiness probes (the API server rejects them), sidecars are optional. KubeRay
 * probes the Ray container itself (operatorProbes).
 */
export function probedContainers(containers: readonly ContainerRef[]): Array<ContainerRef & { container: Container }> {
  return containers.filter((ref) => ref.kind === "container" && !ref.pod.runsToCompletion && !(ref.pod.operatorProbes && ref.index === 0)) as Array<
    ContainerRef & { container: Container }
  >;
}

/** Pod templates that a Service in the set sends traffic to (Services with a non-empty selector). */
export function podsBehindServices(model: Model): Set<PodTemplate> {
  const out = new Set<PodTemplate>();
  for (const svc of model.index.ofKind("Service")) {
    const selector = (svc.object.spec as { selector?: unknown } | undefined)?.selector;
    if (!isRecord(selector)) continue;
    for (const pod of model.index.selectPods(svc.namespace, compileSelector(selector as Record<string, string>, "map"), false)) out.add(pod);
  }
  return out;
}

/**
 * A container that receives traffic: it declares a port, or it is the only regular container of a pod
 * a Service selects (the Service's port can only be its own, declared or not). Readiness only gates
 * traffic and rollouts of such containers; a queue consumer with no port and no Service, a sidecar
 * without a port, or a main container that listens on localhost behind a proxy has nothing to be
 * ready for: the container whose port the Service names is the one to ask. A container whose written
 * command only waits (`sleep infinity`: a client pod kept for `kubectl exec`, given a Service only so
 * that a mesh names it) opens no socket, whatever the Service or its ports say.
 */
export function servesTraffic(ref: ContainerRef, behindServices: ReadonlySet<PodTemplate>): boolean {
  if (onlyWaits(ref.container)) return false;
  const ports = (ref.container as { ports?: unknown }).ports;
  if (Array.isArray(ports) && ports.length > 0) return true;
  if (!behindServices.has(ref.pod)) return false;
  const regular = (ref.pod.spec as { containers?: unknown }).containers;
  return Array.isArray(regular) && regular.length === 1;
}
