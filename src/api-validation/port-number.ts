import type { Report } from "../engine/rule.js";
import type { Resource } from "../model/resource.js";
import type { ObjectPath } from "../types.js";

/** A port number the API server takes (IsValidPortNum); the path and subject are made only for a finding. */
export function portNumber(resource: Resource, value: unknown, at: () => ObjectPath, what: () => string, report: (r: Report) => void): void {
  if (typeof value !== "number" || (Number.isInteger(value) && value >= 1 && value <= 65535)) return;
  report({ target: { resource, path: at() }, message: `${what()} ${value} is not a port number (1-65535); the API server refuses it` });
}
