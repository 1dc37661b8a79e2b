import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { newAjv } from "./ajv-loader.js";
import { withDefaults } from "../crd/apply-defaults.js";
import { asWritten, holdsUnknown, pathKey, substitutedObject, type Substituted } from "../model/substitution.js";
import type { ObjectPath } from "../types.js";
import type { Resource } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";
import { saidAsWritten, validateBuiltin, OBJECT_META } from "./builtin-schemas.js";
import { Shape, pruneSchema } from "./schema-shape.js";
import { missingField, notInEnum, otherViolation, unknownField, wrongType, type SchemaViolation } from "./schema-failure.js";

/** One served version of a CustomResourceDefinition in the linted set. */
export interface CrdVersion {
  crd: Resource;
  /** Object path of this version's openAPIV3Schema inside the CRD. */
  schemaPath: ObjectPath;
  schema: Record<string, unknown> | undefined;
  /** Version name, e.g. "v1". */
  version: string;
  served: boolean;
  /** The CRD marks this version deprecated (the API server warns on every request that uses it). */
  deprecated: boolean;
  /** The warning the CRD gives for it, when it writes one. */
  deprecationWarning?: string;
  /** The version the API server stores objects in. */
  storage: boolean;
}

/** The CRDs of a set: by the apiVersion and kind their resources carry, and the versions of each group/kind. */
export class CrdSet {
  readonly byApiVersionKind = new Map<string, CrdVersion>();
  private readonly byGroupKind = new Map<string, CrdVersion[]>();

  add(group: string, kind: string, v: CrdVersion): void {
    this.byApiVersionKind.set(`${group}/${v.version}/${kind}`, v);
    const key = `${group}/${kind}`;
    this.byGroupKind.set(key, [...(this.byGroupKind.get(key) ?? []), v]);
  }

  get(apiVersion: string, kind: string): CrdVersion | undefined {
    return this.byApiVersionKind.get(`${apiVersion}/${kind}`);
  }

  /** Every version a CRD of the set defines for a group and kind (served or not). */
  versionsOf(group: string, kind: string): readonly CrdVersion[] {
    return this.byGroupKind.get(`${group}/${kind}`) ?? [];
  }

  values(): IterableIterator<CrdVersion> {
    return this.byApiVersionKind.values();
  }
}


/** A CustomResourceDefinition of the apiextensions API (not a kind of that name in another group). */
export function isCrd(r: Pick<Resource, "apiVersion" | "kind">): boolean {
  return r.kind === "CustomResourceDefinition" && r.apiVersion.startsWith("apiextensions.k8s.io/");
}

