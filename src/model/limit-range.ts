import type { Model } from "./model.js";
import type { Resource } from "./resource.js";
import { isRecord } from "./pod-spec.js";
import { misspeltKey, specMisspeltKey } from "../schema/misspelt-field.js";

/** Resources that a LimitRange fills in for containers that leave them unset, per namespace. */
export interface ContainerDefaults {
  requests: Set<string>;
  limits: Set<string>;
  /**
   * What a LimitRange of the namespace would add if its misspelt keys (`defaultReqeust:`, `limtis:`,
   * `tpye:`) were read as meant, and the first such LimitRange. The API server refuses it, and the
   * schema rule reports each key with the rename: a container left without a request by it is that
   * finding's consequence, not a second problem.
   */
  meant?: { requests: Set<string>; limits: Set<string>; in: Resource };
}

const ITEM = "IoK8sApiCoreV1LimitRangeItem";

/**
 * Container defaults of the LimitRanges in the set, by namespace. At admission, LimitRanger writes
 * `default` into unset limits and `defaultRequest` into unset requests; an unset defaultRequest is
 * itself defaulted from `default`. A container relying on them is sized all the same.
 */
export function limitRangeDefaults(model: Model): Map<string, ContainerDefaults> {
  const out = new Map<string, ContainerDefaults>();
  for (const lr of model.index.ofKind("LimitRange")) {
    const spec = lr.object.spec;
    if (!isRecord(spec)) continue;
    const listKey = spec.limits === undefined ? specMisspeltKey(lr, "limits") : undefined;
    const items = spec[listKey ?? "limits"];
    if (!Array.isArray(items)) continue;
    const ns = lr.namespace ?? "";
    let d = out.get(ns);
    if (!d) out.set(ns, (d = { requests: new Set(), limits: new Set() }));
    const defaults = d;
    const meant = () => (defaults.meant ??= { requests: new Set(), limits: new Set(), in: lr });
    for (const item of items) {
      if (!isRecord(item)) continue;
      const typeKey = item.type === undefined ? misspeltKey(lr, item, ITEM, "type") : undefined;
      if (item[typeKey ?? "type"] !== "Container") continue;
      const defaultKey = misspeltKey(lr, item, ITEM, "default");
      const requestKey = misspeltKey(lr, item, ITEM, "defaultRequest");
      const misspelt = listKey !== undefined || typeKey !== undefined;
      const limitsTo = misspelt || defaultKey !== undefined ? meant() : defaults;
      for (const name of keys(item[defaultKey ?? "default"])) {
        limitsTo.limits.add(name);
        limitsTo.requests.add(name);
      }
      const requestsTo = misspelt || requestKey !== undefined ? meant() : defaults;
      for (const name of keys(item[requestKey ?? "defaultRequest"])) requestsTo.requests.add(name);
    }
  }
  return out;
}

/**
 * The LimitRange whose misspelt keys, read as meant, would fill in every one of `missing` for a
 * container of the namespace (`list`: requests or limits), for a finding's `causedBy`.
 */
export function misspeltDefaultsOf(defaults: ContainerDefaults | undefined, list: "requests" | "limits", missing: readonly string[]): Resource | undefined {
  const meant = defaults?.meant;
  return meant && missing.every((r) => meant[list].has(r) || defaults[list].has(r)) ? meant.in : undefined;
}

function keys(v: unknown): string[] {
  return isRecord(v) ? Object.keys(v) : [];
}
