import type { Report } from "../engine/rule.js";
import { getPath, isRecord, JOB_SPEC_PATHS } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import type { ObjectPath } from "../types.js";
import { kubeMinor } from "../kube-version.js";

type Emit = (r: Report) => void;

/**
 * A Job spec (a Job's, or a CronJob's jobTemplate) as ValidateJobSpec reads it: an Indexed job needs
 * its completions, per-index backoff needs Indexed, and maxFailedIndexes needs per-index backoff.
 * Fields a feature gate of the target turns off are dropped unread: completionMode before 1.22
 * (IndexedJob beta), backoffLimitPerIndex and maxFailedIndexes before 1.29 (JobBackoffLimitPerIndex beta).
 */
function checkJobSpec(resource: Resource, spec: unknown, at: ObjectPath, report: Emit, minor: number): void {
  if (!isRecord(spec)) return;
  const set = (k: string) => spec[k] !== undefined && spec[k] !== null;
  const indexed = minor >= 22 && spec.completionMode === "Indexed";
  // A Job that sets neither completions nor parallelism gets both 1 before validation; a CronJob's
  // job template is not defaulted so.
  const defaultsCompletions = resource.kind === "Job" && !set("parallelism");
  if (indexed && !set("completions") && !defaultsCompletions) {
    const what = resource.kind === "Job" ? "completionMode Indexed with a parallelism needs spec.completions (how many indexes)" : "completionMode Indexed needs spec.completions (how many indexes)";
    report({ target: { resource, path: [...at, "completionMode"] }, message: `${what}: the API server refuses the Job` });
  }
  if (minor < 29) return;
  if (set("backoffLimitPerIndex") && !indexed) {
    report({ target: { resource, path: [...at, "backoffLimitPerIndex"] }, message: "backoffLimitPerIndex needs completionMode Indexed: the API server refuses the Job" });
  }
  if (set("maxFailedIndexes") && !set("backoffLimitPerIndex")) {
    report({ target: { resource, path: [...at, "maxFailedIndexes"] }, message: "maxFailedIndexes needs backoffLimitPerIndex: the API server refuses the Job" });
  }
}

/** A Job's spec, or a CronJob's job template's. */
export function checkJob(resource: Resource, report: Emit, kubeVersion: string): void {
  const at = JOB_SPEC_PATHS[resource.kind];
  if (at) checkJobSpec(resource, getPath(resource.object, at), at, report, kubeMinor(kubeVersion));
}
