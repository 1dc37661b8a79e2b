import type { Report } from "../engine/rule.js";
import { setValue, removeValue } from "../engine/fix.js";
import { getPath, isRecord } from "../model/pod-spec.js";
import { objectChainMisspelt } from "../schema/misspelt-field.js";
import type { Resource } from "../model/resource.js";
import type { ObjectPath } from "../types.js";
import { kubeMinor } from "../kube-version.js";

type Emit = (r: Report) => void;

/** An int-or-string of a rollout or budget: its value as a count or percentage, or why it is refused. */
function intOrPercent(value: unknown): { value: number; percent: boolean } | { problem: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return Number.isInteger(value) && value < 0 ? { problem: "is negative" } : { value, percent: false };
  if (typeof value !== "string") return undefined;
  if (!/^[0-9]+%$/.test(value)) return { problem: "is quoted but not a percentage (digits and %, as \"25%\"; a count has no quotes)" };
  return { value: Number(value.slice(0, -1)), percent: true };
}

/**
 * The value of `path` as the API server reads it, or the default when unset; reports a refused value
 * (and above 100% where `atMost100`) and returns undefined then.
 */
function readIntOrPercent(resource: Resource, path: ObjectPath, report: Emit, atMost100: boolean, fallback?: number): number | undefined {
  const v = intOrPercent(getPath(resource.object, path));
  const name = String(path[path.length - 1]);
  if (v === undefined) return fallback;
  if ("problem" in v) {
    report({ target: { resource, path }, message: `${name} ${v.problem}: the API server refuses it` });
    return undefined;
  }
  if (atMost100 && v.percent && v.value > 100) {
    report({ target: { resource, path }, message: `${name} is above 100%: the API server refuses it` });
    return undefined;
  }
  return v.value;
}

export function checkIntOrPercent(resource: Resource, path: ObjectPath, report: Emit): void {
  readIntOrPercent(resource, path, report, true);
}

export function checkDeploymentStrategy(resource: Resource, report: Emit): void {
  const strategy = getPath(resource.object, ["spec", "strategy"]);
  if (!isRecord(strategy)) return;
  const rolling = strategy.rollingUpdate;
  if (strategy.type === "Recreate") {
    if (rolling === undefined || rolling === null) return;
    const at = ["spec", "strategy", "rollingUpdate"];
    report({
      target: { resource, path: at },
      message: "rollingUpdate is set under strategy type Recreate: the API server refuses it",
      suggestions: [removeValue("remove rollingUpdate (keep Recreate)", resource.object, at), setValue("set strategy type RollingUpdate", ["spec", "strategy", "type"], "RollingUpdate")],
    });
    return;
  }
  if (strategy.type !== undefined && strategy.type !== null && strategy.type !== "RollingUpdate") return;
  if (!isRecord(rolling)) return;
  const base = ["spec", "strategy", "rollingUpdate"];
  // Unset, each is 25% (the Deployment defaults), so a zero needs both written.
  const unavailable = readIntOrPercent(resource, [...base, "maxUnavailable"], report, true, 25);
  const surge = readIntOrPercent(resource, [...base, "maxSurge"], report, false, 25);
  if (unavailable === 0 && surge === 0) {
    report({ target: { resource, path: [...base, "maxUnavailable"] }, message: "maxUnavailable and maxSurge are both 0: a rollout could neither add nor remove a pod, and the API server refuses it" });
  }
}

export function checkDaemonSetStrategy(resource: Resource, report: Emit, kubeVersion: string): void {
  const strategy = getPath(resource.object, ["spec", "updateStrategy"]);
  if (!isRecord(strategy) || (strategy.type !== undefined && strategy.type !== null && strategy.type !== "RollingUpdate")) return;
  const rolling = strategy.rollingUpdate;
  if (!isRecord(rolling)) return;
  const base = ["spec", "updateStrategy", "rollingUpdate"];
  // Unset: maxUnavailable 1 and maxSurge 0 (the DaemonSet defaults). Exactly one may be non-zero.
  const unavailable = readIntOrPercent(resource, [...base, "maxUnavailable"], report, true, 1);
  // A DaemonSet's maxSurge is served from 1.22 (DaemonSetUpdateSurge, beta); before, the API server drops it unread.
  const surgeServed = kubeMinor(kubeVersion) >= 22;
  const surge = surgeServed ? readIntOrPercent(resource, [...base, "maxSurge"], report, true, 0) : 0;
  if (unavailable === undefined || surge === undefined) return;
  const written = (k: string) => rolling[k] !== undefined && rolling[k] !== null;
  // A default taken because the field is under a misspelt key (maxUnavailble) is the schema rule's finding, with the rename.
  const misspelt = (k: string) => (objectChainMisspelt(resource, [...base, k]) ? "schema" : undefined);
  if (unavailable !== 0 && surge !== 0) {
    const defaulted = written("maxUnavailable") ? "" : " (its default)";
    report({
      target: { resource, path: [...base, "maxSurge"] },
      message: `maxSurge is set while maxUnavailable is ${JSON.stringify(rolling.maxUnavailable ?? 1)}${defaulted}: a DaemonSet rolls out by surge or by unavailability, not both, and the API server refuses it`,
      suggestions: [setValue("set maxUnavailable: 0 (roll out by surge)", [...base, "maxUnavailable"], 0)],
      causedBy: misspelt("maxUnavailable"),
    });
  } else if (unavailable === 0 && surge === 0) {
    const dropped = !surgeServed && written("maxSurge") ? ` (maxSurge is dropped before Kubernetes 1.22, --kube-version ${kubeVersion})` : "";
    report({
      target: { resource, path: [...base, written("maxUnavailable") ? "maxUnavailable" : "maxSurge"] },
      message: `maxUnavailable and maxSurge are both 0${dropped}: a rollout could neither add nor remove a pod, and the API server refuses it`,
      causedBy: misspelt("maxSurge") ?? misspelt("maxUnavailable"),
    });
  }
}
