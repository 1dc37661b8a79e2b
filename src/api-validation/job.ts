import type { Report } from "../engine/rule.js";
import { getPath, isRecord, JOB_SPEC_PATHS } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import type { ObjectPath } from "../types.js";

type Emit = (r: Report) => void;

/**
 * A Job spec (a Job's, or a CronJob's jobTemplate) as ValidateJobSpec reads it: an Indexed job needs
 * its completions, per-index backoff needs Indexed, and maxFailedIndexes needs per-index backoff.
 */
function checkJobSpec(resource: Resource, spec: unknown, at: ObjectPath, report: Emit): void {
  if (!isRecord(spec)) return;
  const set = (k: string) => spec[k] !== undefined && spec[k] !== null;
  const indexed = spec.completionMode === "Indexed";
  if (indexed && !set("completions")) {
    report({ target: { resource, path: [...at, "completionMode"] }, message: "completionMode Indexed needs spec.completions (how many indexes): the API server refuses the Job" });
  }
  if (set("backoffLimitPerIndex") && !indexed) {
    report({ target: { resource, path: [...at, "backoffLimitPerIndex"] }, message: "backoffLimitPerIndex needs completionMode Indexed: the API server refuses the Job" });
  }
  if (set("maxFailedIndexes") && !set("backoffLimitPerIndex")) {
    report({ target: { resource, path: [...at, "maxFailedIndexes"] }, message: "maxFailedIndexes needs backoffLimitPerIndex: the API server refuses the Job" });
  }
}

/** A Job's spec, or a CronJob's job template's. */
export function checkJob(resource: Resource, report: Emit): void {
  const at = JOB_SPEC_PATHS[resource.kind];
  if (at) checkJobSpec(resource, getPath(resource.object, at), at, report);
}
