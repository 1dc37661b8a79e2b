import type { ObjectPath } from "../types.js";
import type { Resource } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import { otherViolation, type SchemaViolation } from "./schema-failure.js";
import type { CrdValidators, CrdVersion } from "./crd-schemas.js";

/**
 * What the API server checks of a CustomResourceDefinition beyond its own schema: one version is the
 * storage version, and (apiextensions.k8s.io/v1) every version has a structural openAPIV3Schema: an
 * object at the root, a type on every field, and (for the versions resources of the set use) a schema
 * that compiles. That its name is <plural>.<group> is invalid-name's finding.
 */
export function crdProblems(crd: Resource, versions: readonly CrdVersion[], validators: CrdValidators): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const spec = crd.object.spec;
  if (!isRecord(spec)) return out;
  const list = Array.isArray(spec.versions) ? spec.versions : [];
  if (list.length > 0) {
    const storage = list.filter((v) => isRecord(v) && v.storage === true).length;
    if (storage !== 1) out.push(otherViolation(["spec", "versions"], `must mark exactly one version storage: true (${storage} do)`));
  }
  if (crd.apiVersion === "apiextensions.k8s.io/v1") {
    list.forEach((v, i) => {
      if (isRecord(v) && !(isRecord(v.schema) && isRecord(v.schema.openAPIV3Schema))) {
        out.push({ path: ["spec", "versions", i], message: `version ${JSON.stringify(v.name ?? i)} has no schema.openAPIV3Schema (required in apiextensions.k8s.io/v1)` });
      }
    });
    for (const v of versions) if (v.schema) out.push(...structural(v.schema, v.schemaPath, true));
  }
  for (const v of versions) {
    const failure = validators.failure(v);
    if (failure) out.push(otherViolation(v.schemaPath, `does not compile: ${failure}`));
  }
  return out;
}

const TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);

/** Structural-schema rules that generated CRDs always meet and hand-written ones sometimes miss. */
function structural(s: Record<string, unknown>, path: ObjectPath, root: boolean): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  if (path.length > 300) return out; // a schema that contains itself through a YAML alias
  const free = s["x-kubernetes-int-or-string"] === true || s["x-kubernetes-preserve-unknown-fields"] === true;
  if (root && s.type !== "object") out.push(otherViolation(path, "must have type: object at the root"));
  else if (typeof s.type !== "string" && !free && !root) out.push(otherViolation(path, "must set a type (structural schemas type every field)"));
  else if (typeof s.type === "string" && !TYPES.has(s.type)) out.push(otherViolation([...path, "type"], `${JSON.stringify(s.type)} is not a type (${[...TYPES].join(", ")})`));
  if (isRecord(s.properties)) {
    for (const [name, sub] of Object.entries(s.properties)) if (isRecord(sub)) out.push(...structural(sub, [...path, "properties", name], false));
  }
  if (isRecord(s.items)) out.push(...structural(s.items, [...path, "items"], false));
  if (isRecord(s.additionalProperties)) out.push(...structural(s.additionalProperties, [...path, "additionalProperties"], false));
  return out;
}
