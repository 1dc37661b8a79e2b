import type { Model } from "./model.js";
import type { PodTemplate } from "./pod-spec.js";
import type { Resource } from "./resource.js";
import { ResourceIndex } from "./resource-index.js";
import { realPath } from "../load/real-path.js";

/**
 * The models a rule sees when findings are wanted in one file only (the editor's keystroke): the same
 * Resource objects as the whole set's model, so a finding is the same whichever model found it.
 * - `object`: the file's objects and nothing else, with an index of their own (rules whose findings
 *   on an object depend on that object alone: `meta.scope: "object"`);
 * - `subject`: the file's objects as the ones to report on, the whole set's index to look the others
 *   up (`meta.scope: "subject"`). Other YAML stays whole there: it is context (which files a
 *   kustomization deploys or feeds to a generator, which directory holds a chart), and scanning it is
 *   cheap; reports on other files are dropped by runRules.
 */
export interface FocusModels {
  /** Whether a SourceFile's path is the focused file's (focusedFile). */
  isFile: (path: string) => boolean;
  object: Model;
  subject: Model;
}

/**
 * Whether a SourceFile's path names the focused file. A file read as written keeps the path it was found
 * by, but the files Kustomize output maps back to (kustomizations, bases, patches) are read by their real
 * path (src/render/source-cache.ts): under a symbolic link (a linked home or checkout directory, macOS's
 * /tmp) a keystroke in a kustomization.yaml lost its findings. An unsaved buffer is named by its own path.
 */
function focusedFile(file: string): (path: string) => boolean {
  const real = realPath(file);
  return (p) => p === file || p === real;
}

export function focusModels(model: Model, file: string): FocusModels {
  const isFile = focusedFile(file);
  const object = objectsModel(model, (r) => isFile(r.file.path), {
    otherDocuments: model.otherDocuments.filter((d) => isFile(d.file.path)),
    inputProblems: model.inputProblems.filter((p) => isFile(p.file.path)),
  });
  const { resources, pods, containers, inputProblems } = object;
  return { isFile, subject: { ...model, resources, pods, containers, inputProblems }, object };
}

/**
 * A model of the objects `keep` accepts, with an index of their own, for rules with `meta.scope:
 * "object"` (their findings on an object depend on that object alone): the same Resource objects, so
 * a finding is the same whichever model found it. `rest` gives its other YAML and input problems.
 */
export function objectsModel(model: Model, keep: (r: Resource) => boolean, rest: Pick<Model, "otherDocuments" | "inputProblems">): Model {
  const resources = model.resources.filter(keep);
  const pods = model.pods.filter((p) => keep(p.resource));
  const containers = model.containers.filter((c) => keep(c.pod.resource));
  // Workloads without a pod spec and operator pods are indexed for selectors like pod templates.
  const indexed: PodTemplate[] = [];
  for (const r of resources) {
    for (const pod of model.index.podTemplates(r)) indexed.push(pod);
  }
  return { ...model, resources, pods, containers, otherDocuments: rest.otherDocuments, inputProblems: rest.inputProblems, index: new ResourceIndex(resources, indexed) };
}
