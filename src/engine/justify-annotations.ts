import type { ObjectPath } from "../types.js";
import type { Resource } from "../model/resource.js";
import type { Model } from "../model/model.js";
import { isRecord } from "../model/pod-spec.js";

/** Annotations `justify.k8slint.io/<rule-id>: "<why>"` accept a rule's findings on their object. */
export const JUSTIFY_PREFIX = "justify.k8slint.io/";

export interface JustifyAnnotation {
  resource: Resource;
  ruleId: string;
  reason: string | undefined;
  /** Path of the annotation's key, for findings about the annotation itself. */
  path: ObjectPath;
}

/** The justification annotations of an object and of its pod template, object first. */
export function justifyAnnotations(resource: Resource, model: Model): JustifyAnnotation[] {
  const out: JustifyAnnotation[] = [];
  collect(out, resource, resource.object.metadata, ["metadata"]);
  // A Pod's template metadata is its own metadata: read it once. A training job's or Ray cluster's
  // templates each have their own (one per role): an annotation there speaks for the object.
  for (const pod of model.index.podTemplates(resource)) if (pod.metadataPath.length > 1) collect(out, resource, pod.metadata, pod.metadataPath);
  // A CronJob's job template has metadata of its own, between the CronJob's and the pod template's.
  if (resource.kind === "CronJob") {
    const jobTemplate = isRecord(resource.object.spec) ? resource.object.spec.jobTemplate : undefined;
    if (isRecord(jobTemplate)) collect(out, resource, jobTemplate.metadata, ["spec", "jobTemplate", "metadata"]);
  }
  return out;
}

function collect(out: JustifyAnnotation[], resource: Resource, metadata: unknown, metadataPath: ObjectPath): void {
  if (!isRecord(metadata) || !isRecord(metadata.annotations)) return;
  for (const [key, value] of Object.entries(metadata.annotations)) {
    if (!key.startsWith(JUSTIFY_PREFIX)) continue;
    out.push({
      resource,
      ruleId: key.slice(JUSTIFY_PREFIX.length),
      reason: typeof value === "string" ? value : value === null || value === undefined ? undefined : String(value),
      path: [...metadataPath, "annotations", key],
    });
  }
}
