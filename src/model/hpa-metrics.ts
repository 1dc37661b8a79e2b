import { isRecord } from "./pod-spec.js";
import type { Resource } from "./resource.js";

/** A metric an autoscaler computes as a percentage of the pods' requests. */
export interface UtilizationMetric {
  /** cpu or memory: what the resource metrics API serves. */
  resource: "cpu" | "memory";
  /** A ContainerResource metric: only this container's request counts. */
  container?: string;
  /** No metric is written: the controller's default, 80% CPU. */
  defaulted: boolean;
}

const RESOURCES: ReadonlySet<string> = new Set(["cpu", "memory"]);

/**
 * The utilization metrics of a HorizontalPodAutoscaler, in every served version: autoscaling/v1's
 * targetCPUUtilizationPercentage, v2beta1's targetAverageUtilization, v2beta2's and v2's target of
 * type Utilization. Written with no metric at all, an autoscaler scales on 80% CPU utilization (the
 * API server's default in v2, the controller's in v1). The controller divides usage by the sum of the
 * requests of the pod's containers (and sidecars), and stops scaling when one of them has none.
 */
export function utilizationMetrics(hpa: Resource): UtilizationMetric[] {
  const spec = isRecord(hpa.object.spec) ? hpa.object.spec : {};
  if (hpa.apiVersion === "autoscaling/v1") return [{ resource: "cpu", defaulted: spec.targetCPUUtilizationPercentage === undefined || spec.targetCPUUtilizationPercentage === null }];
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  if (metrics.length === 0) return [{ resource: "cpu", defaulted: true }];
  const out: UtilizationMetric[] = [];
  for (const m of metrics) {
    if (!isRecord(m)) continue;
    const source = m.type === "Resource" ? m.resource : m.type === "ContainerResource" ? m.containerResource : undefined;
    if (!isRecord(source) || typeof source.name !== "string" || !RESOURCES.has(source.name)) continue;
    const target = isRecord(source.target) ? source.target : undefined;
    const utilization = target ? target.type === "Utilization" : source.targetAverageUtilization !== undefined && source.targetAverageUtilization !== null;
    if (!utilization) continue;
    const metric: UtilizationMetric = { resource: source.name as "cpu" | "memory", defaulted: false };
    if (m.type === "ContainerResource") {
      if (typeof source.container !== "string") continue;
      metric.container = source.container;
    }
    out.push(metric);
  }
  return out;
}
