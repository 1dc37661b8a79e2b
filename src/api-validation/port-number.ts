import type { Report } from "../engine/rule.js";
import type { Resource } from "../model/resource.js";
import type { ObjectPath } from "../types.js";

/** Whether a port field is unset (or not a number: the schema's) or a port number the API server takes (IsValidPortNum). */
export function portOk(value: unknown): boolean {
  return typeof value !== "number" || (Number.isInteger(value) && value >= 1 && value <= 65535);
}

/** The finding for a port field portOk refuses; callers make its path only then. */
export function reportPort(resource: Resource, value: unknown, path: ObjectPath, what: string, report: (r: Report) => void): void {
  report({ target: { resource, path }, message: `${what} ${String(value)} is not a port number (1-65535); the API server refuses it` });
}
