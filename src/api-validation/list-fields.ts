/**
 * List fields as these checks read them. A value of the wrong type (`verbs: get`, `ports: "80"`) is
 * the schema rule's finding: these checks treat it as neither missing nor empty, so one cause is
 * reported once.
 */

/** The items of a list field; none for an absent or ill-typed one. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Whether a list field is absent (or null) or an empty list, as the API server's "Required value" and "must have at least one" read it. */
export function noItems(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}
