import fs from "node:fs";
import path from "node:path";
import type { ObjectPath } from "../types.js";
import { packageRoot } from "../config/package-root.js";
import { parseQuantity } from "../model/quantity.js";
import { getPath } from "../model/pod-spec.js";
import { substitutedValue } from "../model/substitution.js";
import { badQuantity, missingField, notInEnum, unknownField, wrongType, type SchemaViolation } from "./schema-failure.js";

/**
 * A type in the compact notation of kube-schemas/kubernetes.json (scripts/generate-kube-schemas.mjs):
 * "s" string, "i" integer, "n" number, "b" boolean, "q" quantity, "is" int-or-string, "*" anything,
 * "#Name" a definition, ["a", T] list, ["m", T] map, ["e", …values] enum.
 */
export type SchemaType = string | readonly unknown[];

interface Definition {
  p: Record<string, SchemaType>;
  r?: string[];
}

export interface BuiltinSchemas {
  /** Kubernetes release the schemas were generated from, e.g. "1.36.0". */
  kubernetes: string;
  source: string;
  kinds: Record<string, string>;
  /** Each definition as JSON text: parsed by `definitionNamed()` when a run first needs it. */
  definitions: Record<string, string>;
}

let loaded: BuiltinSchemas | undefined;
const parsed = new Map<string, Definition | undefined>();

/**
 * The bundled schemas, read once per process on first use (about 230 KB of JSON): nothing is compiled,
 * the validator below walks the definitions of the kinds a run actually contains.
 */
export function builtinSchemas(): BuiltinSchemas {
  if (!loaded) {
    // Data, not code: it ships beside dist/ at the package root rather than inside the bundle.
    loaded = JSON.parse(fs.readFileSync(path.join(packageRoot(), "kube-schemas", "kubernetes.json"), "utf8")) as BuiltinSchemas;
  }
  return loaded;
}

/**
 * One definition, parsed on first use: a StatefulSet needs a few dozen of the ~900, and parsing them
 * all cost every run ~3 ms of CPU (a pre-commit hook's one file, scripts/generate-kube-schemas.mjs).
 */
function definitionNamed(name: string): Definition | undefined {
  let def = parsed.get(name);
  if (def === undefined && !parsed.has(name)) {
    const defs = builtinSchemas().definitions;
    def = Object.prototype.hasOwnProperty.call(defs, name) ? (JSON.parse(defs[name]) as Definition) : undefined;
    parsed.set(name, def);
  }
  return def;
}

const byReference = new Map<string, Definition | undefined>();

/**
 * The definition a "#Name" type names. Keyed by that string as the schemas hold it (one string for
 * every use), not by a name cut from it on every visit, which the map had to hash anew each time.
 */
function definitionOf(type: string): Definition | undefined {
  let def = byReference.get(type);
  if (def === undefined && !byReference.has(type)) byReference.set(type, (def = definitionNamed(type.slice(1))));
  return def;
}

/** The definition name of a built-in apiVersion/kind, or undefined when the schemas do not know it. */
export function builtinKind(apiVersion: string, kind: string): string | undefined {
  const kinds = builtinSchemas().kinds;
  const key = `${apiVersion}/${kind}`;
  return Object.prototype.hasOwnProperty.call(kinds, key) ? kinds[key] : undefined;
}

/** The definition of every object's metadata. */
export const OBJECT_META = "IoK8sApimachineryPkgApisMetaV1ObjectMeta";

/** The definition of a container (regular, init or ephemeral) in every pod spec. */
export const CONTAINER = "IoK8sApiCoreV1Container";

/** The definition of a built-in kind's `spec` at its apiVersion (a Service's, a StatefulSet's); undefined for other kinds. */
export function specDefinition(apiVersion: string, kind: string): string | undefined {
  const definition = builtinKind(apiVersion, kind);
  const type = definition === undefined ? undefined : definitionOf(`#${definition}`)?.p.spec;
  return typeof type === "string" && type.startsWith("#") ? type.slice(1) : undefined;
}

