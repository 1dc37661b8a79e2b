import type { ObjectPath } from "../types.js";
import { formatPath } from "../engine/finding.js";
import { closestId, nearMiss } from "../engine/closest-id.js";

/** One reason the API server would reject a manifest, at the object path of the offending field. */
export interface SchemaViolation {
  path: ObjectPath;
  message: string;
  /**
   * The likely intended field name or allowed value, when the written one is a near miss (a typo or a
   * case slip, not merely the closest): the rule offers it as a suggestion.
   */
  correction?: { rename: string } | { value: string };
}

/** `spec.template.spec` for messages; the resource itself at the top level. */
function where(path: ObjectPath): string {
  return path.length === 0 ? "the top level" : formatPath(path);
}

/** "in spec.template.spec", or "at the top level". */
function within(path: ObjectPath): string {
  return path.length === 0 ? "at the top level" : `in ${formatPath(path)}`;
}

/**
 * What a message says of a value it refused: never the value (a password pasted into the wrong field
 * would be printed), only its length, and the allowed value it is closest to when there is one.
 */
function hint(value: unknown, allowed: readonly string[] = []): string {
  const s = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  // Edit distance is quadratic: only short values can be typos of an allowed one.
  const near = typeof value === "string" && s.length <= 64 ? closestId(value, allowed) : undefined;
  return `(the value has ${[...s].length} ${[...s].length === 1 ? "character" : "characters"}${near ? `; did you mean ${near}?` : ""})`;
}

export function unknownField(parent: ObjectPath, key: string, known: readonly string[]): SchemaViolation {
  const near = closestId(key, known);
  return {
    path: [...parent, key],
    message: `unknown field ${JSON.stringify(key)} ${within(parent)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}`,
    ...(nearMiss(key, near, known) ? { correction: { rename: near! } } : {}),
  };
}

export function missingField(parent: ObjectPath, key: string): SchemaViolation {
  return { path: parent, message: `missing required field ${JSON.stringify(key)} ${within(parent)}` };
}

const ARTICLE: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  object: "an object",
  array: "a list",
  null: "null",
  "int-or-string": "an integer or a string",
  quantity: "a quantity (a number or a string such as 500m or 2Gi)",
};

/** The JSON type of a YAML value, in words. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "object") return "an object";
  return ARTICLE[typeof value] ?? typeof value;
}

export function wrongType(path: ObjectPath, expected: string | readonly string[], value: unknown): SchemaViolation {
  const list = (typeof expected === "string" ? [expected] : expected).filter((t) => t !== "null");
  const want = list.map((t) => ARTICLE[t] ?? t).join(" or ");
  return { path, message: `${where(path)} must be ${want}, not ${typeName(value)}` };
}

export function notInEnum(path: ObjectPath, value: unknown, allowed: readonly unknown[]): SchemaViolation {
  const list = allowed.filter((v) => v !== "" && v !== null).map((v) => String(v));
  const near = typeof value === "string" && value.length <= 64 ? closestId(value, list) : undefined;
  return {
    path,
    message: `${where(path)} is not one of ${list.join(", ")} ${hint(value, list)}`,
    ...(typeof value === "string" && nearMiss(value, near, list) ? { correction: { value: near! } } : {}),
  };
}

export function badQuantity(path: ObjectPath, value: unknown): SchemaViolation {
  return { path, message: `${where(path)} is not a valid quantity (e.g. 500m, 1.5, 2Gi) ${hint(value)}` };
}

export function otherViolation(path: ObjectPath, text: string): SchemaViolation {
  return { path, message: `${where(path)} ${text}` };
}
