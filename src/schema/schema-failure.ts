import type { ObjectPath } from "../types.js";
import { formatPath } from "../engine/finding.js";
import { closestId } from "../engine/closest-id.js";

/** One reason the API server would reject a manifest, at the object path of the offending field. */
export interface SchemaViolation {
  path: ObjectPath;
  message: string;
}

/** `spec.template.spec` for messages; the resource itself at the top level. */
function where(path: ObjectPath): string {
  return path.length === 0 ? "the top level" : formatPath(path);
}

/** "in spec.template.spec", or "at the top level". */
function within(path: ObjectPath): string {
  return path.length === 0 ? "at the top level" : `in ${formatPath(path)}`;
}

/** Values in messages are short and never free text that might be a credential: enums and quantities only. */
function shown(value: unknown): string {
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}

export function unknownField(parent: ObjectPath, key: string, known: readonly string[]): SchemaViolation {
  const near = closestId(key, known);
  return {
    path: [...parent, key],
    message: `unknown field ${JSON.stringify(key)} ${within(parent)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}`,
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
  return { path, message: `${where(path)} ${shown(value)} is not one of ${list.join(", ")}` };
}

export function badQuantity(path: ObjectPath, value: unknown): SchemaViolation {
  return { path, message: `${where(path)} ${shown(value)} is not a valid quantity (e.g. 500m, 1.5, 2Gi)` };
}

export function otherViolation(path: ObjectPath, text: string): SchemaViolation {
  return { path, message: `${where(path)} ${text}` };
}
