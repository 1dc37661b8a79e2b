import type { Report } from "../engine/rule.js";
import { getPath, isRecord } from "../model/pod-spec.js";
import { parseQuantity } from "../model/quantity.js";
import type { Resource } from "../model/resource.js";
import type { ObjectPath } from "../types.js";
import { noItems } from "../model/list-items.js";
import { chainMisspelt } from "../schema/misspelt-field.js";

type Emit = (r: Report) => void;

const CLAIM_SPEC = "IoK8sApiCoreV1PersistentVolumeClaimSpec";

/**
 * A claim's spec as ValidatePersistentVolumeClaimSpec reads it: at least one access mode,
 * ReadWriteOncePod alone, and (unless `storage` is someone else's check) a storage request above 0.
 * `refused` says what the API server refuses: the object, the pod, or the claims made from a template.
 */
export function checkClaimSpec(resource: Resource, spec: unknown, at: ObjectPath, refused: string, storage: boolean, report: Emit): void {
  if (!isRecord(spec)) return;
  const modes = spec.accessModes;
  // A field under a misspelt key (acessModes, requets) is the schema rule's finding, with the rename.
  if (noItems(modes)) {
    const causedBy = chainMisspelt(resource, spec, CLAIM_SPEC, ["accessModes"]) ? "schema" : undefined;
    report({ target: { resource, path: modes === undefined || modes === null ? at : [...at, "accessModes"] }, message: `claim has no accessModes (ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod): ${refused}`, causedBy });
  } else if (Array.isArray(modes) && modes.includes("ReadWriteOncePod") && modes.some((m) => m !== "ReadWriteOncePod")) {
    report({ target: { resource, path: [...at, "accessModes"] }, message: `ReadWriteOncePod may not be combined with other access modes: ${refused}` });
  }
  if (!storage) return;
  const requested = getPath(spec, ["resources", "requests", "storage"]);
  if (requested === undefined || requested === null || requested === "") {
    const written = isRecord(getPath(spec, ["resources", "requests"])) ? [...at, "resources", "requests"] : isRecord(spec.resources) ? [...at, "resources"] : at;
    const causedBy = chainMisspelt(resource, spec, CLAIM_SPEC, ["resources", "requests", "storage"]) ? "schema" : undefined;
    report({ target: { resource, path: written }, message: `claim requests no storage (resources.requests.storage): ${refused}`, causedBy });
  } else if (typeof requested === "string" || typeof requested === "number") {
    const bytes = parseQuantity(requested);
    // An unparsable quantity is the schema rule's; zero or less is this one's.
    if (bytes !== undefined && bytes <= 0) report({ target: { resource, path: [...at, "resources", "requests", "storage"] }, message: `claim requests storage ${String(requested)}, which must be above 0: ${refused}` });
  }
}

export function checkClaim(resource: Resource, report: Emit): void {
  checkClaimSpec(resource, resource.object.spec, ["spec"], "the API server refuses it", true, report);
}

/** A StatefulSet's claim templates: their storage is statefulset-volume-claims' check. */
export function checkStatefulSetClaims(resource: Resource, report: Emit): void {
  const templates = getPath(resource.object, ["spec", "volumeClaimTemplates"]);
  if (!Array.isArray(templates)) return;
  templates.forEach((t, i) => {
    if (isRecord(t)) checkClaimSpec(resource, t.spec, ["spec", "volumeClaimTemplates", i, "spec"], "the claims made from it are refused, and its pods stay Pending", false, report);
  });
}