/** The definition of an object-valued field of a definition (a PodSpec's dnsConfig); undefined for lists, maps and scalars. */
export function fieldDefinition(definition: string, field: string): string | undefined {
  const def = definitionOf(`#${definition}`);
  const type = def && Object.prototype.hasOwnProperty.call(def.p, field) ? def.p[field] : undefined;
  return typeof type === "string" && type.startsWith("#") ? type.slice(1) : undefined;
}

/** The fields a definition of the bundled schemas has (empty for an unknown one). */
export function definitionFields(definition: string): readonly string[] {
  const def = definitionOf(`#${definition}`);
  return def ? Object.keys(def.p) : [];
}

/** Every built-in apiVersion/kind the bundled schemas know, with its definition name. */
export function builtinKindEntries(): Array<{ apiVersion: string; kind: string; definition: string }> {
  return Object.entries(builtinSchemas().kinds).map(([key, definition]) => {
    const slash = key.lastIndexOf("/");
    return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), definition };
  });
}

let kindsByVersion: Map<string, string[]> | undefined;

/**
 * Kinds of a stable built-in apiVersion (v1, apps/v1, …), or undefined for other apiVersions. Beta
 * versions are left out: the schemas keep the beta kinds of older releases, not every current one.
 */
export function stableBuiltinKinds(apiVersion: string): readonly string[] | undefined {
  if (!kindsByVersion) {
    kindsByVersion = new Map();
    for (const key of Object.keys(builtinSchemas().kinds)) {
      const slash = key.lastIndexOf("/");
      const version = key.slice(0, slash);
      if (!/(^|\/)v\d+$/.test(version)) continue;
      kindsByVersion.set(version, [...(kindsByVersion.get(version) ?? []), key.slice(slash + 1)]);
    }
  }
  return kindsByVersion.get(apiVersion);
}

/** The stable apiVersions that have a kind: ["apps/v1"] for Deployment. */
export function stableApiVersionsOf(kind: string): string[] {
  stableBuiltinKinds("v1");
  return [...kindsByVersion!].filter(([, kinds]) => kinds.includes(kind)).map(([v]) => v);
}

/**
 * The first name of a chain of fields (["spec", "replica"]) that the definition does not have, with the
 * names it has there; undefined when every name is defined, or where the schema cannot tell (a map's
 * keys, a value of any type, a list or a scalar selected into).
 */
