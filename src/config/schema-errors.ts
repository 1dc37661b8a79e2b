import type { ErrorObject } from "ajv";
import { closestId } from "../engine/closest-id.js";

/** One schema violation, in words, at an object path (a missing key's path ends with that key). */
export interface SchemaFailure {
  path: (string | number)[];
  message: string;
}

/** Object path of an ajv instancePath ("/spec/containers/0" → ["spec","containers",0]). */
export function instancePathToPath(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/**
 * The errors worth showing: `if` wrappers are dropped, and so are the per-branch errors of an
 * anyOf/oneOf (the combinator's own error says it once). Needs ajv's `verbose` for parentSchema.
 */
export function schemaFailures(errors: readonly ErrorObject[] | null | undefined): SchemaFailure[] {
  const list = (errors ?? []).filter((e) => e.keyword !== "if");
  const combinators = list.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf").map((e) => e.schemaPath + "/");
  const out: SchemaFailure[] = [];
  const seen = new Set<string>();
  for (const e of list) {
    if (combinators.some((c) => e.schemaPath.startsWith(c))) continue;
    const f = describe(e);
    const key = JSON.stringify(f.path) + f.message;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function describe(e: ErrorObject): SchemaFailure {
  const path = instancePathToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return { path: [...path, String(p.missingProperty)], message: "is required" };
    case "additionalProperties": {
      const key = String(p.additionalProperty);
      const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      const near = closestId(key, known);
      return { path: [...path, key], message: `unknown key${near ? ` (did you mean ${near}?)` : known.length ? ` (expected one of: ${known.join(", ")})` : ""}` };
    }
    case "enum":
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).map((v) => String(v)).join(", ")}` };
    case "const":
      return { path, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case "type":
      return { path, message: `must be ${article(String(p.type))}` };
    case "pattern":
      return { path, message: `must match the pattern ${String(p.pattern)}` };
    case "propertyNames":
      return { path: [...path, String(p.propertyName)], message: "is not a valid name" };
    default:
      return { path, message: e.message ?? `fails ${e.keyword}` };
  }
}

function article(type: string): string {
  const t = type.replace(/,/g, " or ");
  return /^[aeio]/.test(t) ? `an ${t}` : `a ${t}`;
}