/** The CustomResourceDefinitions of the set, each version separately. */
export function collectCrds(resources: readonly Resource[]): CrdSet {
  const out = new CrdSet();
  for (const crd of resources) {
    if (!isCrd(crd)) continue;
    const spec = crd.object.spec;
    if (!isRecord(spec) || typeof spec.group !== "string" || !isRecord(spec.names) || typeof spec.names.kind !== "string") continue;
    const kind = spec.names.kind;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    // apiextensions v1beta1 could carry one schema for all versions in spec.validation.
    const shared = isRecord(spec.validation) && isRecord(spec.validation.openAPIV3Schema) ? spec.validation.openAPIV3Schema : undefined;
    versions.forEach((v, i) => {
      if (!isRecord(v) || typeof v.name !== "string") return;
      const own = isRecord(v.schema) && isRecord(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
      const schemaPath: ObjectPath = own ? ["spec", "versions", i, "schema", "openAPIV3Schema"] : ["spec", "validation", "openAPIV3Schema"];
      const deprecation = v.deprecated === true ? { deprecated: true, ...(typeof v.deprecationWarning === "string" ? { deprecationWarning: v.deprecationWarning } : {}) } : { deprecated: false };
      out.add(spec.group as string, kind, { crd, schemaPath, schema: own ?? shared, version: v.name, served: v.served !== false, storage: v.storage === true, ...deprecation });
    });
    if (versions.length === 0 && typeof spec.version === "string") {
      out.add(spec.group, kind, { crd, schemaPath: ["spec", "validation", "openAPIV3Schema"], schema: shared, version: spec.version, served: true, storage: true, deprecated: false });
    }
  }
  return out;
}

/**
 * The CRD's schema as the API server applies it, in JSON Schema terms ajv understands: null is accepted
 * everywhere (it means "not set"), int-or-string is a type pair, an object with properties rejects
 * unknown fields (kubectl's strict field validation) unless x-kubernetes-preserve-unknown-fields, and
 * the boolean exclusiveMinimum/Maximum of OpenAPI v3.0 become draft-07 numbers. metadata is left out:
 * it is validated as the built-in ObjectMeta.
 */
export function toJsonSchema(s: unknown, root = false, depth = 0, junctor = false): Record<string, unknown> {
  // A YAML alias can make a schema contain itself; real CRD schemas nest a few dozen levels at most.
  if (!isRecord(s) || depth > 100) return {};
  const sub = (x: unknown) => toJsonSchema(x, false, depth + 1, junctor);
  // Inside allOf/anyOf/oneOf/not a schema only adds constraints (structural.go's NestedValueValidation):
  // the fields an object may have are its outer schema's, so a branch's properties close nothing.
  const branch = (x: unknown) => toJsonSchema(x, false, depth + 1, true);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    switch (k) {
      case "properties":
        if (isRecord(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, x]) => [name, sub(x)]));
        break;
      case "items":
        out.items = Array.isArray(v) ? v.map(sub) : sub(v);
        break;
      case "additionalProperties":
        out[k] = typeof v === "boolean" ? v : sub(v);
        break;
      case "not":
        out[k] = typeof v === "boolean" ? v : branch(v);
        break;
      case "allOf":
      case "anyOf":
      case "oneOf":
        if (Array.isArray(v)) out[k] = v.map(branch);
        break;
      case "type":
      case "enum":
      case "required":
      case "minimum":
      case "maximum":
      case "minLength":
      case "maxLength":
      case "minItems":
      case "maxItems":
      case "minProperties":
      case "maxProperties":
      case "multipleOf":
      case "uniqueItems":
        out[k] = v;
        break;
      default:
        // Not checked: description, format, default, example, x-kubernetes-* (CEL rules need a CEL engine),
        // and pattern(Properties): the API server's RE2 syntax is not JavaScript's ((?i) does not compile), and a
        // backtracking regex could hang the run on a pathological pattern.
        break;
    }
  }
  if (s["x-kubernetes-int-or-string"] === true) {
    out.type = ["integer", "string"];
    delete out.anyOf;
    delete out.allOf;
  }
  if (s.exclusiveMinimum === true && typeof s.minimum === "number") {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === "number") {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  if (typeof out.type === "string") out.type = [out.type, "null"];
  else if (Array.isArray(out.type)) out.type = [...(out.type as unknown[]), "null"];
  if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  const props = isRecord(out.properties) ? out.properties : undefined;
  if (root || s["x-kubernetes-embedded-resource"] === true) {
    const p = (out.properties = { ...(props ?? {}) }) as Record<string, unknown>;
    p.apiVersion = { type: ["string", "null"] };
    p.kind = { type: ["string", "null"] };
    p.metadata = {};
  }
  if (!junctor && out.properties && s.additionalProperties === undefined && s.patternProperties === undefined && s["x-kubernetes-preserve-unknown-fields"] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

// Made at the first compile: most runs have no custom resource of a CRD in the set, if a CRD at all.
let ajv: Ajv | undefined;
/**
 * Validators by the text of the (pruned) schema, for the whole process: the same CRD in several
 * Kustomize roots or Helm charts, each its own set, is compiled once.
 */
const compiledBySchema = new Map<string, ValidateFunction | string>();

/**
 * Compiles CRD schemas on first use, once per distinct schema, and only for the fields that the
 * resources of the set that use it have (src/schema/schema-shape.ts): call `use` for every resource
 * before validating any.
 */
export class CrdValidators {
  private readonly compiled = new Map<CrdVersion, ValidateFunction | string>();
  private readonly shapes = new Map<CrdVersion, Shape>();

  /** Records that `object` will be validated against `v`: its fields are compiled. */
  use(v: CrdVersion, object: unknown): void {
    let shape = this.shapes.get(v);
    if (!shape) this.shapes.set(v, (shape = new Shape()));
    shape.add(object);
  }

  /** Whether `use` was called for the version: some object of the set is validated against it. */
  used(v: CrdVersion): boolean {
    return this.shapes.has(v);
  }

  /** The validator of a CRD version, or the reason its schema does not compile. */
  get(v: CrdVersion): ValidateFunction | string {
    let fn = this.compiled.get(v);
    if (fn === undefined) {
      // Without `use` (a caller that validates as it goes), the whole schema.
      const shape = this.shapes.get(v);
      const full = toJsonSchema(v.schema, true);
      const schema = shape ? (pruneSchema(full, shape) as Record<string, unknown>) : full;
      const key = JSON.stringify(schema);
      fn = compiledBySchema.get(key);
      if (fn === undefined) {
        try {
          // multipleOf with kube-openapi's tolerance (IsFloat64AJSONInteger): 0.07 is a multiple of 0.01.
          ajv ??= newAjv({ allErrors: true, strict: false, verbose: true, validateFormats: false, validateSchema: false, multipleOfPrecision: 9 });
          fn = ajv.compile(schema);
        } catch (e) {
          fn = (e as Error).message.split("\n")[0];
        }
        compiledBySchema.set(key, fn);
      }
      this.compiled.set(v, fn);
    }
    return fn;
  }

  /** Why a schema that was compiled did not compile; undefined when it compiled or was never needed. */
  failure(v: CrdVersion): string | undefined {
    const fn = this.compiled.get(v);
    return typeof fn === "string" ? fn : undefined;
  }

  validate(v: CrdVersion, object: Record<string, unknown>, substitutes = true): SchemaViolation[] {
    const out = validateBuiltin(object.metadata, OBJECT_META, ["metadata"], substitutes);
    if (!v.schema) return out;
    const fn = this.get(v);
    // A variable the deploy fills in (Flux's post-build substitution, envsubst) is validated as its
    // default, and not at all without one, as the built-in kinds' are (src/schema/builtin-schemas.ts);
    // where the deploy fills in none, as written.
    const filled = substitutes ? substitutedObject(object) : asWritten(object);
    // The API server fills in the schema's defaults while decoding, before it validates: a required
    // field with a default (controller-gen's +kubebuilder:default) is never missing.
    const defaulted = isRecord(v.schema) ? withDefaults(v.schema, filled.value) : filled.value;
    if (typeof fn === "string" || fn(defaulted)) return out;
    const judged = (fn.errors ?? []).filter((e) => !dependsOnUnknown(e, filled, defaulted));
    const found = violationsOf(judged, defaulted);
    for (const violation of substitutes ? found : saidAsWritten(found, object)) {
      // Said of the default, with no correction: setting the value would drop the variable.
      out.push(filled.defaults.has(pathKey(violation.path)) ? { path: violation.path, message: `${violation.message} (in its variable's default)` } : violation);
    }
    return out;
  }
}

/** Keywords whose verdict on a node depends on the values below it, not only on their number and names. */
const OF_VALUES_BELOW = new Set(["anyOf", "oneOf", "not", "if", "then", "else", "allOf", "uniqueItems", "enum", "const"]);

/** Whether an error is about a value whose form only the deploy knows: at its path, or below it for a combinator. */
function dependsOnUnknown(e: ErrorObject, filled: Substituted, root: unknown): boolean {
  if (filled.unknown.length === 0) return false;
  const path = objectPath(e.instancePath, root);
  return OF_VALUES_BELOW.has(e.keyword) ? holdsUnknown(filled, path) : filled.unknown.some((u) => pathKey(u) === pathKey(path));
}

/** "/spec/ports/0" → ["spec","ports",0], indices only where the value is a list. */
function objectPath(instancePath: string, root: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of instancePath.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const key: string | number = Array.isArray(node) ? Number(seg) : seg;
    out.push(key);
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}

function violationsOf(errors: readonly ErrorObject[], root: unknown): SchemaViolation[] {
  // Branch errors of anyOf/oneOf repeat what the combinator's own error says once.
  const combinators = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf").map((e) => `${e.schemaPath}/`);
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  const unknown = (e: ErrorObject, path: ObjectPath) => {
    const known = Object.keys(isRecord(e.parentSchema) && isRecord(e.parentSchema.properties) ? e.parentSchema.properties : {});
    return unknownField(path, String((e.params as Record<string, unknown>).additionalProperty), known);
  };
  // Required fields written under a misspelt key (spec.replcas): the unknown field's rename says it.
  const renamed = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== "additionalProperties") continue;
    const path = objectPath(e.instancePath, root);
    const c = unknown(e, path).correction;
    if (c && "rename" in c) renamed.add(JSON.stringify([...path, c.rename]));
  }
  for (const e of errors) {
    if (e.keyword === "if" || combinators.some((c) => e.schemaPath.startsWith(c))) continue;
    const path = objectPath(e.instancePath, root);
    const p = e.params as Record<string, unknown>;
    let v: SchemaViolation;
    if (e.keyword === "additionalProperties") v = unknown(e, path);
    else if (e.keyword === "required") {
      if (renamed.has(JSON.stringify([...path, String(p.missingProperty)]))) continue;
      v = missingField(path, String(p.missingProperty));
    }
    else if (e.keyword === "type") v = wrongType(path, p.type as string | string[], e.data);
    else if (e.keyword === "enum") v = notInEnum(path, e.data, p.allowedValues as unknown[]);
    else v = otherViolation(path, e.message ?? `fails ${e.keyword}`);
    const key = `${JSON.stringify(v.path)} ${v.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
    // As for built-in kinds: one broken resource does not flood the report.
    if (out.length >= 50) break;
  }
  return out;
}