export function undefinedField(definition: string, chain: readonly string[]): { at: number; known: string[] } | undefined {
  let type: SchemaType = `#${definition}`;
  for (let i = 0; i < chain.length; i++) {
    if (typeof type === "string") {
      if (!type.startsWith("#")) return undefined;
      const def = definitionOf(type);
      if (!def) return undefined;
      if (!Object.prototype.hasOwnProperty.call(def.p, chain[i])) return { at: i, known: Object.keys(def.p) };
      type = def.p[chain[i]];
    } else if (type[0] === "m") {
      type = type[1] as SchemaType;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** Stops one broken resource (a list where a map belongs, repeated) from flooding the report. */
const MAX_VIOLATIONS = 50;
const MAX_DEPTH = 200;

/**
 * Validates a value against a definition; violations point at the offending field. `substitutes`: whether
 * the deploy replaces the object's `${…}` variables (src/model/gitops-roots.ts substitutesVariables);
 * where it does not, such a value is validated as written.
 */
export function validateBuiltin(value: unknown, definition: string, start: ObjectPath = [], substitutes = true): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  check(value, `#${definition}`, [...start], out, substitutes);
  return substitutes ? out : saidAsWritten(out, value, start.length);
}

/**
 * Violations of an object the deploy substitutes nothing in, each at a `${…}` value saying so: its
 * author expected a value there. `root` is the value validated, at `depth` of the violations' paths.
 */
export function saidAsWritten(violations: SchemaViolation[], root: unknown, depth = 0): SchemaViolation[] {
  for (const [i, v] of violations.entries()) violations[i] = { ...v, message: asWrittenMessage(v.message, root, v.path.slice(depth)) };
  return violations;
}

/** A message about the value at `path` of `root`, saying so where that value is `${…}` text applied as written. */
export function asWrittenMessage(message: string, root: unknown, path: ObjectPath): string {
  const at = getPath(root, path);
  return typeof at === "string" && at.includes("${") ? `${message} (its \${…} is applied as written: no variable substitution applies to this object)` : message;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * `path` is one array for the whole walk, extended and shortened as it goes (a copy per node was most
 * of the walk's allocation): a violation keeps a copy of it. `substituted`: whether a `${…}` value is
 * read as the deploy fills it in.
 */
function check(value: unknown, type: SchemaType, path: (string | number)[], out: SchemaViolation[], substituted: boolean): void {
  // The API server decodes null as "not set" for every field. A YAML alias can make a value contain
  // itself: past MAX_DEPTH levels there is nothing real left to check.
  if (value === null || value === undefined || out.length >= MAX_VIOLATIONS || path.length > MAX_DEPTH) return;
  if (substituted && typeof value === "string" && value.includes("${")) {
    // A variable the deploy fills in (Flux's post-build substitution, envsubst): judged by its default,
    // else not at all, as its final type and form are not in the manifests.
    const filled = substitutedValue(value);
    if (filled === "unknown") return;
    if (filled) {
      // Said of the default, with no correction: setting the value would drop the variable.
      const found: SchemaViolation[] = [];
      check(filled.value, type, path, found, substituted);
      for (const v of found) out.push({ path: v.path, message: `${v.message} (in its variable's default)` });
      return;
    }
  }
  if (typeof type === "string") {
    switch (type) {
      case "*":
        return;
      case "s":
        if (typeof value !== "string") out.push(wrongType(path.slice(), "string", value));
        return;
      case "i":
        if (typeof value !== "number" || !Number.isInteger(value)) out.push(wrongType(path.slice(), "integer", value));
        return;
      case "n":
        if (typeof value !== "number") out.push(wrongType(path.slice(), "number", value));
        return;
      case "b":
        if (typeof value !== "boolean") out.push(wrongType(path.slice(), "boolean", value));
        return;
      case "is":
        if (!(typeof value === "string" || (typeof value === "number" && Number.isInteger(value)))) out.push(wrongType(path.slice(), "int-or-string", value));
        return;
      case "q":
        if (typeof value !== "string" && typeof value !== "number") out.push(wrongType(path.slice(), "quantity", value));
        else if (parseQuantity(value) === undefined) out.push(badQuantity(path.slice(), value));
        return;
      default:
        checkObject(value, definitionOf(type), path, out, substituted);
        return;
    }
  }
  const form = type[0];
  if (form === "a") {
    if (!Array.isArray(value)) return void out.push(wrongType(path.slice(), "array", value));
    const item = type[1] as SchemaType;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      check(value[i], item, path, out, substituted);
      path.pop();
    }
  } else if (form === "m") {
    if (!isPlainObject(value)) return void out.push(wrongType(path.slice(), "object", value));
    const item = type[1] as SchemaType;
    for (const k of Object.keys(value)) {
      path.push(k);
      check(value[k], item, path, out, substituted);
      path.pop();
    }
  } else if (form === "e") {
    if (typeof value !== "string") return void out.push(wrongType(path.slice(), "string", value));
    // An empty string means "not set": the API server applies the default.
    if (value !== "" && type.indexOf(value, 1) === -1) out.push(notInEnum(path.slice(), value, type.slice(1)));
  }
}

function checkObject(value: unknown, def: Definition | undefined, path: (string | number)[], out: SchemaViolation[], substituted: boolean): void {
  if (!def) return;
  if (!isPlainObject(value)) return void out.push(wrongType(path.slice(), "object", value));
  // Required fields written under a misspelt key (contaners): the unknown field's rename says it.
  let renamed: string[] | undefined;
  for (const k of Object.keys(value)) {
    const t = Object.prototype.hasOwnProperty.call(def.p, k) ? def.p[k] : undefined;
    if (t === undefined) {
      if (out.length < MAX_VIOLATIONS) {
        const v = unknownField(path.slice(), k, Object.keys(def.p));
        if (v.correction && "rename" in v.correction) (renamed ??= []).push(v.correction.rename);
        out.push(v);
      }
      continue;
    }
    path.push(k);
    check(value[k], t, path, out, substituted);
    path.pop();
  }
  for (const r of def.r ?? []) {
    if ((value[r] === undefined || value[r] === null) && !renamed?.includes(r)) out.push(missingField(path.slice(), r));
  }
}
