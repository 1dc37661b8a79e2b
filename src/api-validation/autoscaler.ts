import type { Report } from "../engine/rule.js";
import { getPath, isRecord } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";

/** An autoscaler's bounds: minReplicas at least 1 (scale to zero is alpha), maxReplicas at least both. */
export function checkAutoscaler(resource: Resource, report: (r: Report) => void): void {
  const spec = getPath(resource.object, ["spec"]);
  if (!isRecord(spec)) return;
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === "number" && min < 1) {
    report({ target: { resource, path: ["spec", "minReplicas"] }, message: `minReplicas ${min} is refused: it must be at least 1 (scaling to zero needs the alpha HPAScaleToZero feature gate)` });
  }
  if (typeof max !== "number") return;
  if (max < 1) report({ target: { resource, path: ["spec", "maxReplicas"] }, message: `maxReplicas ${max} is refused: it must be at least 1` });
  else if (typeof min === "number" && max < min) report({ target: { resource, path: ["spec", "maxReplicas"] }, message: `maxReplicas ${max} is below minReplicas ${min}: the API server refuses it` });
}
